import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect } from 'chai'
import { BodyLimitError, type HttpRequest, type HttpResponse } from '../../lib/transport/http.js'
import { createFetchTransport } from '../../lib/transport/http-fetch.js'

// the fetch transport answers with Promises
const send = (request: HttpRequest, signal = new AbortController().signal) =>
  createFetchTransport().request(request, signal) as Promise<HttpResponse>

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void

describe('createFetchTransport against a loopback HTTP server', () => {
  let handler: Handler
  let url: string
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString('utf8')))
    req.on('end', () => handler(req, body, res))
  })

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('sends method, URL, headers and body unchanged and reads any status with lower-case headers', async () => {
    handler = (req, body, res) => {
      res.writeHead(418, { 'X-Echo': `${req.method} ${req.url} ${req.headers['x-sign']} ${body}` })
      res.end('{"ok":false}')
    }
    const res = await send({
      method: 'POST',
      url: `${url}/v5/order?b=2&a=1`,
      headers: { 'x-sign': 'abc' },
      body: '{"q":"1"}',
    })
    expect(res.status).to.equal(418)
    expect(res.body).to.equal('{"ok":false}')
    expect(res.headers['x-echo']).to.equal('POST /v5/order?b=2&a=1 abc {"q":"1"}')
  })

  it('refuses a body whose Content-Length is over maxBodyBytes', async () => {
    handler = (_, __, res) => res.end('x'.repeat(100))
    const error = await send({ method: 'GET', url, headers: {}, maxBodyBytes: 10 }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).to.be.instanceOf(BodyLimitError)
  })

  it('stops reading an endless chunked body past maxBodyBytes', async () => {
    handler = (_, __, res) => {
      res.writeHead(200)
      const more = () => res.write('y'.repeat(1024), () => setImmediate(more))
      res.on('close', () => undefined)
      more()
    }
    const error = await send({ method: 'GET', url, headers: {}, maxBodyBytes: 4096 }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).to.be.instanceOf(BodyLimitError)
    expect((error as BodyLimitError).status).to.equal(200)
  })

  it('rejects when the signal aborts, and the server sees the request go away', async () => {
    let gone!: () => void
    const closed = new Promise<void>((resolve) => (gone = resolve))
    const arrived = new Promise<void>((resolve) => {
      handler = (_, __, res) => {
        res.on('close', gone)
        resolve()
      }
    })
    const abort = new AbortController()
    const pending = send({ method: 'GET', url, headers: {} }, abort.signal)
    await arrived
    abort.abort()
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect((error as Error).name).to.equal('AbortError')
    await closed
  })
})
