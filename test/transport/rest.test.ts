import { expect } from 'chai'
import * as t from 'io-ts'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { DecodeError, VenueError } from '../../lib/core/errors.js'
import { MAX_RETRY_AFTER_MS } from '../../lib/transport/delay-bounds.js'
import type { HttpTransport } from '../../lib/transport/http.js'
import { createUndiciTransport } from '../../lib/transport/http-undici.js'
import {
  httpStatusKind,
  parseRetryAfter,
  RestClient,
  type RestClientOptions,
} from '../../lib/transport/rest.js'

interface Hit {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage['headers']
  readonly body: string
  readonly remotePort: number | undefined
  /** Resolves when the connection went away before the response was finished. */
  readonly abandoned: Promise<void>
}

type Handler = (hit: Hit, res: ServerResponse, n: number) => void

/** A loopback server whose behaviour each test sets; it records every request it sees. */
async function startServer(): Promise<{
  url: string
  hits: Hit[]
  handle: (h: Handler) => void
  arrived: () => Promise<Hit>
  close: () => Promise<void>
}> {
  let handler: Handler = (_, res) => res.end('{}')
  const hits: Hit[] = []
  const waiting: ((h: Hit) => void)[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const abandoned = new Promise<void>((resolve) =>
        res.on('close', () => {
          if (!res.writableFinished) resolve()
        }),
      )
      const hit: Hit = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
        abandoned,
      }
      hits.push(hit)
      waiting.shift()?.(hit)
      handler(hit, res, hits.length - 1)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    handle: (h) => (handler = h),
    arrived: () => new Promise<Hit>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function reply(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(body)
}

async function failure(p: Promise<unknown>): Promise<VenueError> {
  try {
    await p
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  throw new Error('expected the request to fail')
}

const Counter = t.type({ n: t.number })

describe('RestClient against a loopback HTTP server', () => {
  let server: Awaited<ReturnType<typeof startServer>>
  let transport: HttpTransport
  const api = (options: Partial<RestClientOptions> = {}): RestClient =>
    new RestClient({
      baseUrl: server.url,
      venue: 'test',
      transport,
      timeoutMs: 2000,
      retry: { count: 2, initialMs: 1, maxMs: 5, jitter: 'none' },
      ...options,
    })

  beforeEach(async () => {
    server = await startServer()
    transport = createUndiciTransport()
  })

  afterEach(async () => {
    await transport.close?.()
    await server.close()
  })

  it('reuses one keep-alive connection for sequential requests', async () => {
    server.handle((_, res, n) => reply(res, 200, `{"n":${n}}`))
    const client = api()
    expect(await firstValueFrom(client.request$({ path: '/n', codec: Counter }))).to.deep.equal({ n: 0 })
    expect(await firstValueFrom(client.request$({ path: '/n', codec: Counter }))).to.deep.equal({ n: 1 })
    expect(server.hits).to.have.length(2)
    expect(server.hits[0]!.remotePort).to.be.a('number')
    expect(server.hits[1]!.remotePort).to.equal(server.hits[0]!.remotePort)
  })

  it('sends the query in the given order, encoded, and the body as given', async () => {
    server.handle((_, res) => reply(res, 200, '{"n":1}'))
    const body = '{"symbol":"BTC/USDT","qty":"0.010"}'
    await firstValueFrom(
      api().request$({
        method: 'POST',
        path: '/order',
        query: { symbol: 'BTC/USDT', skip: undefined, limit: 5 },
        body,
        codec: Counter,
      }),
    )
    const hit = server.hits[0]!
    expect(hit.method).to.equal('POST')
    expect(hit.url).to.equal('/order?symbol=BTC%2FUSDT&limit=5')
    expect(hit.body).to.equal(body)
    expect(hit.headers['content-type']).to.equal('application/json')
  })

  it("fails with 'timeout' when the server does not answer in time, and closes the request", async () => {
    server.handle(() => undefined)
    const error = await failure(
      firstValueFrom(
        api({ timeoutMs: 100, retry: { count: 0 } }).request$({ path: '/slow', codec: Counter }),
      ),
    )
    expect(error.kind).to.equal('timeout')
    expect(error.venue).to.equal('test')
    await server.hits[0]!.abandoned
  })

  it('aborts the HTTP request when the subscriber unsubscribes', async () => {
    server.handle(() => undefined)
    const arrived = server.arrived()
    const subscription = api()
      .request$({ path: '/slow', codec: Counter })
      .subscribe({ error: () => expect.fail('an unsubscribed request must not report') })
    const hit = await arrived
    subscription.unsubscribe()
    await hit.abandoned
    expect(server.hits).to.have.length(1)
  })

  describe('maxBodyBytes', () => {
    const LIMIT = 64 * 1024

    it('stops reading an endless body past the limit, drops the connection and fails with decode', async () => {
      let written = 0
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        const chunk = Buffer.alloc(16 * 1024, 0x20)
        // a body that never ends: only a client that stops reading can finish this test
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) written += chunk.length
          if (!res.destroyed) res.once('drain', pump)
        }
        pump()
      })
      const error = await failure(
        firstValueFrom(api({ maxBodyBytes: LIMIT }).request$({ path: '/huge', codec: Counter })),
      )
      expect(error.kind).to.equal('decode')
      expect(error.retryable).to.equal(false)
      expect(error.status).to.equal(200)
      expect(error.message).to.equal(
        `GET /huge: HTTP 200 body larger than ${LIMIT} bytes (maxBodyBytes); not read`,
      )
      await server.hits[0]!.abandoned
      expect(server.hits, 'not retried').to.have.length(1)
      expect(written, 'the server was stopped long before 20 MB').to.be.below(20 * 1024 * 1024)
    })

    it('does not read a body whose Content-Length is over the limit', async () => {
      server.handle((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(LIMIT + 1) })
        res.write('{"n":')
      })
      const error = await failure(
        firstValueFrom(api({ maxBodyBytes: LIMIT }).request$({ path: '/big', codec: Counter })),
      )
      expect(error.kind).to.equal('decode')
      await server.hits[0]!.abandoned
    })

    it('keeps the kind of an HTTP error status: a huge 503 is still retried as temporary', async () => {
      server.handle((_, res, n) =>
        n === 0 ? reply(res, 503, 'x'.repeat(LIMIT + 1)) : reply(res, 200, '{"n":2}'),
      )
      expect(
        await firstValueFrom(api({ maxBodyBytes: LIMIT }).request$({ path: '/n', codec: Counter })),
      ).to.deep.equal({ n: 2 })
    })

    it('applies the limit to a transport that reads whole bodies itself', async () => {
      const whole: HttpTransport = {
        request: () =>
          Promise.resolve({ status: 200, headers: {}, body: `{"n":1,"pad":"${'é'.repeat(LIMIT / 2)}"}` }),
      }
      const error = await failure(
        firstValueFrom(
          api({ transport: whole, maxBodyBytes: LIMIT }).request$({ path: '/n', codec: Counter }),
        ),
      )
      expect([error.kind, error.status]).to.deep.equal(['decode', 200])
      // under the limit in UTF-16 units, over it in UTF-8 bytes: the bytes count
      const fits: HttpTransport = {
        request: () => Promise.resolve({ status: 200, headers: {}, body: '{"n":1}' }),
      }
      expect(
        await firstValueFrom(
          api({ transport: fits, maxBodyBytes: 7 }).request$({ path: '/n', codec: Counter }),
        ),
      ).to.deep.equal({ n: 1 })
    })
  })

  it('retries a 5xx and then succeeds', async () => {
    server.handle((_, res, n) => (n < 2 ? reply(res, 503, 'busy') : reply(res, 200, '{"n":3}')))
    expect(await firstValueFrom(api().request$({ path: '/n', codec: Counter }))).to.deep.equal({ n: 3 })
    expect(server.hits).to.have.length(3)
  })

  it('gives up after the configured retries with the last error', async () => {
    server.handle((_, res) => reply(res, 500, 'down'))
    const error = await failure(firstValueFrom(api().request$({ path: '/n', codec: Counter })))
    expect([error.kind, error.status]).to.deep.equal(['temporary', 500])
    expect(server.hits).to.have.length(3)
  })

  it('does not retry a 400', async () => {
    server.handle((_, res) => reply(res, 400, '{"msg":"bad symbol"}'))
    const error = await failure(firstValueFrom(api().request$({ path: '/n', codec: Counter })))
    expect([error.kind, error.status, error.retryable, error.venue]).to.deep.equal([
      'invalid-request',
      400,
      false,
      'test',
    ])
    expect(error.message).to.contain('bad symbol')
    expect(server.hits).to.have.length(1)
  })

  it('does not resend a POST after a 5xx unless it is marked idempotent', async () => {
    server.handle((hit, res) =>
      server.hits.filter((h) => h.url === hit.url).length === 1
        ? reply(res, 503, '')
        : reply(res, 200, '{"n":1}'),
    )
    const client = api()
    const error = await failure(
      firstValueFrom(client.request$({ method: 'POST', path: '/order', body: '{}', codec: Counter })),
    )
    expect(error.kind).to.equal('temporary')
    expect(server.hits.map((h) => h.url)).to.deep.equal(['/order'])
    const placed = await firstValueFrom(
      client.request$({
        method: 'POST',
        path: '/order-with-client-id',
        body: '{}',
        codec: Counter,
        idempotent: true,
      }),
    )
    expect(placed).to.deep.equal({ n: 1 })
    expect(server.hits.map((h) => h.url)).to.deep.equal([
      '/order',
      '/order-with-client-id',
      '/order-with-client-id',
    ])
  })

  it('turns a body that does not match the codec into a DecodeError, not retried', async () => {
    server.handle((_, res) => reply(res, 200, '{"n":"one"}'))
    const error = await failure(
      firstValueFrom(api().request$({ path: '/n', codec: Counter, context: 'counter' })),
    )
    expect(error).to.be.instanceOf(DecodeError)
    expect((error as DecodeError).context).to.equal('counter')
    expect((error as DecodeError).raw).to.equal('{"n":"one"}')
    expect(error.venue).to.equal('test')
    expect(server.hits).to.have.length(1)
  })

  it("maps a refused connection to a retryable 'network' error", async () => {
    const closed = await startServer()
    const url = closed.url
    await closed.close()
    const error = await failure(
      firstValueFrom(
        new RestClient({ baseUrl: url, transport, retry: { count: 0 } }).request$({
          path: '/',
          codec: Counter,
        }),
      ),
    )
    expect([error.kind, error.retryable]).to.deep.equal(['network', true])
  })

  it('signs every attempt afresh and keeps secrets out of error messages', async () => {
    const apiKey = 'AKIA-super-secret-key-123'
    server.handle((hit, res) => reply(res, 401, `{"msg":"invalid key ${String(hit.headers['x-api-key'])}"}`))
    let clock = 1_700_000_000_000
    const client = api({
      clock: { now: () => clock++ },
      secrets: [apiKey],
      sign: (req, now) => ({
        ...req,
        url: `${req.url}?timestamp=${now}&signature=deadbeef${now}`,
        headers: { ...req.headers, 'x-api-key': apiKey },
      }),
    })
    const error = await failure(firstValueFrom(client.request$({ path: '/account', codec: Counter })))
    expect(error.kind).to.equal('auth')
    expect(server.hits[0]!.headers['x-api-key']).to.equal(apiKey)
    expect(server.hits[0]!.url).to.match(/^\/account\?timestamp=\d+&signature=deadbeef\d+$/)
    for (const text of [error.message, String(error), JSON.stringify(error)]) {
      expect(text).not.to.contain(apiKey)
      expect(text).not.to.contain('deadbeef')
    }
  })

  it('keeps no part of a secret that the echoed answer carries where the message is cut', async () => {
    const apiKey = 'AKIA-super-secret-key-123'
    // the key straddles the 200 characters of the answer an error shows
    server.handle((_, res) => reply(res, 401, `${'x'.repeat(190)}${apiKey}${'y'.repeat(40)}`))
    const client = api({ secrets: [apiKey] })
    const error = await failure(firstValueFrom(client.request$({ path: '/account', codec: Counter })))
    expect(error.kind).to.equal('auth')
    expect(error.message).to.contain('[redacted]')
    expect(error.message).not.to.contain(apiKey.slice(0, 6))
  })

  it('re-signs a retried request with a fresh timestamp', async () => {
    server.handle((_, res, n) => (n === 0 ? reply(res, 502, '') : reply(res, 200, '{"n":1}')))
    let clock = 1000
    await firstValueFrom(
      api({
        clock: { now: () => (clock += 250) },
        sign: (req, now) => ({ ...req, headers: { ...req.headers, 'x-ts': String(now) } }),
      }).request$({ path: '/n', codec: Counter }),
    )
    const stamps = server.hits.map((h) => h.headers['x-ts'])
    expect(stamps).to.have.length(2)
    expect(stamps[0]).not.to.equal(stamps[1])
  })

  it('lets the venue map a JSON error body and read the usage headers of every response', async () => {
    server.handle((_, res, n) =>
      n === 0
        ? reply(res, 200, '{"code":10006,"msg":"too many visits"}', { 'x-used': '599', 'retry-after': '0' })
        : reply(res, 200, '{"n":1}', { 'x-used': '600' }),
    )
    const seen: string[] = []
    const client = api({
      onResponse: (headers, info) => seen.push(`${info.status} ${headers['x-used']} ${info.retryAfterMs}`),
      mapError: (response, info) => {
        const body = JSON.parse(response.body) as { code?: number; msg?: string }
        return body.code === 10006
          ? new VenueError({
              kind: 'rate-limit',
              message: body.msg ?? '',
              code: body.code,
              retryAfterMs: info.retryAfterMs,
            })
          : undefined
      },
    })
    expect(await lastValueFrom(client.request$({ path: '/n', codec: Counter }))).to.deep.equal({ n: 1 })
    expect(seen).to.deep.equal(['200 599 0', '200 600 undefined'])
  })
})

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0)

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).to.equal(120_000)
    expect(parseRetryAfter(' 0 ', now)).to.equal(0)
    expect(parseRetryAfter('1.5', now)).to.equal(1500)
  })

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:30 GMT', now)).to.equal(30_000)
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:59:00 GMT', now)).to.equal(0)
  })

  it('caps a huge or far-off value at MAX_RETRY_AFTER_MS (3 days)', () => {
    expect(MAX_RETRY_AFTER_MS).to.equal(259_200_000)
    expect(parseRetryAfter('99999999999999999999', now)).to.equal(MAX_RETRY_AFTER_MS)
    expect(parseRetryAfter('259201', now)).to.equal(MAX_RETRY_AFTER_MS)
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).to.equal(MAX_RETRY_AFTER_MS)
  })

  it('ignores what it cannot read', () => {
    for (const v of [undefined, '', '-5', 'soon', '1e3', '12abc'])
      expect(parseRetryAfter(v, now), String(v)).to.equal(undefined)
  })
})

describe('httpStatusKind', () => {
  it('maps statuses to error kinds', () => {
    const table: [number, string | undefined][] = [
      [200, undefined],
      [204, undefined],
      [301, 'invalid-request'],
      [400, 'invalid-request'],
      [401, 'auth'],
      [403, 'auth'],
      [404, 'not-found'],
      [408, 'timeout'],
      [409, 'invalid-request'],
      [418, 'rate-limit'],
      [429, 'rate-limit'],
      [500, 'temporary'],
      [503, 'temporary'],
      [504, 'temporary'],
    ]
    expect(table.map(([s]) => [s, httpStatusKind(s)])).to.deep.equal(table)
  })
})
