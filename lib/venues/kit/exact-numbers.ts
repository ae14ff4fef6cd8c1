/**
 * Answers read with their numbers exact, for a venue that writes prices and sizes as JSON numbers
 * (`"buy_price": 12650`), which `JSON.parse` would round to doubles: every number of an answer is first
 * put in quotes as its text, for the venue's codecs to read from that text.
 */
import { from, map } from 'rxjs'
import type { HttpTransport } from '../../transport/http.js'

const QUOTE = 34
const BACKSLASH = 92

/**
 * `text` with every JSON number outside a string written as a string of the same characters; other
 * text is returned as it is. Only a body that opens with `{` or `[` is read as JSON.
 *
 * @example
 * quoteJsonNumbers('{"p":0.10000000000000000555,"ok":true}') // '{"p":"0.10000000000000000555","ok":true}'
 */
export function quoteJsonNumbers(text: string): string {
  const first = text.trimStart().charCodeAt(0)
  if (first !== 123 && first !== 91) return text
  let out = ''
  let copied = 0
  let inString = false
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
      continue
    }
    if (c === QUOTE) {
      inString = true
      continue
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let end = i + 1
      while (end < n && isNumberChar(text.charCodeAt(end))) end++
      out += `${text.slice(copied, i)}"${text.slice(i, end)}"`
      copied = end
      i = end - 1
    }
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** Digits, sign, point and exponent: what a JSON number is made of. */
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43 || c === 101 || c === 69
}

/**
 * `inner` with each answer's body passed through {@link quoteJsonNumbers}; its `close` closes `inner`.
 *
 * @example
 * const transport = exactNumbers(createDefaultTransport()) // '{"p":0.1}' is read as '{"p":"0.1"}'
 */
export function exactNumbers(inner: HttpTransport): HttpTransport {
  return {
    request: (request, signal) =>
      from(inner.request(request, signal)).pipe(map((r) => ({ ...r, body: quoteJsonNumbers(r.body) }))),
    close: () => inner.close?.() ?? Promise.resolve(),
  }
}
