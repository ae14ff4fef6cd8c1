/**
 * JSON a client sent, read without a throw: text that is not JSON reads as `undefined`, for the venue
 * to answer in its own words.
 */

/**
 * The value of JSON text, or `undefined` when the text is not JSON.
 *
 * @example
 * readJson('["BTCUSDT"]') // ['BTCUSDT']
 * readJson('{"op":') // undefined
 */
export function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
