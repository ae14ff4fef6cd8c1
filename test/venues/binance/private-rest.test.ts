import { expect } from 'chai'
import { asyncScheduler, defer, firstValueFrom, identity, of, Subject } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { SecretList } from '../../../lib/core/secret-list.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { ClockSync } from '../../../lib/transport/clock.js'
import { RestClient } from '../../../lib/transport/rest.js'
import { binanceErrorBody } from '../../../lib/venues/binance/context.js'
import { BINANCE_SPEC } from '../../../lib/venues/binance/spec.js'
import { specResponseError } from '../../../lib/venues/kit/error-response.js'
import { resolveBinanceOptions } from '../../../lib/venues/binance/options.js'
import { createBinanceTrading, type BinanceTradingContext } from '../../../lib/venues/binance/private.js'
import { signBinanceRequest } from '../../../lib/venues/binance/sign.js'
import { API_KEY, BTCUSDT, FakeBinance, SECRET } from './private-fake.js'

const d = (s: string) => new Decimal(s)

function setup(recvWindowMs = 5000) {
  const fake = new FakeBinance(() => Date.now())
  const samples = { count: 0 }
  const clock = new ClockSync({
    fetchServerTime: () => defer(() => (samples.count++, of(fake.serverTime()))),
    venue: 'binance',
  })
  const privateRest = new RestClient({
    baseUrl: 'https://api.binance.test',
    venue: 'binance',
    transport: fake,
    clock,
    retry: { count: 0 },
    sign: (request, now) =>
      signBinanceRequest(request, { apiKey: API_KEY, secret: SECRET, recvWindowMs }, now),
    mapError: (response, info) => specResponseError(BINANCE_SPEC, binanceErrorBody, response, info, 0),
  })
  const events = new Subject<unknown>()
  const ctx: BinanceTradingContext = {
    venue: 'binance',
    options: resolveBinanceOptions({
      apiKey: API_KEY,
      secret: SECRET,
      recvWindowMs,
      wsApiUrl: 'ws://127.0.0.1:1/unused',
    }),
    closed: false,
    watchSocket: () => () => undefined,
    privateRest,
    clock,
    scheduler: asyncScheduler,
    logger: silentLogger,
    secrets: new SecretList([API_KEY, SECRET]),
    symbols: () => of(new SymbolMap('binance', [BTCUSDT])),
    emit: (e) => events.next(e),
    onClose: () => undefined,
    untilClosed: () => identity,
  }
  const trading = createBinanceTrading(ctx, {
    reconcile: { lookupDelayMs: 5, maxLookupDelayMs: 10, graceMs: 0, giveUpAfterMs: 2000 },
  })
  return { fake, clock, trading, samples }
}

const limitBuy = {
  symbol: 'BTC/USDT' as const,
  side: 'buy' as const,
  type: 'limit' as const,
  price: d('60000.10'),
  quantity: d('0.00123'),
  clientOrderId: 'cid-1',
}

describe('binance private REST against a signature-checking fake', () => {
  it('places a limit order: signed POST, parameters as documented, order as acknowledged', async () => {
    const { fake, trading } = setup()
    const order = await firstValueFrom(trading.placeOrder(limitBuy))
    const posts = fake.requests.filter((r) => r.method === 'POST')
    expect(posts).to.have.length(1)
    const names = [...(posts[0]?.params.keys() ?? [])]
    expect(names).to.deep.equal([
      'symbol',
      'side',
      'type',
      'timeInForce',
      'quantity',
      'price',
      'newClientOrderId',
      'newOrderRespType',
      'recvWindow',
      'timestamp',
      'signature',
    ])
    expect(Object.fromEntries(posts[0]?.params ?? [])).to.include({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.00123',
      price: '60000.1',
      newClientOrderId: 'cid-1',
      newOrderRespType: 'FULL',
    })
    expect(order.status).to.equal('new')
    expect(order.clientOrderId).to.equal('cid-1')
    expect(order.price?.eq(d('60000.1'))).to.equal(true)
    expect(order.quantity.eq(d('0.00123'))).to.equal(true)
  })

  it('post-only is LIMIT_MAKER; a market buy by quote amount sends quoteOrderQty', async () => {
    const { fake, trading } = setup()
    await firstValueFrom(trading.placeOrder({ ...limitBuy, timeInForce: 'PostOnly', clientOrderId: 'pm' }))
    const quote = await firstValueFrom(
      trading.placeOrder({
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'market',
        quoteQuantity: d('100.5'),
        clientOrderId: 'mq',
      }),
    )
    const [maker, market] = fake.requests
      .filter((r) => r.method === 'POST')
      .map((r) => Object.fromEntries(r.params))
    expect(maker).to.include({ type: 'LIMIT_MAKER' })
    expect(maker).to.not.have.property('timeInForce')
    expect(market).to.include({ type: 'MARKET', quoteOrderQty: '100.5' })
    expect(market).to.not.have.property('quantity')
    expect(quote.quoteQuantity?.eq(d('100.5'))).to.equal(true)
  })

  it('-1021: resyncs the clock and sends the order exactly once more', async () => {
    const { fake, clock, trading, samples } = setup()
    await firstValueFrom(clock.resync())
    fake.skewMs = -30_000 // the venue clock steps back: our timestamps are now ahead
    const order = await firstValueFrom(trading.placeOrder(limitBuy))
    const posts = fake.requests.filter((r) => r.method === 'POST')
    expect(posts).to.have.length(2)
    expect(samples.count).to.equal(2) // the first measurement, and one resync after -1021
    expect(Number(posts[1]?.params.get('timestamp'))).to.be.lessThan(
      Number(posts[0]?.params.get('timestamp')) - 20_000,
    )
    expect(order.status).to.equal('new')
    expect(fake.orders.size).to.equal(1)
  })

  it('a lost answer after the venue accepted: one lookup by client order id, no second order', async () => {
    const { fake, trading } = setup()
    fake.faults.push('lose-after-accept')
    const order = await firstValueFrom(trading.placeOrder(limitBuy))
    expect(fake.requests.filter((r) => r.method === 'POST')).to.have.length(1)
    const lookups = fake.requests.filter((r) => r.method === 'GET' && r.path === '/api/v3/order')
    expect(lookups).to.have.length(1)
    expect(lookups[0]?.params.get('origClientOrderId')).to.equal('cid-1')
    expect(fake.orders.size).to.equal(1)
    expect(order.id).to.equal(String(fake.orders.get('cid-1')?.orderId))
  })

  it('a 5xx is outcome unknown: looked up until definitively absent, then sent once more', async () => {
    const { fake, trading } = setup(50)
    fake.faults.push(503)
    const order = await firstValueFrom(trading.placeOrder(limitBuy))
    const posts = fake.requests.filter((r) => r.method === 'POST')
    expect(posts).to.have.length(2)
    expect(posts.map((p) => p.params.get('newClientOrderId'))).to.deep.equal(['cid-1', 'cid-1'])
    const lookups = fake.requests.filter((r) => r.method === 'GET' && r.path === '/api/v3/order')
    expect(lookups.length).to.be.greaterThan(0)
    // no resend before the lookups were conclusive
    const firstLookup = fake.requests.indexOf(lookups[0]!)
    expect(fake.requests.indexOf(posts[1]!)).to.be.greaterThan(firstLookup)
    expect(fake.orders.size).to.equal(1)
    expect(order.status).to.equal('new')
  })

  it('a lost second attempt is never sent a third time', async () => {
    const { fake, trading } = setup(20)
    fake.faults.push('lose-before-accept', 'lose-before-accept')
    const error = await firstValueFrom(trading.placeOrder(limitBuy)).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError)
    expect((error as VenueError).retryable).to.equal(false)
    expect((error as VenueError).message).to.include('cid-1')
    expect(fake.requests.filter((r) => r.method === 'POST')).to.have.length(2)
  })

  it('cancel (signed DELETE), query, open orders and balances with exact decimals', async () => {
    const { fake, trading } = setup()
    await firstValueFrom(trading.placeOrder(limitBuy))
    const open = await firstValueFrom(trading.openOrders('BTC/USDT'))
    expect(open.map((o) => o.clientOrderId)).to.deep.equal(['cid-1'])
    const got = await firstValueFrom(trading.getOrder({ symbol: 'BTC/USDT', clientOrderId: 'cid-1' }))
    expect(got.status).to.equal('new')
    const canceled = await firstValueFrom(trading.cancelOrder({ symbol: 'BTC/USDT', clientOrderId: 'cid-1' }))
    expect(canceled.status).to.equal('canceled')
    expect(canceled.clientOrderId).to.equal('cid-1')
    const del = fake.requests.find((r) => r.method === 'DELETE')
    expect(del?.params.get('origClientOrderId')).to.equal('cid-1')
    const missing = await firstValueFrom(
      trading.getOrder({ symbol: 'BTC/USDT', clientOrderId: 'nope' }),
    ).catch((e: unknown) => e)
    expect((missing as VenueError).kind).to.equal('not-found')
    const balances = await firstValueFrom(trading.balances())
    const btc = balances.find((b) => b.asset === 'BTC')
    expect(btc?.free.toFixed()).to.equal('4723846.89208129')
    expect(btc?.total.toFixed()).to.equal('4723846.89208129')
    // every signed request carried a valid signature (the fake answers -1022 otherwise)
    expect(fake.requests.every((r) => r.path === '/api/v3/time' || r.params.has('signature'))).to.equal(true)
  })

  it('order history and trades: one symbol, range, limit and order id sent, oldest first', async () => {
    const { fake, trading } = setup()
    await firstValueFrom(trading.placeOrder(limitBuy))
    await firstValueFrom(trading.placeOrder({ ...limitBuy, clientOrderId: 'cid-2' }))
    const second = fake.orders.get('cid-2')
    // a second later, whatever the clock did between the two placements (an order record's age is its `time`)
    if (second !== undefined) second.time = Number(second.time) + 1000
    const from = new Date(1_700_000_000_000)
    const orders = await firstValueFrom(trading.orderHistory({ symbol: 'BTC/USDT', from, limit: 10 }))
    expect(orders.map((o) => o.clientOrderId)).to.deep.equal(['cid-1', 'cid-2'])
    const all = fake.requests.find((r) => r.path === '/api/v3/allOrders')
    expect([all?.params.get('symbol'), all?.params.get('startTime'), all?.params.get('limit')]).to.deep.equal(
      ['BTCUSDT', '1700000000000', '10'],
    )
    expect(all?.params.has('orderId')).to.equal(false)
    const fills = await firstValueFrom(trading.myTrades({ symbol: 'BTC/USDT', orderId: '100234', limit: 1 }))
    expect(fills.map((f) => f.tradeId)).to.deep.equal(['2'])
    const trades = fake.requests.find((r) => r.path === '/api/v3/myTrades')
    expect(trades?.params.get('orderId')).to.equal('100234')
    const both = await firstValueFrom(trading.myTrades({ symbol: 'BTC/USDT' }))
    expect(both.map((f) => f.tradeId)).to.deep.equal(['1', '2'])
  })

  it('refuses an off-tick price before sending anything', async () => {
    const { fake, trading } = setup()
    const error = await firstValueFrom(trading.placeOrder({ ...limitBuy, price: d('60000.001') })).catch(
      (e: unknown) => e,
    )
    expect((error as VenueError).kind).to.equal('invalid-request')
    expect(fake.requests.filter((r) => r.method === 'POST')).to.have.length(0)
  })

  it('every placeOrder error names the client order id, a generated one too', async () => {
    const { fake, trading } = setup()
    const given = (await firstValueFrom(trading.placeOrder({ ...limitBuy, price: d('60000.001') })).catch(
      (e: unknown) => e,
    )) as VenueError
    expect([given.kind, given.clientOrderId, given.message.startsWith('order cid-1 ')]).to.deep.equal([
      'invalid-request',
      'cid-1',
      true,
    ])
    const { clientOrderId: _, ...noId } = limitBuy
    const generated = (await firstValueFrom(trading.placeOrder({ ...noId, symbol: 'DOGE/EUR' })).catch(
      (e: unknown) => e,
    )) as VenueError
    expect(generated.clientOrderId).to.match(/^[0-9a-f-]{36}$/)
    expect(generated.message).to.equal(
      `order ${generated.clientOrderId}: ${(generated.cause as Error).message}`,
    )
    expect(generated.toJSON()).to.include({ kind: 'invalid-request', clientOrderId: generated.clientOrderId })
    expect(fake.requests.filter((r) => r.method === 'POST')).to.have.length(0)
  })
})
