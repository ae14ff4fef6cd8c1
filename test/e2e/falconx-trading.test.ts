/**
 * FalconX orders, balances and fills against the simulator through the public client: market and
 * fill-or-kill limit orders executed at once, a placement whose answer is lost (one order), prices a
 * double would round read exactly, and the market-data streams FalconX lacks refused clearly.
 */
import { expect } from 'chai'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { createClient, Decimal, silentLogger, VenueError, type Client, type VenueTrading } from 'rxvenue'
import { FalconxSimulator, type FalconxSimulatorOptions } from '../../lib/testing/falconx/index.js'
import { hasRfq } from '../../lib/venues/contract/venue.js'
import type { FalconxOrderRequest } from '../../lib/venues/falconx/trading.js'
import { SteppedClock } from '../conformance/stepped-clock.js'
import { record } from './support.js'

const d = (s: string) => new Decimal(s)

describe('falconx e2e: trading', () => {
  let sim: FalconxSimulator
  let client: Client
  let account: VenueTrading

  const start = async (options: FalconxSimulatorOptions = {}) => {
    sim = await FalconxSimulator.start({ seed: 8, tickMs: 'manual', ...options })
    client = createClient({
      venues: {
        falconx: { ...sim.clientOptions(), logger: silentLogger, backoff: { initialMs: 5, maxMs: 20 } },
      },
      logger: silentLogger,
    })
    account = client.account('falconx')
  }

  afterEach(async () => {
    await client?.close()
    await sim?.close()
  })

  it('a market buy executes at once: the order filled, its fill on fills$, the balances moved, in the fill history', async () => {
    await start()
    const fills = record(account.fills$())
    const orders = record(account.orderUpdates$())
    const btc0 = sim.balance('BTC').total
    const order = await lastValueFrom(
      account.placeOrder({
        symbol: 'BTC/USD',
        side: 'buy',
        type: 'market',
        quantity: d('0.25'),
        clientOrderId: 'm-1',
      }),
    )
    expect(order).to.include({ status: 'filled', clientOrderId: 'm-1', type: 'market' })
    expect(sim.executions()).to.have.length(1)
    expect(sim.balance('BTC').total.eq(btc0.plus('0.25'))).to.equal(true)
    const fill = await fills.until((f) => f.orderId === order.id, 'the order fill')
    expect(fill.price.eq(order.averagePrice ?? 0)).to.equal(true)
    await orders.until((o) => o.clientOrderId === 'm-1' && o.status === 'filled', 'the filled order')
    const history = await lastValueFrom(
      account.fillHistory!({ symbol: 'BTC/USD', from: new Date(Date.now() - 60_000) }),
    )
    expect(history.map((f) => f.tradeId)).to.deep.equal([order.id])
    const balances = await lastValueFrom(account.balances())
    expect(balances.find((b) => b.asset === 'BTC')?.total.eq(sim.balance('BTC').total)).to.equal(true)
    fills.stop()
    orders.stop()
  })

  it('a fill-or-kill limit executes within its price and slippage, and is killed beyond it', async () => {
    await start()
    const ask = sim.book('BTC/USD', 1).asks[0]?.price ?? d('0')
    const limit = (price: Decimal, clientOrderId: string, slippageBps?: number): FalconxOrderRequest => ({
      symbol: 'BTC/USD',
      side: 'buy',
      type: 'limit',
      timeInForce: 'FOK',
      price,
      quantity: d('0.1'),
      clientOrderId,
      slippageBps,
    })
    const killed = await lastValueFrom(account.placeOrder(limit(ask.mul('0.9').floor(), 'l-1')))
    expect(killed).to.include({ status: 'expired', clientOrderId: 'l-1' })
    expect(sim.executions()).to.deep.equal([])
    // the quote is the ask plus 5 bps: a limit at the ask with 10 bps of slippage takes it
    const filled = await lastValueFrom(account.placeOrder(limit(ask, 'l-2', 10)))
    expect(filled).to.include({ status: 'filled', clientOrderId: 'l-2' })
    expect(filled.price?.eq(ask)).to.equal(true)
    expect(sim.executions()).to.have.length(1)
    const found = await lastValueFrom(account.getOrder({ symbol: 'BTC/USD', id: filled.id ?? '' }))
    expect(found).to.include({ status: 'filled', id: filled.id })
  })

  it('refuses before sending what FalconX cannot run as asked: a quote amount, a limit not fill-or-kill or off its price', async () => {
    await start()
    const events = record(sim.events$)
    const refusal = (request: FalconxOrderRequest) =>
      lastValueFrom(account.placeOrder(request)).then(
        () => 'placed',
        (e: unknown) => (e instanceof VenueError ? `${e.kind}: ${e.message}` : String(e)),
      )
    const base = { symbol: 'BTC/USD' as const, side: 'buy' as const }
    expect(await refusal({ ...base, type: 'market', quoteQuantity: d('100') })).to.match(
      /^invalid-request: .*refused before sending: orders take a base quantity/,
    )
    const limit = { ...base, type: 'limit' as const, price: d('50000'), quantity: d('0.1') }
    expect(await refusal({ ...limit, timeInForce: 'GTC' })).to.match(
      /^invalid-request: .*timeInForce must be one of FOK/,
    )
    expect(await refusal({ ...limit, price: undefined })).to.match(/^invalid-request: .*needs a price/)
    expect(events.seen.filter((e) => e.type === 'request' && e.path === '/v1/order')).to.deep.equal([])
    expect(sim.executions()).to.deep.equal([])
    events.stop()
  })

  it('an order whose placement answer is lost: one order at the venue, found by its client order id', async () => {
    await start()
    const events = record(sim.events$)
    sim.faults.loseNextResponse()
    const order = await lastValueFrom(
      account.placeOrder({
        symbol: 'BTC/USD',
        side: 'sell',
        type: 'market',
        quantity: d('0.5'),
        clientOrderId: 'lost-1',
      }),
    )
    expect(order).to.include({ status: 'filled', clientOrderId: 'lost-1' })
    expect(sim.executions().filter((e) => e['client_order_id'] === 'lost-1')).to.have.length(1)
    const placements = events.seen.filter((e) => e.type === 'request' && e.path === '/v1/order')
    expect(placements.map((e) => (e.type === 'request' ? e.status : -1))).to.deep.equal([0])
    events.stop()
  })

  it('an order whose placement answer is lost is on orderUpdates$ and its fill on fills$, once', async () => {
    await start()
    const fills = record(account.fills$())
    const orders = record(account.orderUpdates$())
    sim.faults.loseNextResponse()
    const request = { symbol: 'BTC/USD', side: 'buy', type: 'market', quantity: d('0.2') } as const
    const order = await lastValueFrom(account.placeOrder({ ...request, clientOrderId: 'lost-2' }))
    await lastValueFrom(account.getOrder({ symbol: 'BTC/USD', clientOrderId: 'lost-2' }))

    const fill = await fills.until((f) => f.clientOrderId === 'lost-2', 'the fill of the order')
    await orders.until((o) => o.clientOrderId === 'lost-2' && o.status === 'filled', 'the filled order')
    expect(fill).to.include({ orderId: order.id, tradeId: order.id, side: 'buy' })
    expect(fill.quantity.eq('0.2')).to.equal(true)
    expect(
      fills.count((f) => f.clientOrderId === 'lost-2'),
      'fills of the order',
    ).to.equal(1)
    expect(
      orders.count((o) => o.clientOrderId === 'lost-2'),
      'updates of the order',
    ).to.equal(1)
    fills.stop()
    orders.stop()
  })

  it('finds an order by its client order id long after the receive window', async () => {
    // FalconX finds executed quotes by time: the driver's clock and the venue's move on together
    const at = Date.UTC(2025, 5, 2, 12, 0, 0)
    const clock = new SteppedClock(at)
    sim = await FalconxSimulator.start({ seed: 8, tickMs: 'manual', clock: { at } })
    client = createClient({
      venues: { falconx: { ...sim.clientOptions(), logger: silentLogger, scheduler: clock } },
      logger: silentLogger,
    })
    account = client.account('falconx')
    const request = { symbol: 'BTC/USD', side: 'buy', type: 'market', quantity: d('0.1') } as const
    const order = await lastValueFrom(account.placeOrder({ ...request, clientOrderId: 'late-1' }))
    const later = 5 * 60_000
    clock.advance(later)
    sim.advanceClock(later)

    const found = await lastValueFrom(account.getOrder({ symbol: 'BTC/USD', clientOrderId: 'late-1' }))

    expect(found).to.include({ id: order.id, clientOrderId: 'late-1', status: 'filled' })

    // days later (a manager restarted on a journal of that day): found from the time the ref gives
    const days = 3 * 86_400_000
    clock.advance(days)
    sim.advanceClock(days)
    const unbounded = await lastValueFrom(
      account.getOrder({ symbol: 'BTC/USD', clientOrderId: 'late-1' }),
    ).catch((e: unknown) => e)
    expect(unbounded, 'a day back by default').to.include({ kind: 'not-found' })
    const dated = await lastValueFrom(
      account.getOrder({ symbol: 'BTC/USD', clientOrderId: 'late-1', createdAt: order.createdAt }),
    )
    expect(dated).to.include({ id: order.id, status: 'filled' })
  })

  it('reads a quote whose prices a double would round, exactly', async () => {
    await start({
      instruments: [
        {
          symbol: 'TINY/USD',
          tickSize: '1e-22',
          lotSize: '1',
          startPrice: '0.1234567890123456789012',
          maxLevelSize: '1000',
        },
      ],
      balances: { USD: '1000', TINY: '1000' },
    })
    const venue = client.venue('falconx')
    if (!hasRfq(venue)) throw new Error('no rfq')
    const quote = await firstValueFrom(
      venue.rfq.quote$({ symbol: 'TINY/USD', side: 'two-way', quantity: d('3') }),
    )
    const truth = sim.quote(quote.id)
    const ask = (truth['buy_price'] as Decimal).toFixed()
    expect(ask.length).to.be.above(17)
    expect(Number(ask).toString()).not.to.equal(ask)
    expect(quote.ask?.toFixed()).to.equal(ask)
    expect(quote.bid?.toFixed()).to.equal((truth['sell_price'] as Decimal).toFixed())
  })

  it('refuses what FalconX does not offer with a clear error: book, trades, cancel', async () => {
    await start()
    const refused = async (p: Promise<unknown>) => {
      const e = await p.catch((x: unknown) => x)
      expect(e).to.be.instanceOf(VenueError)
      return e as VenueError
    }
    const book = await refused(firstValueFrom(client.orderBook$('falconx', 'BTC/USD')))
    expect(book.kind).to.equal('invalid-request')
    expect(book.message).to.match(/falconx does not support order book streams/)
    expect((await refused(firstValueFrom(client.trades$('falconx', 'BTC/USD')))).kind).to.equal(
      'invalid-request',
    )
    const cancel = await refused(lastValueFrom(account.cancelOrder({ symbol: 'BTC/USD', id: 'x' })))
    expect(cancel.message).to.match(/nothing rests to cancel/)
  })

  it('has no rfq or trading without the passphrase', async () => {
    await start()
    const bare = createClient({
      venues: {
        falconx: { restUrl: sim.restUrl, apiKey: sim.apiKey, secret: sim.secret, logger: silentLogger },
      },
      logger: silentLogger,
    })
    const venue = bare.venue('falconx')
    expect(venue.rfq).to.equal(undefined)
    expect(venue.trading).to.equal(undefined)
    await bare.close()
  })
})
