/**
 * Percent-decoding of a client's text (a path segment, a cursor) that never throws: a malformed escape
 * leaves the text as sent, for the venue to refuse in its own words.
 */

/**
 * `text` percent-decoded, or as it is when it holds a malformed escape.
 *
 * @example
 * decodedOrKept('page_args%3D7%26') // 'page_args=7&'
 * decodedOrKept('100%')             // '100%'
 */
export function decodedOrKept(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
