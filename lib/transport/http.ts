import type { Observable } from 'rxjs'

/**
 * HTTP methods rxvenue sends.
 *
 * @example
 * const method: HttpMethod = 'GET'
 */
export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * A request as it goes on the wire: the exact URL and body bytes a signature covers, so a transport
 * must send them unchanged.
 *
 * @example
 * const request: HttpRequest = { method: 'GET', url: 'https://api.bybit.com/v5/market/time', headers: {} }
 */
export interface HttpRequest {
  readonly method: HttpMethod
  /** Absolute URL including the query string. */
  readonly url: string
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  /** The exact body text (JSON or form-encoded), when the method has one. */
  readonly body?: string | undefined
  /**
   * Largest response body to read, in bytes. Past it a transport stops reading, drops the
   * connection and rejects with a {@link BodyLimitError}. The `RestClient` sets it on every request.
   */
  readonly maxBodyBytes?: number | undefined
}

/**
 * A response body longer than the request's `maxBodyBytes`: the transport stopped reading it.
 *
 * @example
 * if (received > limit) throw new BodyLimitError(limit, res.statusCode)
 */
export class BodyLimitError extends Error {
  override readonly name = 'BodyLimitError'
  constructor(
    /** The limit that was passed. */
    readonly maxBodyBytes: number,
    /** HTTP status of the response. */
    readonly status: number,
  ) {
    super(`response body larger than ${maxBodyBytes} bytes`)
  }
}

/**
 * A response read to the end. Any status is a response; the venue driver decides what it means.
 *
 * @example
 * const answer: HttpResponse = { status: 429, headers: { 'retry-after': '2' }, body: '' }
 */
export interface HttpResponse {
  readonly status: number
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Sends one HTTP request. The default is an undici keep-alive pool per origin in Node.js and `fetch` in
 * browsers (`createFetchTransport`, picked by the package's `browser` field); a driver's `transport`
 * option takes a replacement (a proxy, a recorder, a fake in tests).
 *
 * Contract: resolve with any status (mapping statuses to errors is the caller's job); reject on a
 * network failure (a rejection that is not a `VenueError` is treated as kind `network`, or `timeout`
 * when its `code` names a timeout); stop reading a body longer than `request.maxBodyBytes` and reject
 * with a {@link BodyLimitError}; stop the request when `signal` aborts. An implementation may return
 * an Observable instead of a Promise, which lets marble tests answer in virtual time.
 *
 * @example
 * const recorded: HttpTransport = {
 *   request: async (req) => ({ status: 200, headers: {}, body: fixtures[req.url] ?? '{}' }),
 * }
 * createClient({ venues: { bybit: { transport: recorded } } })
 */
export interface HttpTransport {
  /** Sends `request` and reads the response to the end; aborts when `signal` does. */
  request(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> | Observable<HttpResponse>
  /** Releases connections. Optional for fakes. */
  close?(): Promise<void>
}
