import type { Pool } from 'undici'
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
 * Sends one HTTP request. The default is an undici keep-alive pool per origin; a driver's `transport`
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

/**
 * Options of {@link createUndiciTransport}.
 *
 * @example
 * createUndiciTransport({ connections: 2, connectTimeoutMs: 3_000 } satisfies UndiciTransportOptions)
 */
export interface UndiciTransportOptions {
  /** Connections per origin. Default 8. */
  readonly connections?: number
  /** How long an idle connection is kept open, in ms. Default 30 000. */
  readonly keepAliveTimeoutMs?: number
  /** TCP + TLS connect timeout, in ms. Default 10 000. */
  readonly connectTimeoutMs?: number
}

// undici is loaded on the first request, not on import: it is most of what `import 'rxvenue'` would
// otherwise cost in memory, and a program that only streams never needs it.
let undici: Promise<typeof import('undici')> | undefined
const loadUndici = () => (undici ??= import('undici'))

/**
 * The default {@link HttpTransport}: one keep-alive undici `Pool` per origin, created on first use, so
 * successive requests to a venue reuse warm connections instead of paying a TLS handshake each.
 * A request sent after the previous answer arrived reuses its connection. Aborting the signal destroys
 * the request's connection: the server sees the request go away. A body announced or found longer
 * than `maxBodyBytes` is not read further: its connection is destroyed as soon as the limit is passed.
 *
 * @example
 * const http = createUndiciTransport({ connections: 4 })
 * const res = await http.request({ method: 'GET', url: 'https://api.example.com/time', headers: {} }, signal)
 * await http.close()
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): HttpTransport {
  const pools = new Map<string, Pool>()
  const poolFor = async (origin: string): Promise<Pool> => {
    let pool = pools.get(origin)
    if (!pool) {
      const { Pool } = await loadUndici()
      pool =
        pools.get(origin) ??
        new Pool(origin, {
          connections: options.connections ?? 8,
          keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
          connect: { timeout: options.connectTimeoutMs ?? 10_000 },
        })
      pools.set(origin, pool)
    }
    return pool
  }
  return {
    async request(request, signal) {
      const url = new URL(request.url)
      const res = await (
        await poolFor(url.origin)
      ).request({
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers: request.headers,
        body: request.body ?? null,
        signal,
      })
      const limit = request.maxBodyBytes ?? Infinity
      if (Number(res.headers['content-length'] ?? 0) > limit) {
        res.body.destroy()
        throw new BodyLimitError(limit, res.statusCode)
      }
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length
        // leaving the loop destroys the body, and with it the connection
        if (size > limit) throw new BodyLimitError(limit, res.statusCode)
        chunks.push(chunk)
      }
      const body = Buffer.concat(chunks, size).toString('utf8')
      // undici rests a socket for one event-loop turn before reusing it; answering after that turn
      // lets a caller's next request go out on the same warm connection instead of opening another.
      await new Promise<void>((resolve) => setImmediate(resolve))
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
      }
      return { status: res.statusCode, headers, body }
    },
    async close() {
      const all = [...pools.values()]
      pools.clear()
      await Promise.all(all.map((p) => p.close()))
    },
  }
}
