import { expect } from 'chai'
import WebSocket from 'ws'
import { Decimal } from '../../lib/core/decimal.js'
import type { BinanceSimulator } from '../../lib/testing/index.js'
import { Frames } from './support/bybit-wire.js'
import { fixture, get, startKnown } from './support/binance-wire.js'
import { shapeDiff } from './support/shape.js'

type Level = [string, string]
interface DepthEvent {
  e: string
  E: number
  s: string
  U: number
  u: number
  b: Level[]
  a: Level[]
}
interface Snapshot {
  lastUpdateId: number
  bids: Level[]
  asks: Level[]
}

/** A local book kept exactly by Binance's documented procedure, from frames and one snapshot. */
class LocalBook {
  readonly bids = new Map<string, string>()
  readonly asks = new Map<string, string>()
  updateId = 0
  load(s: Snapshot): void {
    this.bids.clear()
    this.asks.clear()
    for (const [p, q] of s.bids) this.bids.set(new Decimal(p).toString(), new Decimal(q).toString())
    for (const [p, q] of s.asks) this.asks.set(new Decimal(p).toString(), new Decimal(q).toString())
    this.updateId = s.lastUpdateId
  }
  /** `false` when events were missed. */
  apply(e: DepthEvent): boolean {
    if (e.u <= this.updateId) return true
    if (e.U > this.updateId + 1) return false
    for (const [side, levels] of [
      [this.bids, e.b],
      [this.asks, e.a],
    ] as const) {
      for (const [p, q] of levels) {
        const key = new Decimal(p).toString()
        if (new Decimal(q).isZero()) side.delete(key)
        else side.set(key, new Decimal(q).toString())
      }
    }
    this.updateId = e.u
    return true
  }
  sorted(side: 'bids' | 'asks'): [string, string][] {
    return [...this[side].entries()].sort(
      (x, y) => new Decimal(x[0]).comparedTo(new Decimal(y[0])) * (side === 'bids' ? -1 : 1),
    )
  }
}

function truth(sim: BinanceSimulator) {
  const book = sim.book('BTC/USDT')
  const text = (levels: typeof book.bids) =>
    levels.map((l): [string, string] => [l.price.toString(), l.size.toString()])
  return { bids: text(book.bids), asks: text(book.asks) }
}

async function snapshot(sim: BinanceSimulator): Promise<Snapshot> {
  return (await get(sim, '/api/v3/depth', 'symbol=BTCUSDT&limit=5000')).body as Snapshot
}

/** Sync per the docs: events buffered in `buffered`, snapshot refetched while older than the first U. */
async function sync(
  sim: BinanceSimulator,
  buffered: DepthEvent[],
): Promise<{ book: LocalBook; fetches: number }> {
  const book = new LocalBook()
  const first = buffered[0] as DepthEvent
  let fetches = 0
  let snap: Snapshot
  do {
    snap = await snapshot(sim)
    fetches++
  } while (snap.lastUpdateId < first.U)
  book.load(snap)
  const rest = buffered.filter((e) => e.u > snap.lastUpdateId)
  const head = rest[0]
  if (head !== undefined) expect(snap.lastUpdateId).to.be.within(head.U - 1, head.u)
  for (const e of rest) expect(book.apply(e), 'no gap in buffered events').to.equal(true)
  return { book, fetches }
}

async function depthSocket(sim: BinanceSimulator, path = '/ws/btcusdt@depth'): Promise<Frames> {
  const ws = await Frames.open(`${sim.wsUrl}${path}`)
  await sim.subscribed('btcusdt@depth')
  return ws
}

describe('Binance simulator market streams', () => {
  let sim: BinanceSimulator
  afterEach(() => sim.close())

  it('depthUpdate events have the fixture shape and consecutive U/u, consistent with the snapshot', async () => {
    sim = await startKnown()
    const ws = await depthSocket(sim)
    const before = (await snapshot(sim)).lastUpdateId
    sim.push('BTC/USDT', { bids: [['64999.00', '4']], asks: [['65001.00', '0']] })
    const e1 = await ws.next<DepthEvent>()
    expect(shapeDiff(fixture('ws-depth-update.json'), e1)).to.deep.equal([])
    expect(e1).to.deep.include({ U: before + 1, u: before + 1, b: [['64999.00000000', '4.00000000']] })
    expect(e1.a).to.deep.equal([['65001.00000000', '0.00000000']])
    sim.step(3, 'BTC/USDT')
    const e2 = await ws.next<DepthEvent>()
    expect([e2.U, e2.u], 'one event covers the three changes').to.deep.equal([e1.u + 1, e1.u + 3])
    expect((await snapshot(sim)).lastUpdateId).to.equal(e2.u)
  })

  it('a local book kept from events equals the simulator through many random updates', async () => {
    sim = await startKnown({ levels: 20 })
    const ws = await depthSocket(sim)
    sim.step(5, 'BTC/USDT')
    const first = await ws.next<DepthEvent>()
    const { book } = await sync(sim, [first])
    for (let round = 0; round < 50; round++) {
      sim.step(1 + (round % 7), 'BTC/USDT')
      if (round % 10 === 0)
        sim.trade({ symbol: 'BTC/USDT', side: round % 20 === 0 ? 'buy' : 'sell', qty: '0.01' })
      sim.push('BTC/USDT', { bids: [['64000.00', '0']] })
    }
    sim.step(1, 'BTC/USDT')
    const target = sim.bookUpdateId('BTC/USDT')
    while (book.updateId < target) expect(book.apply(await ws.next<DepthEvent>())).to.equal(true)
    const t = truth(sim)
    expect(book.sorted('bids')).to.deep.equal(t.bids)
    expect(book.sorted('asks')).to.deep.equal(t.asks)
  })

  it('race 1: a snapshot older than the first buffered event is fetched again', async () => {
    sim = await startKnown()
    const ws = await depthSocket(sim)
    sim.step(2, 'BTC/USDT')
    sim.step(2, 'BTC/USDT')
    const events = [await ws.next<DepthEvent>(), await ws.next<DepthEvent>()]
    sim.faults.staleSnapshot(4)
    const { book, fetches } = await sync(sim, events)
    expect(fetches, 'the stale snapshot is refused, the next one taken').to.equal(2)
    const t = truth(sim)
    expect(book.sorted('bids')).to.deep.equal(t.bids)
  })

  it('race 2: a snapshot newer than several buffered events drops them', async () => {
    sim = await startKnown()
    const ws = await depthSocket(sim)
    sim.faults.holdDepth()
    for (let i = 0; i < 4; i++) sim.step(1, 'BTC/USDT')
    expect(ws.buffered, 'held events are not sent').to.equal(0)
    const snap = await snapshot(sim)
    sim.faults.releaseDepth()
    sim.step(1, 'BTC/USDT')
    const events: DepthEvent[] = []
    for (let i = 0; i < 5; i++) events.push(await ws.next<DepthEvent>())
    expect(events.filter((e) => e.u <= snap.lastUpdateId)).to.have.length(4)
    const book = new LocalBook()
    book.load(snap)
    for (const e of events) expect(book.apply(e)).to.equal(true)
    expect(book.sorted('asks')).to.deep.equal(truth(sim).asks)
  })

  it('race 3: a gap after sync shows as U > previous u + 1', async () => {
    sim = await startKnown()
    const ws = await depthSocket(sim)
    sim.step(1, 'BTC/USDT')
    const { book } = await sync(sim, [await ws.next<DepthEvent>()])
    sim.faults.skipUpdateId()
    sim.step(1, 'BTC/USDT')
    const after = await ws.next<DepthEvent>()
    expect(after.U).to.equal(book.updateId + 2)
    expect(book.apply(after)).to.equal(false)
    const fresh = await snapshot(sim)
    expect(fresh.lastUpdateId).to.equal(after.u)
  })

  it('combined streams wrap events; SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS and errors', async () => {
    sim = await startKnown()
    const ws = await Frames.open(`${sim.wsUrl}/stream?streams=btcusdt@trade`)
    ws.send(fixture('ws-subscribe-request.json'))
    expect(await ws.next()).to.deep.equal(fixture('ws-subscribe-response.json'))
    ws.send({
      method: 'SUBSCRIBE',
      params: ['btcusdt@bookTicker', 'btcusdt@aggTrade', 'btcusdt@kline_1m'],
      id: 2,
    })
    expect(await ws.next()).to.deep.equal({ result: null, id: 2 })
    ws.send({ method: 'LIST_SUBSCRIPTIONS', id: 3 })
    const list = (await ws.next<{ result: string[] }>()).result
    expect(list).to.have.members([
      'btcusdt@trade',
      'btcusdt@aggTrade',
      'btcusdt@depth',
      'btcusdt@bookTicker',
      'btcusdt@kline_1m',
    ])
    sim.trade({ symbol: 'BTC/USDT', side: 'sell', qty: '0.5' })
    const got = new Map<string, unknown>()
    while (got.size < 4) {
      const m = await ws.next<{ stream: string; data: unknown }>()
      got.set(m.stream, m.data)
    }
    expect(shapeDiff(fixture('ws-trade.json'), got.get('btcusdt@trade'))).to.deep.equal([])
    expect(shapeDiff(fixture('ws-agg-trade.json'), got.get('btcusdt@aggTrade'))).to.deep.equal([])
    expect(shapeDiff(fixture('ws-book-ticker.json'), got.get('btcusdt@bookTicker'))).to.deep.equal([])
    expect(got.get('btcusdt@trade')).to.include({ p: '64999.00000000', q: '0.50000000', m: true })
    ws.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@depth'], id: 312 })
    expect(await ws.next()).to.deep.equal(fixture('ws-unsubscribe-response.json'))
    ws.send({ method: 'SUBSCRIBE', params: ['nope@depth'], id: 4 })
    expect(await ws.next()).to.deep.equal({
      error: { code: 2, msg: 'Invalid request: invalid stream' },
      id: 4,
    })
    await ws.close()
  })

  it('closes a connection that sends more than 5 messages in a second', async () => {
    sim = await startKnown()
    const ws = await Frames.open(`${sim.wsUrl}/ws`)
    for (let i = 1; i <= 6; i++) ws.send({ method: 'LIST_SUBSCRIPTIONS', id: i })
    for (let i = 1; i <= 5; i++) expect(await ws.next()).to.deep.equal({ result: [], id: i })
    expect(await ws.closed).to.equal(1008)
  })

  it('refuses streams beyond the per-connection limit', async () => {
    sim = await startKnown({ streams: { maxStreamsPerConnection: 3 } })
    const ws = await Frames.open(`${sim.wsUrl}/ws/btcusdt@depth/btcusdt@trade`)
    ws.send({ method: 'SUBSCRIBE', params: ['ethusdt@depth', 'ethusdt@trade'], id: 1 })
    expect(await ws.next()).to.deep.equal({
      error: { code: 2, msg: 'Invalid request: too many streams: at most 3 per connection' },
      id: 1,
    })
    ws.send({ method: 'SUBSCRIBE', params: ['ethusdt@depth'], id: 2 })
    expect(await ws.next()).to.deep.equal({ result: null, id: 2 })
    await ws.close()
  })

  it('pings every interval and closes a connection that does not pong in time', async () => {
    // A deadline far above how late a loaded machine reads a pong, so only the silent connection misses
    // it; pings far enough apart that the polite one's pongs stay within 5 messages a second.
    sim = await startKnown({ streams: { pingIntervalMs: 300, pongTimeoutMs: 1_000 } })
    const silent = new Frames(new WebSocket(`${sim.wsUrl}/ws/btcusdt@depth`, { autoPong: false }))
    await silent.opened
    const polite = await Frames.open(`${sim.wsUrl}/ws/btcusdt@trade`)
    let pings = 0
    polite.ws.on('ping', () => pings++)
    const reason = await new Promise((resolve) =>
      sim.events$.subscribe((e) => {
        if (e.type === 'disconnected') resolve(e.reason)
      }),
    )
    expect(reason).to.equal('pong-timeout')
    await silent.closed
    expect(pings, 'the answering connection was pinged too').to.be.greaterThan(0)
    expect(sim.connections().streams, 'the answering connection stays').to.equal(1)
  })
})
