import { expect } from 'chai'
import { filter, firstValueFrom, toArray } from 'rxjs'
import WebSocket from 'ws'
import {
  BinanceSimulator,
  BybitSimulator,
  CoinbaseSimulator,
  startSimulator,
} from '../../lib/testing/index.js'
import { SimServer } from '../../lib/testing/kit/server.js'
import { Frames, get } from './support/bybit-wire.js'

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 0)

/** Resolves with the close code once the socket closes, or with 'open' if it opens. */
function openOrFail(url: string): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url)
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('error', (e) => resolve(`error: ${e.message}`))
  })
}

describe('simulator kit: the server', () => {
  it('answers every HTTP request with Access-Control-Allow-Origin: *, injected failures and 404s too', async () => {
    const sim = await startSimulator({ venues: ['bybit', 'binance'], tickMs: 'manual' })
    try {
      const bybit = sim.venue('bybit')
      const binance = sim.venue('binance')
      const answers = [
        await fetch(`${bybit.restUrl}/v5/market/time`),
        await fetch(`${bybit.restUrl}/nowhere`),
        await fetch(`${binance.restUrl}/api/v3/time`),
        await fetch(`${binance.restUrl}/api/v3/nowhere`),
      ]
      bybit.faults.failNext(1, 503)
      answers.push(await fetch(`${bybit.restUrl}/v5/market/time`))
      expect(answers.map((r) => r.status)).to.deep.equal([200, 404, 200, 404, 503])
      for (const r of answers) {
        expect(r.headers.get('access-control-allow-origin'), r.url).to.equal('*')
        // a browser client may read the venue's limit headers
        expect(r.headers.get('access-control-expose-headers'), r.url).to.equal('*')
        await r.arrayBuffer()
      }
    } finally {
      await sim.close()
    }
  })

  it('answers a CORS preflight itself: the methods and the headers asked for, no fault spent, no request event', async () => {
    const bybit = await BybitSimulator.start({ tickMs: 'manual' })
    try {
      const received = firstValueFrom(
        bybit.events$.pipe(
          filter((e) => e.type === 'received'),
          toArray(),
        ),
      )
      bybit.faults.failNext(1, 503)
      const res = await fetch(`${bybit.restUrl}/v5/order/create`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:8080',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,x-bapi-api-key,x-bapi-sign,x-bapi-timestamp',
        },
      })
      expect(res.status).to.equal(204)
      expect(res.headers.get('access-control-allow-origin')).to.equal('*')
      expect(res.headers.get('access-control-allow-methods')).to.include('POST')
      expect(res.headers.get('access-control-allow-headers')).to.equal(
        'content-type,x-bapi-api-key,x-bapi-sign,x-bapi-timestamp',
      )
      // the queued failure is still there for the real request
      expect((await get(bybit, '/v5/market/time')).status).to.equal(503)
      await bybit.close()
      expect((await received).map((e) => e.type === 'received' && e.method)).to.deep.equal(['GET'])
    } finally {
      await bybit.close()
    }
  })

  it('refuses new connections while faults.refuseConnections() holds; open sockets stay open', async () => {
    const binance = await BinanceSimulator.start({ tickMs: 'manual' })
    try {
      const open = await Frames.open(`${binance.wsUrl}/ws/btcusdt@depth`)
      binance.faults.refuseConnections()
      const refused = await fetch(`${binance.restUrl}/api/v3/time`).then(
        (r) => `answered ${r.status}`,
        (e: Error) => `failed: ${e.message}`,
      )
      expect(refused).to.match(/^failed/)
      expect(await openOrFail(`${binance.wsUrl}/ws/btcusdt@trade`)).to.match(/^error/)
      expect(binance.connections().streams, 'the socket opened before').to.equal(1)
      binance.faults.acceptConnections()
      expect((await fetch(`${binance.restUrl}/api/v3/time`)).status).to.equal(200)
      expect(await openOrFail(`${binance.wsUrl}/ws/btcusdt@trade`)).to.equal('open')
      open.close()
    } finally {
      await binance.close()
    }
  })

  it('routes upgrades by path: a refusal is an HTTP answer, an unknown path a destroyed socket', async () => {
    const seen: string[] = []
    const server = new SimServer(
      (_req, res) => res.end(),
      (url) => {
        if (url.pathname === '/feed') return (ws) => ws.send('hello')
        if (url.pathname === '/full') return { status: 400, body: '{"code":2,"msg":"too many streams"}' }
        return undefined
      },
      { silenced: false },
    )
    await server.listen('127.0.0.1', 0)
    try {
      const base = `ws://127.0.0.1:${server.port}`
      const hello = new WebSocket(`${base}/feed`)
      seen.push(await new Promise<string>((resolve) => hello.once('message', (d) => resolve(String(d)))))
      hello.close()
      const refusal = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${base}/full`)
        ws.on('unexpected-response', (_req, res) => resolve(`status ${res.statusCode}`))
        ws.on('error', () => undefined)
      })
      seen.push(refusal, await openOrFail(`${base}/elsewhere`))
    } finally {
      await server.close()
    }
    expect(seen[0]).to.equal('hello')
    expect(seen[1]).to.equal('status 400')
    expect(seen[2]).to.match(/^error/)
  })
})

describe('simulator kit: starting', () => {
  it('a simulator that cannot listen rejects and leaves no timer running (its heartbeats, its ticking markets)', async () => {
    const holder = await BybitSimulator.start({ tickMs: 'manual' })
    try {
      const port = Number(new URL(holder.restUrl).port)
      const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
      const before = timers()
      let error: unknown
      try {
        await CoinbaseSimulator.start({ port, heartbeatMs: 10, tickMs: 10 })
      } catch (e) {
        error = e
      }
      expect(error).to.have.property('code', 'EADDRINUSE')
      expect(timers()).to.equal(before)
    } finally {
      await holder.close()
    }
  })
})

describe('simulator kit: shared options', () => {
  it('starts the clock where `clock` says: frozen, or running from there', async () => {
    const frozen = await BybitSimulator.start({ tickMs: 'manual', clock: { at: T0 } })
    const running = await BinanceSimulator.start({ tickMs: 'manual', clock: { at: T0, running: true } })
    try {
      expect(frozen.now()).to.equal(T0)
      expect((await get(frozen, '/v5/market/time')).body).to.deep.include({ time: T0 })
      expect(running.now()).to.be.within(T0, T0 + 60_000)
      expect((await (await fetch(`${running.restUrl}/api/v3/time`)).json()) as unknown)
        .to.have.property('serverTime')
        .that.is.within(T0, T0 + 60_000)
    } finally {
      await Promise.all([frozen.close(), running.close()])
    }
  })

  it('refuses a clock that is not a time, and bad shared options of any venue, with invalid-request', async () => {
    for (const options of [
      { bybit: { clock: { at: Number.NaN } } },
      { binance: { clock: { at: Number.POSITIVE_INFINITY } } },
      { binance: { fees: { maker: '1' } } },
      { bybit: { rateLimits: { create: 0 } } },
      { binance: { streams: { pingIntervalMs: 1.5 } } },
    ]) {
      let error: unknown
      await startSimulator({ venues: ['bybit', 'binance'], tickMs: 'manual', ...options }).catch(
        (e: unknown) => (error = e),
      )
      expect(error, JSON.stringify(options)).to.have.property('kind', 'invalid-request')
    }
  })
})
