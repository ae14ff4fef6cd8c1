/**
 * FalconX writes prices and sizes as JSON numbers (`"buy_price": 12650`), which `JSON.parse` would
 * round to doubles. Every number of an answer is put in quotes, as its text, before the answer is
 * parsed, so the codecs read the digits the venue sent.
 */
import { from, map, type Observable } from 'rxjs'
import type { HttpRequest, HttpResponse, HttpTransport } from '../../transport/http.js'

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
 * A transport whose answers have their numbers quoted ({@link quoteJsonNumbers}).
 *
 * @example
 * const transport = exactNumbers(createUndiciTransport())
 */
export function exactNumbers(inner: HttpTransport): HttpTransport {
  return {
    request: (request: HttpRequest, signal: AbortSignal): Observable<HttpResponse> =>
      from(inner.request(request, signal)).pipe(map((r) => ({ ...r, body: quoteJsonNumbers(r.body) }))),
    close: () => inner.close?.() ?? Promise.resolve(),
  }
}
