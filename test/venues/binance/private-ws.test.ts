import { createHmac } from 'node:crypto'
import { expect } from 'chai'
import { asyncScheduler, defer, firstValueFrom, identity, of, take, toArray } from 'rxjs'
import { WebSocketServer, type WebSocket } from 'ws'
import { silentLogger } from '../../../lib/core/logging.js'
import { SecretList } from '../../../lib/core/secret-list.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { ClockSync } from '../../../lib/transport/clock.js'
import type { VenueEventBody } from '../../../lib/venues/kit/lifecycle.js'
import { resolveBinanceOptions } from '../../../lib/venues/binance/options.js'
import { createBinanceTrading, type BinanceTradingContext } from '../../../lib/venues/binance/private.js'
import { API_KEY, BTCUSDT, SECRET, fixture } from './private-fake.js'

interface Subscribe {
  readonly id: string | number
  readonly method: string
  readonly params: Record<string, string | number>
}

/** The signature check a venue makes: sorted params except `signature`, HMAC hex. */
function validSignature(params: Record<string, string | number>): boolean {
  const payload = Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
  return createHmac('sha256', SECRET).update(payload).digest('hex') === params.signature
}

const report = (over: Record<string, unknown>) => {
  const base = (fixture('ws-user-execution-report.json') as { event: Record<string, unknown> }).event
  return {
    subscriptionId: 0,
    event: { ...base, s: 'BTCUSDT', c: 'cid-9', i: 77, q: '0.00300000', p: '60000.30', ...over },
  }
}

describe('binance user data over the WebSocket API (loopback server)', () => {
  let server: WebSocketServer
  let url: string
  const subscribes: Subscribe[] = []
  const waiters: { n: number; resolve: () => void }[] = []
  let current: WebSocket | undefined

  beforeEach(async () => {
    subscribes.length = 0
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const address = server.address()
    url = `ws://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/ws-api/v3`
    server.on('connection', (ws) => {
      current = ws
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as Subscribe
        if (msg.method !== 'userDataStream.subscribe.signature') return
        subscribes.push(msg)
        const ok = validSignature(msg.params) && msg.params.apiKey === API_KEY
        ws.send(
          JSON.stringify(
            ok
              ? { id: msg.id, status: 200, result: { subscriptionId: subscribes.length - 1 } }
              : {
                  id: msg.id,
                  status: 400,
                  error: { code: -1022, msg: 'Signature for this request is not valid.' },
                },
          ),
        )
        for (const w of waiters.filter((x) => subscribes.length >= x.n)) w.resolve()
      })
    })
  })

  afterEach(async () => {
    for (const c of server.clients) c.terminate()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const subscribed = (n: number) =>
    new Promise<void>((resolve) => {
      if (subscribes.length >= n) resolve()
      else waiters.push({ n, resolve })
    })

  function trading() {
    const events: VenueEventBody[] = []
    const clock = new ClockSync({ fetchServerTime: () => defer(() => of(Date.now())), venue: 'binance' })
    const closers: (() => void | Promise<void>)[] = []
    const ctx: BinanceTradingContext = {
      venue: 'binance',
      options: resolveBinanceOptions({
        apiKey: API_KEY,
        secret: SECRET,
        recvWindowMs: 5000,
        wsApiUrl: url,
        backoff: { initialMs: 5, maxMs: 5, jitter: 'none' },
      }),
      closed: false,
      watchSocket: () => () => undefined,
      privateRest: undefined,
      clock,
      scheduler: asyncScheduler,
      logger: silentLogger,
      secrets: new SecretList([API_KEY, SECRET]),
      symbols: () => of(new SymbolMap('binance', [BTCUSDT])),
      emit: (e) => events.push(e),
      untilClosed: () => identity,
      onClose: (release) => void closers.push(release),
    }
    // a REST client is required for trading; the streams never use it here
    const rest = { request$: () => of(undefined) } as unknown as NonNullable<
      BinanceTradingContext['privateRest']
    >
    return {
      t: createBinanceTrading({ ...ctx, privateRest: rest }),
      events,
      close: () => closers.forEach((c) => void c()),
    }
  }

  it('subscribes with a signed request, and normalizes orders, fills and balances exactly', async () => {
    const { t, events, close } = trading()
    const orders = firstValueFrom(t.orderUpdates$().pipe(take(4), toArray()))
    const fills = firstValueFrom(t.fills$().pipe(take(2), toArray()))
    const balances = firstValueFrom(t.balanceUpdates$().pipe(take(2), toArray()))
    await subscribed(1)
    expect(subscribes[0]?.params).to.have.keys(['apiKey', 'timestamp', 'recvWindow', 'signature'])
    const frames = [
      report({ x: 'NEW', X: 'NEW' }),
      report({ x: 'NEW', X: 'NEW' }), // a duplicate delivery
      report({
        x: 'TRADE',
        X: 'PARTIALLY_FILLED',
        t: 501,
        l: '0.00100000',
        L: '60000.10',
        z: '0.00100000',
        Z: '60.0001',
        n: '0.06',
        N: 'USDT',
        m: true,
      }),
      // the last trade and the expiry of the rest come in one EXPIRED report
      report({
        x: 'EXPIRED',
        X: 'EXPIRED',
        t: 502,
        l: '0.00100000',
        L: '60000.40',
        z: '0.00200000',
        Z: '120.0005',
        n: '0.06',
        N: 'USDT',
        m: false,
      }),
      report({
        x: 'TRADE',
        X: 'PARTIALLY_FILLED',
        t: 501,
        l: '0.00100000',
        L: '60000.10',
        z: '0.00100000',
        Z: '60.0001',
      }), // stale
      {
        subscriptionId: 0,
        event: { e: 'outboundAccountPosition', E: 1, u: 2, B: [{ a: 'USDT', f: '1000.10', l: '180.0006' }] },
      },
      { subscriptionId: 0, event: { e: 'balanceUpdate', E: 3, a: 'USDT', d: '-0.10000000', T: 4 } },
    ]
    // an extra order to reach four distinct states: a second order's NEW
    frames.push(report({ x: 'NEW', X: 'NEW', c: 'cid-10', i: 78 }))
    for (const f of frames) current?.send(JSON.stringify(f))
    const got = await orders
    expect(got.map((o) => [o.clientOrderId, o.status, o.filledQuantity.toFixed()])).to.deep.equal([
      ['cid-9', 'new', '0'],
      ['cid-9', 'partially-filled', '0.001'],
      ['cid-9', 'expired', '0.002'],
      ['cid-10', 'new', '0'],
    ])
    expect(got[1]?.averagePrice?.toFixed()).to.equal('60000.1')
    expect(got[2]?.averagePrice?.toFixed()).to.equal('60000.25') // Z / z = 120.0005 / 0.002
    const f = await fills
    expect(
      f.map((x) => [
        x.tradeId,
        x.price.toFixed(),
        x.quantity.toFixed(),
        x.fee.toFixed(),
        x.feeAsset,
        x.liquidity,
      ]),
    ).to.deep.equal([
      ['501', '60000.1', '0.001', '0.06', 'USDT', 'maker'],
      ['502', '60000.4', '0.001', '0.06', 'USDT', 'taker'],
    ])
    const b = await balances
    expect(b.map((x) => [x.asset, x.free.toFixed(), x.locked.toFixed(), x.total.toFixed()])).to.deep.equal([
      ['USDT', '1000.1', '180.0006', '1180.1006'],
      ['USDT', '1000', '180.0006', '1180.0006'],
    ])
    expect(events.filter((e) => e.type === 'decode-error')).to.have.length(0)
    close()
  })

  it('eventStreamTerminated → subscribes again; a dropped connection → reconnects and subscribes again', async () => {
    const { t, close } = trading()
    const sub = t.orderUpdates$().subscribe()
    await subscribed(1)
    current?.send(JSON.stringify(fixture('ws-user-event-stream-terminated.json')))
    await subscribed(2)
    const first = current
    first?.terminate()
    await subscribed(3)
    expect(current).to.not.equal(first)
    expect(subscribes.every((s) => validSignature(s.params))).to.equal(true)
    // distinct ids: the venue answers each by its id
    expect(new Set(subscribes.map((s) => String(s.id))).size).to.equal(3)
    sub.unsubscribe()
    close()
  })
})
