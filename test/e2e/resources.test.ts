/**
 * Sharing and release, counted: two subscribers of a stream share one venue subscription, and once
 * everything is unsubscribed no socket, timer or listener of the SDK is left in the process.
 */
import { expect } from 'chai'
import { filter, firstValueFrom, Observable, type Subscription } from 'rxjs'
import { createClient, silentLogger, type Client } from 'rxvenue'
import { startSimulator, type Simulator } from 'rxvenue/testing'
import { record, signal } from './support.js'

const SYMBOL = 'BTC/USDT'

/** Live handles of this process by type (sockets, timers, ...), as Node counts them. */
function handles(): Map<string, number> {
  const out = new Map<string, number>()
  for (const type of process.getActiveResourcesInfo()) out.set(type, (out.get(type) ?? 0) + 1)
  return out
}

const count = (m: Map<string, number>, type: string) => m.get(type) ?? 0

/** Listeners on the process, by event. */
function processListeners(): Record<string, number> {
  return Object.fromEntries(process.eventNames().map((e) => [String(e), process.listenerCount(e)]))
}

describe('resources (e2e)', function () {
  this.timeout(60_000)
  let sim: Simulator
  let client: Client

  beforeEach(async () => {
    sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 8, tickMs: 20 })
    client = createClient({ ...sim.clientOptions(), logger: silentLogger })
  })

  afterEach(async () => {
    await client.close()
    await sim.close()
  })

  it('shares one venue subscription between subscribers of the same stream', async () => {
    const subscribes = record(sim.venue('bybit').events$.pipe(filter((e) => e.type === 'subscribed')))
    const a = record(client.orderBook$('bybit', SYMBOL, { depth: 50 }))
    const b = record(client.orderBook$('bybit', SYMBOL, { depth: 50 }))
    const t1 = record(client.trades$('bybit', SYMBOL))
    const t2 = record(client.trades$('bybit', SYMBOL))
    await a.untilCount(() => true, 5, 'book views')
    await b.until(() => true, 'a book view for the second subscriber')
    sim.venue('bybit').trade({ symbol: SYMBOL, side: 'buy', qty: '0.01' })
    await t1.until(() => true, 'a trade')
    await t2.until(() => true, 'the same trade')
    expect(a.seen.at(-1)).to.equal(b.seen.at(-1))
    expect(sim.venue('bybit').connections().public).to.equal(1)
    const topics = subscribes.seen.flatMap((e) => (e.type === 'subscribed' ? e.topics : []))
    expect(topics.filter((t) => t === 'orderbook.50.BTCUSDT')).to.have.length(1)
    expect(topics.filter((t) => t === 'publicTrade.BTCUSDT')).to.have.length(1)
    for (const r of [a, b, t1, t2]) r.stop()
  })

  it('leaves no socket, timer or listener behind once every stream is unsubscribed', async () => {
    // one request first, so the HTTP pool exists before the baseline and only the streams are measured
    await firstValueFrom(client.instruments$('bybit'))
    await firstValueFrom(client.instruments$('binance'))
    const baseline = handles()
    const listenersBefore = processListeners()
    const simEvents = {
      bybit: record(sim.venue('bybit').events$),
      binance: record(sim.venue('binance').events$),
    }

    const subs: Subscription[] = []
    const views = record(
      client.mergedBook$([
        ['bybit', SYMBOL],
        ['binance', SYMBOL],
      ]),
    )
    subs.push(
      client.orderBook$('bybit', SYMBOL, { throttleMs: 50 }).subscribe(),
      client.trades$('binance', SYMBOL).subscribe(),
      client.ticker$('bybit', SYMBOL).subscribe(),
      client
        .bestBidAsk$([
          ['bybit', SYMBOL],
          ['binance', SYMBOL],
        ])
        .subscribe(),
      client.health$('bybit').subscribe(),
      client.events$().subscribe(),
    )
    await views.untilCount((m) => m.venues.every((v) => !v.stale), 5, 'merged views of both venues')
    const during = handles()
    expect(count(during, 'TCPSocketWrap'), 'sockets while streaming').to.be.greaterThan(
      count(baseline, 'TCPSocketWrap'),
    )
    expect(count(during, 'Timeout'), 'timers while streaming').to.be.greaterThan(count(baseline, 'Timeout'))

    views.stop()
    for (const s of subs) s.unsubscribe()
    // the venues see every connection closed
    await simEvents.bybit.until(
      (e) => e.type === 'disconnected' && e.channel === 'public',
      'bybit socket closed',
    )
    await simEvents.binance.until(
      (e) => e.type === 'disconnected' && e.channel === 'stream',
      'binance socket closed',
    )
    expect(sim.venue('bybit').connections().public).to.equal(0)
    expect(sim.venue('binance').connections().streams).to.equal(0)
    // the client side closes too: wait for the process's socket count to come back
    await signal(
      pollHandles(),
      (h) => count(h, 'TCPSocketWrap') <= count(baseline, 'TCPSocketWrap'),
      'sockets closed',
    )
    const after = handles()
    expect(count(after, 'Timeout'), 'timers after').to.be.at.most(count(baseline, 'Timeout'))
    expect(count(after, 'TCPSocketWrap'), 'sockets after').to.be.at.most(count(baseline, 'TCPSocketWrap'))
    expect(processListeners(), 'process listeners after').to.deep.equal(listenersBefore)
  })
})

/** The handle counts, again after each turn of the event loop, until unsubscribed. */
function pollHandles(): Observable<Map<string, number>> {
  return new Observable((subscriber) => {
    let next: NodeJS.Immediate | undefined
    const tick = () => {
      subscriber.next(handles())
      // the first value may already have ended the subscription
      if (!subscriber.closed) next = setImmediate(tick)
    }
    tick()
    return () => clearImmediate(next)
  })
}
