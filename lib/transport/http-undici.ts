import type { Pool } from 'undici'
import { BodyLimitError, type HttpTransport } from './http.js'

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
const loadUndici = () =>
  (undici ??= import('undici').catch((e: unknown) => {
    undici = undefined
    // a browser build that ignored the package's `browser` field ends up here: say what to do instead
    throw new Error(
      typeof process === 'undefined' || process.versions?.node === undefined
        ? 'the undici HTTP transport runs in Node.js only: in a browser, bundle rxvenue for the browser ' +
            "(its package.json 'browser' field selects fetch) or pass `transport: createFetchTransport()`"
        : `cannot load undici: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    )
  }))

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
