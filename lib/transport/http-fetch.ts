import { BodyLimitError, type HttpTransport } from './http.js'

/**
 * An {@link HttpTransport} over the platform's `fetch`: the default in browsers, and usable in Node.js
 * and other runtimes that have `fetch`. The connection pool is the runtime's. A body announced or
 * found longer than `maxBodyBytes` is not read further: its stream is cancelled once the limit is passed.
 *
 * @example
 * createClient({ venues: { bybit: { transport: createFetchTransport() } } })
 */
export function createFetchTransport(): HttpTransport {
  return {
    async request(request, signal) {
      const res = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal,
      })
      const limit = request.maxBodyBytes ?? Infinity
      if (Number(res.headers.get('content-length') ?? 0) > limit) {
        await res.body?.cancel()
        throw new BodyLimitError(limit, res.status)
      }
      const body = await readText(res, limit)
      const headers: Record<string, string> = {}
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value
      })
      return { status: res.status, headers, body }
    },
  }
}

async function readText(res: Response, limit: number): Promise<string> {
  if (res.body === null) return ''
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return text + decoder.decode()
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw new BodyLimitError(limit, res.status)
    }
    text += decoder.decode(value, { stream: true })
  }
}
