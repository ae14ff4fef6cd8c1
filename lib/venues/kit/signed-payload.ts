import type { HttpRequest } from '../../transport/http.js'

/**
 * The part of a request an HMAC signature over "query or body" covers: the body when there is one,
 * else the query string exactly as it appears in the URL (no re-encoding, no reordering).
 *
 * @example
 * signedPayload({ url: 'https://api.bybit.com/v5/order/realtime?category=spot' }) // 'category=spot'
 */
export function signedPayload(request: Pick<HttpRequest, 'url' | 'body'>): string {
  if (request.body !== undefined && request.body !== '') return request.body
  const q = request.url.indexOf('?')
  if (q < 0) return ''
  const hash = request.url.indexOf('#', q)
  return request.url.slice(q + 1, hash < 0 ? undefined : hash)
}
