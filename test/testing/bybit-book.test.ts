import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import { BybitSimulator } from '../../lib/testing/index.js'
import { Frames, get, resultOf } from './support/bybit-wire.js'
import { KNOWN_BOOK, startKnown, T0 } from './support/bybit-setup.js'

type Level = [string, string]
interface BookMsg {
  topic: string
  type: 'snapshot' | 'delta'
  ts: number
  cts: number
  data: { s: string; b: Level[]; a: Level[]; u: number; seq: number }
}

/** A client-side book built only from the frames, the way Bybit's docs say to. */
class LocalBook {
  readonly bids = new Map<string, string>()
  readonly asks = new Map<string, string>()
  apply(msg: BookMsg): void {
    if (msg.type === 'snapshot') {
      this.bids.clear()
      this.asks.clear()
    }
    for (const [side, levels] of [
      [this.bids, msg.data.b],
      [this.asks, msg.data.a],
    ] as const) {
      for (const [p, s] of levels) {
        const key = new Decimal(p).toString()
        if (new Decimal(s).isZero()) side.delete(key)
        else side.set(key, new Decimal(s).toString())
      }
    }
  }
  sorted(side: 'bids' | 'asks'): [string, string][] {
    const entries = [...this[side].entries()]
    return entries.sort(
      (x, y) => new Decimal(x[0]).comparedTo(new Decimal(y[0])) * (side === 'bids' ? -1 : 1),
    )
  }
}

function truth(sim: BybitSimulator, depth: number): { bids: [string, string][]; asks: [string, string][] } {
  const book = sim.book('BTC/USDT', depth)
  const text = (levels: typeof book.bids) =>
    levels.map((l): [string, string] => [l.price.toString(), l.size.toString()])
  return { bids: text(book.bids), asks: text(book.asks) }
}

async function subscribe(sim: BybitSimulator, ...topics: string[]): Promise<Frames> {
  const ws = await Frames.open(sim.wsUrl)
  ws.send({ op: 'subscribe', args: topics, req_id: 'sub' })
  expect(await ws.next()).to.include({ success: true, op: 'subscribe' })
  return ws
}

describe('Bybit simulator order book streams', () => {
  let sim: BybitSimulator
  afterEach(() => sim.close())

  it('a snapshot plus every delta rebuilds the venue book exactly, with consecutive u', async () => {
    sim = await BybitSimulator.start({ seed: 11, tickMs: 'manual' })
    sim.setClock(T0)
    const ws50 = await subscribe(sim, 'orderbook.50.BTCUSDT')
    const ws200 = await subscribe(sim, 'orderbook.200.BTCUSDT')
    for (const [ws, depth] of [
      [ws50, 50],
      [ws200, 200],
    ] as const) {
      const local = new LocalBook()
      let u: number | undefined
      let seq = 0
      const first = await ws.next<BookMsg>()
      expect(first.type).to.equal('snapshot')
      local.apply(first)
      u = first.data.u
      seq = first.data.seq
      if (depth === 50) sim.step(400)
      const last = sim.bookUpdateId('BTC/USDT', depth)
      expect(last).to.be.greaterThan(u + 100)
      for (;;) {
        const msg = await ws.next<BookMsg>()
        expect(msg.type).to.equal('delta')
        expect(msg.data.u, 'u is consecutive').to.equal(u + 1)
        expect(msg.data.seq).to.be.greaterThan(seq)
        expect(msg.ts).to.equal(sim.now()).and.equal(msg.cts)
        for (const [p, s] of [...msg.data.b, ...msg.data.a]) {
          expect(p).to.match(/^\d+\.\d$/)
          expect(s).to.match(/^\d+\.\d{6}$/)
        }
        local.apply(msg)
        u = msg.data.u
        seq = msg.data.seq
        if (u === last) break
      }
      const want = truth(sim, depth)
      expect(local.sorted('bids')).to.deep.equal(want.bids)
      expect(local.sorted('asks')).to.deep.equal(want.asks)
      expect(ws.buffered).to.equal(0)
    }
    await ws50.close()
    await ws200.close()
  })

  it('a depth-limited stream shows only its top levels and sends a newly exposed level on a delete', async () => {
    sim = await startKnown()
    const bids = Array.from({ length: 60 }, (_, i): [string, string] => [
      new Decimal(64000).minus(i).toFixed(1),
      '0.5',
    ])
    sim.push('BTC/USDT', { snapshot: true, bids, asks: KNOWN_BOOK.asks })
    const ws = await subscribe(sim, 'orderbook.50.BTCUSDT')
    const snapshot = await ws.next<BookMsg>()
    expect(snapshot.data.b).to.have.length(50)
    expect(snapshot.data.b[49]).to.deep.equal(['63951.0', '0.500000'])
    const u0 = snapshot.data.u

    sim.push('BTC/USDT', { bids: [['63940.0', '7']] }) // level 61: outside the top 50
    sim.push('BTC/USDT', { bids: [['64000.0', '0']] }) // the best bid goes; the 51st comes into view
    const delta = await ws.next<BookMsg>()
    expect(delta.data.u, 'the change outside the depth sent nothing').to.equal(u0 + 1)
    expect(delta.data.b).to.deep.equal([
      ['64000.0', '0.000000'],
      ['63950.0', '0.500000'],
    ])
    expect(delta.data.a).to.deep.equal([])
  })

  it('the level-1 stream sends only snapshots, and only when the top changes', async () => {
    sim = await startKnown()
    const ws = await subscribe(sim, 'orderbook.1.BTCUSDT')
    const first = await ws.next<BookMsg>()
    expect(first).to.deep.include({ type: 'snapshot' })
    expect(first.data.b).to.deep.equal([['64999.0', '1.000000']])
    sim.push('BTC/USDT', { bids: [['64990.0', '9']] }) // below the top: nothing
    sim.push('BTC/USDT', { asks: [['65001.0', '0.25']] })
    const next = await ws.next<BookMsg>()
    expect(next.type).to.equal('snapshot')
    expect(next.data.u).to.equal(first.data.u + 1)
    expect(next.data.a).to.deep.equal([['65001.0', '0.250000']])
    expect(next.data.b).to.deep.equal([['64999.0', '1.000000']])
  })

  it('a late subscriber gets a snapshot at the current u and then the same deltas as the others', async () => {
    sim = await startKnown()
    const early = await subscribe(sim, 'orderbook.50.BTCUSDT')
    await early.next()
    sim.push('BTC/USDT', { bids: [['64999.5', '1']] })
    const d1 = await early.next<BookMsg>()
    const late = await subscribe(sim, 'orderbook.50.BTCUSDT')
    const snap = await late.next<BookMsg>()
    expect(snap.type).to.equal('snapshot')
    expect(snap.data.u).to.equal(d1.data.u)
    expect(snap.data.b[0]).to.deep.equal(['64999.5', '1.000000'])
    sim.push('BTC/USDT', { asks: [['65000.5', '2']] })
    expect(await late.next()).to.deep.equal(await early.next())
  })

  it('REST order book: default one level, u of the 50-level stream, limit up to 200', async () => {
    sim = await startKnown()
    const one = resultOf<{ b: Level[]; a: Level[]; u: number; s: string }>(
      await get(sim, '/v5/market/orderbook', 'category=spot&symbol=BTCUSDT'),
    )
    expect(one.b).to.deep.equal([['64999.0', '1.000000']])
    expect(one.a).to.deep.equal([['65001.0', '0.500000']])
    expect(one.u).to.equal(sim.bookUpdateId('BTC/USDT', 50))
    const all = resultOf<{ b: Level[]; a: Level[] }>(
      await get(sim, '/v5/market/orderbook', 'category=spot&symbol=BTCUSDT&limit=200'),
    )
    expect(all.b.map((l) => l[0])).to.deep.equal(['64999.0', '64998.0', '64990.0'])
    expect(all.a.map((l) => l[0])).to.deep.equal(['65001.0', '65002.0', '65010.0'])
    for (const q of [
      'category=spot&symbol=BTCUSDT&limit=201',
      'category=spot&symbol=NOPE',
      'category=linear&symbol=BTCUSDT',
    ]) {
      expect((await get(sim, '/v5/market/orderbook', q)).body.retCode, q).to.equal(10001)
    }
  })

  it('refuses more than 10 args, unknown topics and double subscriptions; unsubscribe stops a topic', async () => {
    sim = await startKnown()
    const ws = await Frames.open(sim.wsUrl)
    const eleven = Array.from(
      { length: 11 },
      (_, i) => `kline.${['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D'][i]}.BTCUSDT`,
    )
    ws.send({ op: 'subscribe', args: eleven, req_id: 'r1' })
    expect(await ws.next()).to.include({ success: false, req_id: 'r1', op: 'subscribe' })
    ws.send({ op: 'subscribe', args: ['orderbook.2.BTCUSDT'], req_id: 'r2' })
    const unknown = await ws.next()
    expect(unknown).to.include({ success: false, req_id: 'r2' })
    expect(String(unknown.ret_msg)).to.contain('orderbook.2.BTCUSDT')
    ws.send({ op: 'subscribe', args: ['publicTrade.BTCUSDT'], req_id: 'r3' })
    expect(await ws.next()).to.include({ success: true, req_id: 'r3' })
    ws.send({ op: 'subscribe', args: ['publicTrade.BTCUSDT'], req_id: 'r4' })
    expect(await ws.next()).to.include({
      success: false,
      req_id: 'r4',
      ret_msg: 'error:already subscribed,topic:publicTrade.BTCUSDT',
    })
    ws.send({ op: 'unsubscribe', args: ['tickers.BTCUSDT', 'nope'], req_id: 'r4u' })
    expect(await ws.next()).to.include({
      success: false,
      ret_msg: 'error:not subscribed,topic:tickers.BTCUSDT,nope',
    })
    ws.send({ op: 'unsubscribe', args: ['publicTrade.BTCUSDT'], req_id: 'r5' })
    expect(await ws.next()).to.include({ success: true, req_id: 'r5', op: 'unsubscribe' })
    sim.trade({ symbol: 'BTC/USDT', side: 'buy', qty: '0.1' })
    ws.send({ op: 'ping', req_id: 'after' })
    expect(await ws.next(), 'no trade frame after unsubscribing').to.include({ op: 'ping', req_id: 'after' })
  })

  it('step() moves only the watched markets unless a symbol is named', async () => {
    sim = await BybitSimulator.start({ seed: 3, tickMs: 'manual' })
    const levels = (symbol: 'BTC/USDT' | 'ETH/USDT') => {
      const book = sim.book(symbol)
      return JSON.stringify([book.bids, book.asks])
    }
    const eth = levels('ETH/USDT')
    const btc = levels('BTC/USDT')
    const ws = await subscribe(sim, 'orderbook.50.BTCUSDT')
    sim.step(20)
    expect(levels('BTC/USDT') === btc, 'BTC moved').to.equal(false)
    expect(levels('ETH/USDT') === eth, 'ETH did not move').to.equal(true)
    sim.step(5, 'ETH/USDT')
    expect(levels('ETH/USDT') === eth, 'ETH moved when named').to.equal(false)
    await ws.close()
  })

  it('the same seed gives the same market, to the update id', async () => {
    const run = async (seed: number) => {
      const s = await BybitSimulator.start({ seed, tickMs: 'manual' })
      s.step(300, 'BTC/USDT')
      const out = { book: truth(s, 20), u: s.bookUpdateId('BTC/USDT', 50) }
      await s.close()
      return out
    }
    sim = await BybitSimulator.start({ seed: 1, tickMs: 'manual' })
    const [a, b, c] = [await run(5), await run(5), await run(6)]
    expect(a).to.deep.equal(b)
    expect(a.book).to.not.deep.equal(c.book)
  })
})
