/**
 * The Prime driver against its simulator on 127.0.0.1: an order's life (a lost create answer giving
 * exactly one order, an edit, fills, a cancel), Prime's own calls (TWAP with an expiry, preview,
 * balances, wallets, fills), signatures checked as Prime checks them, and the portfolio discovered.
 */
import { expect } from 'chai'
import { createHmac } from 'node:crypto'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { VenueError } from '../../lib/core/errors.js'
import { silentLogger } from '../../lib/core/logging.js'
import type { Order } from '../../lib/core/model.js'
import { createPrimeVenue, type PrimeVenue } from '../../lib/venues/prime/driver.js'
import type { PrimeTrading } from '../../lib/venues/prime/trading.js'
import { PrimeSimulator } from '../../lib/testing/prime/prime-simulator.js'
import { record } from './support.js'

const d = (v: string) => new Decimal(v)
const SYMBOL = 'BTC/USD'
const idOf = (o: Order): string => {
  if (o.id === undefined) throw new Error(`order ${o.clientOrderId} has no id`)
  return o.id
}
const BACKOFF = { initialMs: 5, maxMs: 40, jitter: 'none' } as const

describe('prime e2e: trading on the simulator', () => {
  let sim: PrimeSimulator
  let venue: PrimeVenue
  let trading: PrimeTrading

  beforeEach(async () => {
    sim = await PrimeSimulator.start({ seed: 7, tickMs: 'manual' })
    venue = createPrimeVenue({ ...sim.clientOptions(), logger: silentLogger, backoff: BACKOFF })
    if (venue.trading === undefined) throw new Error('no trading with a key')
    trading = venue.trading
  })

  afterEach(async () => {
    await venue?.close()
    await sim?.close()
  })

  it('a create whose answer is lost gives exactly one order; edit, partial fill, cancel follow it', async () => {
    const updates = record(trading.orderUpdates$())
    const fills = record(trading.fills$())
    await sim.privateSubscribed()
    const bid = sim.book(SYMBOL, 1).bids[0]?.price
    if (bid === undefined) throw new Error('no bid')
    const price = bid.minus('100')
    sim.faults.loseNextResponse()
    const placed = await lastValueFrom(
      trading.placeOrder({
        symbol: SYMBOL,
        side: 'buy',
        type: 'limit',
        price,
        quantity: d('0.5'),
        clientOrderId: 'lost-1',
      }),
    )
    expect(placed).to.include({ clientOrderId: 'lost-1', status: 'new' })
    const atVenue = sim.allOrders(SYMBOL).filter((o) => o['client_order_id'] === 'lost-1')
    expect(atVenue, 'orders at the venue').to.have.length(1)
    expect(placed.id).to.equal(atVenue[0]?.['id'])

    const amend = trading.amendOrder
    if (amend === undefined) throw new Error('prime declares amend')
    const edited = await lastValueFrom(
      amend({ symbol: SYMBOL, id: idOf(placed) }, { price: price.minus('1') }),
    )
    expect(edited.price?.toString()).to.equal(price.minus('1').toString())
    expect(sim.allOrders(SYMBOL)[0]?.['limit_price']).to.equal(price.minus('1').toFixed(2))

    sim.fillOrder({ symbol: SYMBOL, clientOrderId: 'lost-1' }, '0.2')
    const partial = await updates.until(
      (o: Order) => o.status === 'partially-filled',
      'the partial fill pushed',
    )
    expect(partial.filledQuantity.toString()).to.equal('0.2')
    const fill = await fills.until(() => true, 'the fill derived from the push')
    expect(fill).to.include({ symbol: SYMBOL, side: 'buy', orderId: placed.id, feeAsset: 'USD' })
    expect(fill.quantity.toString()).to.equal('0.2')
    expect(fill.price.toString()).to.equal(price.minus('1').toString())
    const orderFills = await lastValueFrom(trading.orderFills({ symbol: SYMBOL, id: idOf(placed) }))
    expect(orderFills.map((f) => f.quantity.toString())).to.deep.equal(['0.2'])

    const canceled = await lastValueFrom(trading.cancelOrder({ symbol: SYMBOL, clientOrderId: 'lost-1' }))
    expect(canceled.status).to.equal('canceled')
    expect(await lastValueFrom(trading.openOrders(SYMBOL))).to.deep.equal([])
    expect(sim.allOrders(SYMBOL), 'still one order').to.have.length(1)
    updates.stop()
    fills.stop()
  })

  it('a TWAP rests with its start and expiry, and expires on the venue clock', async () => {
    const bid = sim.book(SYMBOL, 1).bids[0]?.price ?? d('1')
    const now = sim.now()
    const twap = await lastValueFrom(
      trading.placeOrder({
        symbol: SYMBOL,
        side: 'buy',
        type: 'limit',
        price: bid.minus('500'),
        quantity: d('1'),
        prime: { type: 'TWAP', startTime: new Date(now), expiryTime: new Date(now + 60_000) },
      }),
    )
    const atVenue = sim.allOrders(SYMBOL)[0]
    expect(atVenue).to.include({
      type: 'TWAP',
      status: 'OPEN',
      expiry_time: new Date(now + 60_000).toISOString(),
    })
    sim.advanceClock(61_000)
    const after = await lastValueFrom(trading.getOrder({ symbol: SYMBOL, id: idOf(twap) }))
    expect(after.status).to.equal('expired')
  })

  it('preview, trading and vault balances, wallets and executions', async () => {
    const preview = await lastValueFrom(
      trading.previewOrder({ symbol: SYMBOL, side: 'buy', type: 'market', quantity: d('1') }),
    )
    const ask = sim.book(SYMBOL, 1).asks[0]?.price
    expect(preview.bestAsk?.toString()).to.equal(ask?.toString())
    expect(preview.orderTotal?.gt(0)).to.equal(true)
    expect(sim.allOrders(), 'a preview places nothing').to.deep.equal([])
    // a quote buy pays its commission (the default taker fee, 0.1 %) out of the quote value: the total is the value asked for
    const byQuote = await lastValueFrom(
      trading.previewOrder({ symbol: SYMBOL, side: 'buy', type: 'market', quoteQuantity: d('1000') }),
    )
    expect(byQuote.orderTotal?.toFixed()).to.equal('1000')
    expect(byQuote.commission?.toDecimalPlaces(6).toFixed()).to.equal(
      d('1000').minus(d('1000').div('1.001')).toDecimalPlaces(6).toFixed(),
    )

    const balances = await lastValueFrom(trading.balances())
    expect(balances.find((b) => b.asset === 'USD')?.total.toString()).to.equal('1000000')
    const vault = await lastValueFrom(trading.vaultBalances())
    expect(vault.find((b) => b.asset === 'BTC')?.total.toString()).to.equal('0')
    const wallets = await lastValueFrom(trading.wallets('VAULT'))
    expect(wallets.map((w) => `${w.symbol} ${w.type}`)).to.include('ETH VAULT')

    const bought = await lastValueFrom(
      trading.placeOrder({ symbol: SYMBOL, side: 'buy', type: 'market', quantity: d('0.1') }),
    )
    const done = await lastValueFrom(trading.getOrder({ symbol: SYMBOL, id: idOf(bought) }))
    expect(done.status).to.equal('filled')
    const executions = await lastValueFrom(trading.executions({ symbol: SYMBOL }))
    expect(executions.reduce((sum, f) => sum.plus(f.quantity), d('0')).toString()).to.equal('0.1')
    // Prime charges the fee in the quote: the BTC bought arrives whole, USD pays value and commission
    expect(sim.balance('BTC').total.toString()).to.equal('10.1')
    expect(executions.map((f) => f.feeAsset)).to.deep.equal(executions.map(() => 'USD'))
    const paid = executions.reduce((sum, f) => sum.plus(f.price.mul(f.quantity)).plus(f.fee), d('0'))
    expect(paid.gt(executions.reduce((sum, f) => sum.plus(f.price.mul(f.quantity)), d('0')))).to.equal(true)
    expect(sim.balance('USD').total.toFixed()).to.equal(d('1000000').minus(paid).toFixed())
  })
})

describe('prime e2e: signatures and portfolios at the simulator', () => {
  let sim: PrimeSimulator

  beforeEach(async () => {
    sim = await PrimeSimulator.start({ seed: 9, tickMs: 'manual', portfolios: ['p-one', 'p-two'] })
  })

  afterEach(async () => {
    await sim?.close()
  })

  const call = (
    path: string,
    sign: { readonly path?: string; readonly key?: Buffer | string; readonly ts?: number } = {},
  ) => {
    const { apiKey, secret, passphrase } = sim.clientOptions()
    const ts = String(Math.floor((sign.ts ?? sim.now()) / 1000))
    const signature = createHmac('sha256', sign.key ?? secret)
      .update(`${ts}GET${sign.path ?? path.split('?')[0] ?? ''}`)
      .digest('base64')
    return fetch(`${sim.restUrl}${path}`, {
      headers: {
        'X-CB-ACCESS-KEY': apiKey,
        'X-CB-ACCESS-PASSPHRASE': passphrase,
        'X-CB-ACCESS-TIMESTAMP': ts,
        'X-CB-ACCESS-SIGNATURE': signature,
      },
    })
  }

  it('takes the documented signature, and refuses a query in the signed path, a decoded key, an old timestamp', async () => {
    const path = '/v1/portfolios/p-one/wallets?type=VAULT'
    expect((await call(path)).status).to.equal(200)
    const withQuery = await call(path, { path })
    expect(withQuery.status).to.equal(401)
    expect(await withQuery.json()).to.include({ code: 'AUTHENTICATION_FAILED' })
    const decoded = await call(path, { key: Buffer.from(sim.clientOptions().secret, 'base64') })
    expect(decoded.status).to.equal(401)
    expect((await call(path, { ts: sim.now() - 31_000 })).status).to.equal(401)
  })

  it('with several portfolios and none chosen, calls fail naming them; with one chosen they work', async () => {
    const guess = createPrimeVenue({ ...sim.clientOptions(), logger: silentLogger })
    const failed = await firstValueFrom(guess.instruments()).catch((e: unknown) => e)
    expect(failed).to.be.instanceOf(VenueError)
    expect((failed as VenueError).kind).to.equal('invalid-request')
    expect((failed as VenueError).message)
      .to.include('p-one')
      .and.include('p-two')
    await guess.close()

    const requests = record(sim.events$)
    const chosen = createPrimeVenue({ ...sim.clientOptions(), portfolioId: 'p-two', logger: silentLogger })
    const listed = await firstValueFrom(chosen.instruments())
    expect(listed.map((i) => i.symbol)).to.deep.equal(['BTC/USD', 'ETH/USD'])
    const asked = requests.seen.flatMap((e) =>
      e.type === 'request' ? [`${e.method} ${e.path} ${e.status}`] : [],
    )
    expect(asked).to.include('GET /v1/portfolios/p-two/products 200')
    // the one `GET /v1/portfolios` is unsigned, refused: the driver reads the venue time from its `Date`
    expect(
      asked.filter((a) => a.startsWith('GET /v1/portfolios ')),
      'no discovery',
    ).to.deep.equal(['GET /v1/portfolios 401'])
    requests.stop()
    await chosen.close()
  })
})

describe('prime e2e: the portfolio discovered once', () => {
  it('calls made together before the portfolio is known ask GET /v1/portfolios once', async () => {
    const sim = await PrimeSimulator.start({ seed: 12, tickMs: 'manual' })
    const venue = createPrimeVenue({ ...sim.clientOptions(), logger: silentLogger })
    const requests = record(sim.events$)
    const trading = venue.trading
    if (trading === undefined) throw new Error('no trading with a key')
    await Promise.all([lastValueFrom(trading.balances()), lastValueFrom(trading.wallets('VAULT'))])
    const discovery = requests.seen.filter(
      (e) => e.type === 'request' && e.path === '/v1/portfolios' && e.status === 200,
    )
    expect(discovery).to.have.length(1)
    requests.stop()
    await venue.close()
    await sim.close()
  })
})
