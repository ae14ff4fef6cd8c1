/**
 * The client's Coinbase trading parts wired the way a driver wires them (the kit's spec context,
 * driver account and trading surface), against the simulator's routes and user channel on 127.0.0.1.
 */
import { expect } from 'chai'
import { firstValueFrom, of, take, toArray } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Order, OrderRequest } from '../../../lib/core/model.js'
import type { VenueTrading } from '../../../lib/venues/contract/trading.js'
import type { DriverContext } from '../../../lib/venues/kit/driver-base.js'
import type { ResolvedVenueOptions } from '../../../lib/venues/kit/resolved-options.js'
import { createSpecContext } from '../../../lib/venues/kit/spec-context.js'
import type { VenueSpec } from '../../../lib/venues/kit/spec.js'
import { createDriverAccount } from '../../../lib/venues/kit/trading/driver-account.js'
import { createTradingSurface } from '../../../lib/venues/kit/trading/surface.js'
import {
  coinbaseBalances,
  coinbaseRequestCost,
  type CoinbaseAccount,
} from '../../../lib/venues/coinbase/account.js'
import { coinbaseErrorBody } from '../../../lib/venues/coinbase/context.js'
import type { CoinbaseOrderRequest } from '../../../lib/venues/coinbase/order-entry.js'
import { createCoinbaseOrders, type CoinbaseOrders } from '../../../lib/venues/coinbase/orders.js'
import {
  COINBASE_ERRORS,
  COINBASE_PRIVATE_RATE_WINDOWS,
  COINBASE_TRADING_CAPABILITIES,
} from '../../../lib/venues/coinbase/spec.js'
import { coinbaseSigner, createCoinbaseSigner } from '../../../lib/venues/coinbase/sign.js'
import { createCoinbasePushes } from '../../../lib/venues/coinbase/user-socket.js'
import { KEY_NAME, keyPair, startRig, SYMBOL, type Rig } from './trading-rig.js'

const d = (v: string) => new Decimal(v)

const SPEC = {
  id: 'coinbase',
  networks: {
    mainnet: {
      rest: 'https://api.coinbase.com',
      ws: 'wss://advanced-trade-ws.coinbase.com',
      privateWs: 'wss://advanced-trade-ws-user.coinbase.com',
    },
  },
  capabilities: {
    marketData: { book: false, trades: false, ticker: false, candleIntervals: [] },
    history: { candleIntervals: [], trades: false },
    trading: COINBASE_TRADING_CAPABILITIES,
  },
  intervals: {},
  rateWindows: COINBASE_PRIVATE_RATE_WINDOWS,
  usage: [],
  errors: COINBASE_ERRORS,
  defaults: {
    maxBodyBytes: 8 << 20,
    maxFrameBytes: 1 << 20,
    staleAfterMs: 30_000,
    instrumentsTtlMs: 3_600_000,
    // a create signed now is accepted while its JWT lives
    recvWindowMs: 120_000,
  },
} as const satisfies VenueSpec<'coinbase'>

const RECONCILE = { lookupDelayMs: 5, maxLookupDelayMs: 20, graceMs: 0 }

/**
 * Resolves once `done()` holds, checking after each turn of the event loop; gives up (fails) after
 * `ms`, so a failed test ends instead of keeping the process alive.
 */
async function until(done: () => boolean, ms = 10_000): Promise<void> {
  const giveUpAt = Date.now() + ms
  while (!done()) {
    if (Date.now() > giveUpAt) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

interface Client {
  readonly ctx: DriverContext<'coinbase', ResolvedVenueOptions>
  readonly trading: VenueTrading
  readonly orders: CoinbaseOrders
}

describe('coinbase trading parts against the simulator', function () {
  this.timeout(15_000)
  let rig: Rig
  const clients: Client[] = []

  function client(options: { readonly userKeyPem?: string } = {}): Client {
    const ctx = createSpecContext(
      SPEC,
      {
        restUrl: rig.restUrl,
        privateWsUrl: rig.wsUrl,
        apiKey: KEY_NAME,
        secret: rig.pem,
        // a lost create is then settled within a second; live it is the JWT's two minutes
        recvWindowMs: 300,
        logger: silentLogger,
        backoff: { initialMs: 5, maxMs: 5, jitter: 'none' },
      },
      {
        fetchServerTime: () => of(rig.clock.now()),
        errorBody: coinbaseErrorBody,
        onResponse: () => undefined,
        signer: coinbaseSigner,
        signatureHeader: 'authorization',
        listing: () => of([rig.market.instrument]),
      },
    ) as DriverContext<'coinbase', ResolvedVenueOptions>
    const driverAccount = createDriverAccount(ctx, coinbaseRequestCost)
    const account: CoinbaseAccount = {
      api: driverAccount.api,
      send: driverAccount.send,
      scheduler: ctx.scheduler,
      now: () => ctx.clock.now(),
      symbols: () => ctx.symbols(),
    }
    const orders = createCoinbaseOrders(account, { reconcile: RECONCILE, settleLookups: 3 })
    const signer = createCoinbaseSigner({ apiKey: KEY_NAME, secret: options.userKeyPem ?? rig.pem })
    const trading = createTradingSurface(driverAccount.surfaceContext(RECONCILE), {
      venue: 'coinbase',
      capabilities: COINBASE_TRADING_CAPABILITIES,
      ...orders,
      balances: () => coinbaseBalances(account),
      pushes: createCoinbasePushes(ctx, signer, { productIds: ['BTC-USD'] }),
    })
    const made = { ctx, trading, orders }
    clients.push(made)
    return made
  }

  const limitBuy = (clientOrderId: string, extra: Partial<CoinbaseOrderRequest> = {}): OrderRequest =>
    ({
      symbol: SYMBOL,
      side: 'buy',
      type: 'limit',
      price: d('49000'),
      quantity: d('0.1'),
      clientOrderId,
      ...extra,
    }) as OrderRequest

  async function failure(p: Promise<unknown>): Promise<VenueError> {
    try {
      await p
    } catch (e) {
      expect(e).to.be.instanceOf(VenueError)
      return e as VenueError
    }
    throw new Error('expected a failure')
  }

  beforeEach(async () => {
    rig = await startRig()
    rig.push({ snapshot: true, bids: [['49990.00', '1']], asks: [['50000.00', '1']] })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.ctx.close()
    await rig.close()
  })

  it('places, finds, lists and cancels a limit order with signed requests the simulator accepts', async () => {
    const { trading, orders } = client()
    const placed = await firstValueFrom(trading.placeOrder(limitBuy('e2e-1')))
    expect(placed).to.include({ status: 'new', clientOrderId: 'e2e-1', timeInForce: 'GTC' })
    const stored = rig.ctx.orders.byClientId('e2e-1')
    expect(placed.id).to.equal(stored?.orderId)
    expect(stored?.kind).to.equal('limit_limit_gtc')
    const found = await firstValueFrom(trading.getOrder({ symbol: SYMBOL, clientOrderId: 'e2e-1' }))
    expect(found).to.include({ id: placed.id, status: 'new' })
    expect((await firstValueFrom(trading.openOrders(SYMBOL))).map((o) => o.id)).to.deep.equal([placed.id])
    const usd = (await firstValueFrom(trading.balances())).find((b) => b.asset === 'USD')
    // held: the buy's value 4900 and its fee at the taker rate
    expect([usd?.free.toFixed(), usd?.locked.toFixed(), usd?.total.toFixed()]).to.deep.equal([
      '95070.6',
      '4929.4',
      '100000',
    ])
    const canceled = await firstValueFrom(trading.cancelOrder({ symbol: SYMBOL, clientOrderId: 'e2e-1' }))
    expect(canceled).to.include({ id: placed.id, status: 'canceled' })
    expect(await firstValueFrom(trading.openOrders(SYMBOL))).to.deep.equal([])
    const history = await firstValueFrom(orders.orderHistory({ symbol: SYMBOL }))
    expect(history.map((o) => [o.id, o.status])).to.deep.equal([[placed.id, 'canceled']])
    expect(rig.seen.every((r) => r.status === 200)).to.equal(true)
    expect(rig.seen.some((r) => r.path === '/api/v3/brokerage/orders/batch_cancel')).to.equal(true)
  })

  it('places a good-till-date order with expiresAt', async () => {
    const { trading } = client()
    const expiresAt = new Date(rig.clock.now() + 3_600_000)
    await firstValueFrom(trading.placeOrder(limitBuy('gtd-1', { expiresAt, timeInForce: 'PostOnly' })))
    const stored = rig.ctx.orders.byClientId('gtd-1')
    expect(stored?.kind).to.equal('limit_limit_gtd')
    expect(stored?.configuration).to.include({ end_time: expiresAt.toISOString(), post_only: true })
  })

  it('fails an order the account cannot pay with insufficient-funds, naming the client order id', async () => {
    const e = await failure(
      firstValueFrom(client().trading.placeOrder(limitBuy('big-1', { quantity: d('10') }))),
    )
    expect(e).to.include({ kind: 'insufficient-funds', code: 'INSUFFICIENT_FUND', clientOrderId: 'big-1' })
    expect(rig.ctx.orders.all()).to.have.length(0)
  })

  it('finds an order whose answer was lost, by client order id, and places it only once', async () => {
    rig.faults.loseNextResponse()
    const placed = await firstValueFrom(client().trading.placeOrder(limitBuy('lost-1')))
    expect(placed).to.include({ clientOrderId: 'lost-1', status: 'new' })
    expect(rig.ctx.orders.all().map((e) => e.clientOrderId)).to.deep.equal(['lost-1'])
    expect(placed.id).to.equal(rig.ctx.orders.byClientId('lost-1')?.orderId)
    const lookups = rig.seen.filter((r) => r.path === '/api/v3/brokerage/orders/historical/batch')
    expect(lookups.length).to.be.greaterThan(0)
    expect(lookups[0]?.query).to.include('product_ids=BTC-USD')
  })

  it('finds an order whose answer named no order id', async () => {
    rig.faults.spoilNextOrderAnswer('no-id')
    const placed = await firstValueFrom(client().trading.placeOrder(limitBuy('spoiled-1')))
    expect(placed.id).to.equal(rig.ctx.orders.byClientId('spoiled-1')?.orderId)
    expect(rig.ctx.orders.all()).to.have.length(1)
  })

  it('pushes order updates and fills from the user channel, fills derived from the running totals', async () => {
    const { trading, orders } = client()
    const updates: Order[] = []
    const updates$ = trading.orderUpdates$().subscribe((o) => updates.push(o))
    const fills = firstValueFrom(trading.fills$().pipe(take(2), toArray()))
    const resting = await firstValueFrom(trading.placeOrder(limitBuy('fill-1')))
    await until(() => updates.some((o) => o.id === resting.id))
    // the market's bid goes first, then 0.03 and 0.07 of the resting order, in two frames
    rig.push({ trades: [{ side: 'sell', size: '1.03', price: '49000.00' }] })
    rig.push({ trades: [{ side: 'sell', size: '0.07', price: '49000.00' }] })
    const [first, second] = await fills
    expect(first).to.deep.include({
      symbol: SYMBOL,
      orderId: resting.id,
      clientOrderId: 'fill-1',
      side: 'buy',
      feeAsset: 'USD',
      tradeId: `${resting.id ?? ''}:0.03`,
    })
    expect([first?.quantity.toFixed(), first?.price.toFixed(), first?.fee.toFixed()]).to.deep.equal([
      '0.03',
      '49000',
      '5.88',
    ])
    expect([second?.quantity.toFixed(), second?.tradeId]).to.deep.equal(['0.07', `${resting.id ?? ''}:0.1`])
    await until(() => updates.some((o) => o.status === 'filled'))
    expect(updates.map((o) => [o.clientOrderId, o.status, o.filledQuantity.toFixed()])).to.deep.equal([
      ['fill-1', 'new', '0'],
      ['fill-1', 'partially-filled', '0.03'],
      ['fill-1', 'filled', '0.1'],
    ])
    updates$.unsubscribe()
    // the REST fills have the exchange's own trade ids and liquidity
    const history = await firstValueFrom(orders.fills({ symbol: SYMBOL }))
    expect(history.map((f) => [f.quantity.toFixed(), f.liquidity])).to.have.deep.members([
      ['0.03', 'maker'],
      ['0.07', 'maker'],
    ])
    expect(history.every((f) => !f.tradeId.includes(':'))).to.equal(true)
  })

  it('moves the balances exactly by the fills: value and commission in USD, the base in full', async () => {
    const { trading, orders } = client()
    const balances = async () => {
      const all = await firstValueFrom(trading.balances())
      const of = (asset: string) => all.find((b) => b.asset === asset)?.total ?? d('0')
      return { USD: of('USD'), BTC: of('BTC') }
    }
    const before = await balances()
    // a maker buy of 0.1 at 49000 (the market's bid at 49990 goes first), then a taker buy of 0.05 at 50000
    await firstValueFrom(trading.placeOrder(limitBuy('fees-1')))
    rig.push({ trades: [{ side: 'sell', size: '1.1', price: '49000.00' }] })
    await firstValueFrom(
      trading.placeOrder({
        symbol: SYMBOL,
        side: 'buy',
        type: 'market',
        quantity: d('0.05'),
        clientOrderId: 'fees-2',
      }),
    )
    const fills = await firstValueFrom(orders.fills({ symbol: SYMBOL }))
    expect(
      fills.map((f) => [f.liquidity, f.quantity.toFixed(), f.fee.toFixed(), f.feeAsset]),
    ).to.have.deep.members([
      ['maker', '0.1', '19.6', 'USD'],
      ['taker', '0.05', '15', 'USD'],
    ])
    const paid = fills.reduce((sum, f) => sum.plus(f.price.mul(f.quantity)).plus(f.fee), d('0'))
    const bought = fills.reduce((sum, f) => sum.plus(f.quantity), d('0'))
    const after = await balances()
    expect(after.USD.minus(before.USD).toFixed(), 'USD: value and commission').to.equal(paid.neg().toFixed())
    expect(after.BTC.minus(before.BTC).toFixed(), 'BTC: what the fills bought').to.equal(bought.toFixed())
    expect(paid.toFixed()).to.equal('7434.6')
  })

  it('subscribes the user channel with its products and heartbeats, a fresh JWT each time, again after a drop', async () => {
    const { trading, ctx } = client()
    const seen: Order[] = []
    const sub = trading.orderUpdates$().subscribe((o) => seen.push(o))
    await firstValueFrom(trading.placeOrder(limitBuy('re-1')))
    await until(() => rig.feed.has('user') && rig.feed.has('heartbeats') && seen.length > 0)
    rig.faults.dropSockets()
    await until(() => !rig.feed.has('user'))
    // filled while the socket is down: the resubscribed snapshot no longer lists it, the lookup after
    // the reconnect finds it
    rig.push({ trades: [{ side: 'sell', size: '1.1', price: '49000.00' }] })
    await until(() => rig.feed.has('user'))
    await until(() => seen.some((o) => o.status === 'filled'))
    // user and heartbeats subscribed twice, each message with a JWT of its own
    const wsJwts = [...ctx.secrets].filter((s) => s.startsWith('eyJ'))
    expect(wsJwts.length).to.be.at.least(4)
    expect(new Set(wsJwts).size).to.equal(wsJwts.length)
    sub.unsubscribe()
  })

  it('fails the pushes with auth when the user channel refuses the JWT', async () => {
    const { trading } = client({ userKeyPem: keyPair().pem })
    const e = await failure(firstValueFrom(trading.orderUpdates$()))
    expect(e.kind).to.equal('auth')
    expect(e.message).to.include('authentication failure')
  })
})
