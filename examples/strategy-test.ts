/**
 * How to test your own strategy with `rxvenue/testing`: a mocha spec that starts the simulator,
 * drives its market step by step, and checks what the strategy decided and did against the
 * simulator's own truth (its books and balances), with no network and no sleeps.
 *
 *   npx mocha examples/strategy-test.ts
 */
import { expect } from 'chai'
import { concatMap, filter, firstValueFrom, take, type MonoTypeOperatorFunction, type Observable } from 'rxjs'
import {
  Decimal,
  createClient,
  type Client,
  type Order,
  type OrderBook,
  type UnifiedSymbol,
  type VenueId,
} from 'rxvenue'
import { startSimulator, type Simulator } from 'rxvenue/testing'
import { commandLine, refuse } from './support/cli.js'

// a mocha spec: run directly, it only explains itself
if (typeof describe === 'undefined') {
  const usage = 'usage: npx mocha examples/strategy-test.ts   (a mocha spec on the built-in simulator)'
  commandLine(usage, {})
  refuse(usage, 'this file is a mocha spec: run it with mocha')
}

// The strategy under test (in your project it lives in its own module): a stop-loss that sells
// `quantity` at market, once, as soon as the best bid is at or below `stop`. Its decision is an
// operator of its own, so a test can watch the decision apart from the order it leads to.

/** The first book whose best bid is at or below `stop`; nothing if the book ends before that. */
function stopTriggered(stop: Decimal): MonoTypeOperatorFunction<OrderBook> {
  return (books) =>
    books.pipe(
      filter((book) => book.bids[0] !== undefined && book.bids[0].price.lte(stop)),
      take(1),
    )
}

/** Sells at market once the stop triggers. */
function stopLoss(
  client: Client,
  o: { venue: VenueId; symbol: UnifiedSymbol; stop: Decimal; quantity: Decimal },
): Observable<Order> {
  return client.orderBook$(o.venue, o.symbol, { depth: 50 }).pipe(
    stopTriggered(o.stop),
    concatMap(() =>
      client
        .account(o.venue)
        .placeOrder({ symbol: o.symbol, side: 'sell', type: 'market', quantity: o.quantity }),
    ),
  )
}

describe('stop-loss strategy, on the Bybit simulator', () => {
  let sim: Simulator
  let client: Client

  beforeEach(async () => {
    // 'manual': the market moves only when the test says, so every check below is exact.
    sim = await startSimulator({ venues: ['bybit'], seed: 7, tickMs: 'manual' })
    client = createClient(sim.clientOptions())
  })
  afterEach(async () => {
    await client.close()
    await sim.close()
  })

  /**
   * Resolves once the client's book shows the simulator's best levels as they are now, so every change
   * made so far has reached every subscriber of that (shared) book, the strategy included.
   */
  function caughtUp(): Promise<OrderBook> {
    const truth = sim.venue('bybit').book('BTC/USDT', 1)
    const same = (a: OrderBook['bids'][number] | undefined, b: OrderBook['bids'][number] | undefined) =>
      a !== undefined && b !== undefined && a.price.eq(b.price) && a.size.eq(b.size)
    return firstValueFrom(
      client
        .orderBook$('bybit', 'BTC/USDT', { depth: 50 })
        .pipe(filter((b) => same(b.bids[0], truth.bids[0]) && same(b.asks[0], truth.asks[0]))),
    )
  }

  it('holds while the market wanders above the stop, and triggers once a seller walks the bid through it', async () => {
    const bybit = sim.venue('bybit')
    // Ten levels below the best bid: out of reach of ordinary moves.
    const stop = bybit.book('BTC/USDT').bids[10]?.price
    if (stop === undefined) throw new Error('the simulated book is too thin')
    const decisions: OrderBook[] = []
    const watching = client
      .orderBook$('bybit', 'BTC/USDT', { depth: 50 })
      .pipe(stopTriggered(stop))
      .subscribe((book) => decisions.push(book))
    // The book stream is live once the simulator sees its subscription.
    await bybit.subscribed('orderbook.50.BTCUSDT')

    bybit.step(100)
    await caughtUp()
    expect(bybit.book('BTC/USDT').bids[0]?.price.gt(stop), 'the walk stayed above the stop').to.equal(true)
    expect(decisions).to.deep.equal([])

    // A bid rests exactly at the stop, and a large seller takes every bid above it.
    bybit.push('BTC/USDT', { bids: [[stop, '1']] })
    const above = bybit.book('BTC/USDT').bids.filter((l) => l.price.gt(stop))
    const size = above.reduce((sum, l) => sum.plus(l.size), new Decimal(0))
    bybit.trade({ symbol: 'BTC/USDT', side: 'sell', qty: size })
    await caughtUp()
    expect(decisions.length).to.equal(1)
    expect(decisions[0]?.bids[0]?.price.toString()).to.equal(stop.toString())
    watching.unsubscribe()
  })

  it('sells at market once triggered, at the prices the book offers, paying the taker fee', async () => {
    const bybit = sim.venue('bybit')
    const sold = firstValueFrom(
      stopLoss(client, {
        venue: 'bybit',
        symbol: 'BTC/USDT',
        stop: new Decimal('64500'),
        quantity: new Decimal('0.01'),
      }),
    )
    await bybit.subscribed('orderbook.50.BTCUSDT')
    // A market of our own making: the simulator's random levels are replaced by these.
    bybit.push('BTC/USDT', {
      snapshot: true,
      bids: [
        ['65000', '0.5'],
        ['64600', '0.5'],
        ['64400', '1'],
      ],
      asks: [['65010', '1']],
    })
    // The two bids above the stop vanish; 64400 is the best bid.
    bybit.push('BTC/USDT', {
      bids: [
        ['65000', '0'],
        ['64600', '0'],
      ],
    })

    const order = await sold
    const filled = await firstValueFrom(client.account('bybit').getOrder(order))
    expect(filled.status).to.equal('filled')
    expect(filled.averagePrice?.toString()).to.equal('64400')
    // The simulated account starts with 1 BTC and 100 000 USDT; a spot sell pays its taker fee
    // (0.1 % by default) in the quote coin.
    const proceeds = new Decimal('64400').times('0.01')
    expect(bybit.balance('BTC').free.toString()).to.equal(new Decimal(1).minus('0.01').toString())
    expect(bybit.balance('USDT').free.toString()).to.equal(
      new Decimal('100000').plus(proceeds).minus(proceeds.times('0.001')).toString(),
    )
  })
})
