import type * as t from 'io-ts'
import { type Either, isRight, left } from 'fp-ts/lib/Either.js'
import { DecodeError } from '../core/errors.js'
import { formatErrors } from './report.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

const JSON_EXCERPT = /, "[\s\S]*"(?:\.\.\.)? is not valid JSON$/

/**
 * Decodes a wire payload with `codec`, returning `Right(value)` or `Left(DecodeError)`.
 *
 * `input` may be JSON text (a string, or bytes as a `Uint8Array`/`Buffer`/`ArrayBuffer`, which is
 * parsed here) or an already-parsed value. Text that is not JSON gives a `DecodeError` whose path is
 * `(root): invalid JSON …`. The error carries readable paths (see {@link formatErrors}), `context`,
 * `venue` and the raw payload, redacted (of `secrets` too: keys, signatures a venue may echo) and
 * truncated.
 *
 * @example
 * const r = decodeEither(BybitDepthFrame, text, 'bybit orderbook.50.BTCUSDT', 'bybit')
 * if (isLeft(r)) log.warn(r.left.message, { paths: r.left.paths })
 */
export function decodeEither<A>(
  codec: t.Decoder<unknown, A>,
  input: unknown,
  context: string,
  venue?: string,
  secrets?: Iterable<string>,
): Either<DecodeError, A> {
  let value: unknown = input
  if (typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const text = typeof input === 'string' ? input : undefined
    try {
      value = JSON.parse(text ?? utf8.decode(input as Uint8Array | ArrayBuffer))
    } catch (e) {
      const error = unquotedJsonError(e)
      const why = error instanceof Error ? error.message : String(error)
      return left(
        new DecodeError({
          context,
          venue,
          paths: [`(root): invalid JSON (${why})`],
          raw: rawText(input),
          cause: error,
          secrets,
        }),
      )
    }
  }
  const result = codec.decode(value)
  // A Right is already the answer; only a failure needs a new object.
  if (isRight(result)) return result
  return left(
    new DecodeError({
      context,
      venue,
      paths: formatErrors(result.left, secrets),
      raw: rawText(input),
      secrets,
    }),
  )
}

/**
 * Decodes a wire payload with `codec` and returns the value, or throws a {@link DecodeError}. Same
 * inputs as {@link decodeEither}.
 *
 * @example
 * const frame = decode(BybitDepthFrame, message.data, 'bybit orderbook.50.BTCUSDT', 'bybit')
 * frame.data.b[0]?.price // Decimal
 */
export function decode<A>(
  codec: t.Decoder<unknown, A>,
  input: unknown,
  context: string,
  venue?: string,
  secrets?: Iterable<string>,
): A {
  const result = decodeEither(codec, input, context, venue, secrets)
  if (isRight(result)) return result.right
  throw result.left
}

/**
 * A `JSON.parse` error without the parser's quote of the text: V8 quotes up to ten characters
 * (`Unexpected token 'x', "xyz…"... is not valid JSON`), which may be part of an echoed key that no
 * exact-value redaction would find. Anything else is returned as it is.
 *
 * @example
 * try { JSON.parse(text) } catch (e) { throw unquotedJsonError(e) } // "Unexpected token 'x'"
 */
export function unquotedJsonError(e: unknown): unknown {
  if (!(e instanceof SyntaxError) || !JSON_EXCERPT.test(e.message)) return e
  return new SyntaxError(e.message.replace(JSON_EXCERPT, ''))
}

function rawText(input: unknown): unknown {
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) return new TextDecoder().decode(input)
  return input
}
