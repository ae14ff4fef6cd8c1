import { expect } from 'chai'
import { firstValueFrom } from 'rxjs'
import WebSocket from 'ws'
import { createClient, type HttpRequest, type HttpTransport } from 'rxvenue'
import { startSimulator, type Simulator } from 'rxvenue/testing'
import { createUndiciTransport } from '../../lib/transport/http-undici.js'

describe('client transports (e2e)', function () {
  this.timeout(30_000)
  let sim: Simulator

  beforeEach(async () => {
    sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 4, tickMs: 'manual' })
  })

  afterEach(() => sim.close())

  it('sends every REST request and opens every socket of every driver through the given transports', async () => {
    const inner = createUndiciTransport()
    const sent: string[] = []
    const http: HttpTransport = {
      request: (request: HttpRequest, signal: AbortSignal) => {
        sent.push(new URL(request.url).pathname)
        return inner.request(request, signal)
      },
    }
    const opened: string[] = []
    class CountingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols)
        opened.push(new URL(url).pathname)
      }
    }
    const client = createClient({
      ...sim.clientOptions(),
      transports: { http, WebSocket: CountingWebSocket },
    })
    await firstValueFrom(client.instruments$('bybit'))
    await firstValueFrom(client.instruments$('binance'))
    await firstValueFrom(client.orderBook$('bybit', 'BTC/USDT'))
    expect(sent).to.include.members(['/v5/market/instruments-info', '/api/v3/exchangeInfo'])
    expect(opened).to.deep.equal(['/v5/public/spot'])
    await client.close()
    // the client does not close what it was given
    const after = await Promise.resolve(
      inner.request(
        { method: 'GET', url: `${sim.clientOptions().venues.bybit?.restUrl}/v5/market/time`, headers: {} },
        new AbortController().signal,
      ) as Promise<{ status: number }>,
    )
    expect(after.status).to.equal(200)
    await inner.close?.()
  })
})
