import { expect } from 'chai'
import { firstValueFrom } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { OrderRequest } from '../../../lib/core/model.js'
import { createBybitContext, type BybitContext } from '../../../lib/venues/bybit/context.js'
import type { BybitOptions } from '../../../lib/venues/bybit/options.js'
import { createBybitTrading, type BybitTrading } from '../../../lib/venues/bybit/trading.js'
import { API_KEY, FakeBybit, fixture, SECRET } from './private-fake.js'

const d = (v: string) => new Decimal(v)

const POST_ONLY: OrderRequest = {
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'limit',
  price: d('15600'),
  quantity: d('0.1'),
  timeInForce: 'PostOnly',
  clientOrderId: 'spot-test-01',
}

async function failure(p: Promise<unknown>): Promise<VenueError> {
  try {
    await p
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  throw new Error('expected a failure')
}

describe('bybit private REST', () => {
  let fake: FakeBybit
  const contexts: BybitContext[] = []

  const trading = (options: BybitOptions = {}): BybitTrading => {
    const ctx = createBybitContext({
      restUrl: fake.restUrl,
      privateWsUrl: fake.wsUrl,
      apiKey: API_KEY,
      secret: SECRET,
      logger: silentLogger,
      ...options,
    })
    contexts.push(ctx)
    return createBybitTrading(ctx, { reconcile: { lookupDelayMs: 5, maxLookupDelayMs: 20, graceMs: 0 } })
  }

  beforeEach(async () => {
    fake = await FakeBybit.start()
  })
  afterEach(async () => {
    for (const ctx of contexts.splice(0)) await ctx.close()
    await fake.close()
  })

  it('sends the documented create body, signed over the exact bytes, and acknowledges the order', async () => {
    const order = await firstValueFrom(trading().placeOrder(POST_ONLY))
    const [create] = fake.seen('/v5/order/create')
    expect(create?.signatureOk).to.equal(true)
    expect(create?.headers['x-bapi-recv-window']).to.equal('5000')
    expect(JSON.parse(create?.body ?? '')).to.deep.equal(fixture('rest-place-order-request-spot-postonly'))
    expect(create?.headers['content-type']).to.equal('application/json')
    const stored = fake.orders.get('spot-test-01')
    expect(order).to.include({ status: 'new', clientOrderId: 'spot-test-01', id: stored?.['orderId'] })
    expect(order.price?.toFixed()).to.equal('15600')
    expect(order.quantity.toFixed()).to.equal('0.1')
    expect(order.filledQuantity.isZero()).to.equal(true)
    const windows = contexts[0]?.limiter.headroom().windows ?? []
    expect(windows.find((w) => w.id === 'orders-1s')?.used).to.equal(1)
    expect(windows.find((w) => w.id === 'cancels-1s')?.used).to.equal(0)
  })

  it('signs GETs over the query string and measures the clock before the first private request', async () => {
    const balances = await firstValueFrom(trading().balances())
    const [wallet] = fake.seen('/v5/account/wallet-balance')
    expect(wallet?.query).to.equal('accountType=UNIFIED')
    expect(wallet?.signatureOk).to.equal(true)
    const paths = fake.requests.map((r) => r.path)
    expect(paths.indexOf('/v5/market/time')).to.be.lessThan(paths.indexOf('/v5/account/wallet-balance'))
    const usdt = balances.find((b) => b.asset === 'USDT')
    expect(usdt?.total.toFixed()).to.equal('1000.123456')
    expect(usdt?.locked.toFixed()).to.equal('200.1')
    expect(usdt?.free.toFixed()).to.equal('800.023456')
    expect(balances.find((b) => b.asset === 'BTC')?.free.toFixed()).to.equal('0.805994')
  })

  it('re-signs every attempt: a retried GET carries its own valid signature', async () => {
    fake.fail('/v5/account/wallet-balance', { kind: 'status', status: 503, record: true })
    await firstValueFrom(trading().balances())
    const attempts = fake.seen('/v5/account/wallet-balance')
    expect(attempts).to.have.length(2)
    expect(attempts.every((a) => a.signatureOk)).to.equal(true)
    expect(attempts[1]?.timestamp).to.be.at.least(attempts[0]?.timestamp ?? Infinity)
  })

  it('a rejected timestamp (10002) resyncs the clock once and sends the create again, signed anew', async () => {
    const t = trading()
    await firstValueFrom(t.balances()) // the clock is measured: offset about 0
    fake.clockOffsetMs = 60_000
    fake.checkTimestamps = true
    const timesBefore = fake.seen('/v5/market/time').length
    const order = await firstValueFrom(t.placeOrder(POST_ONLY))
    const creates = fake.seen('/v5/order/create')
    expect(creates).to.have.length(2)
    expect(fake.seen('/v5/market/time').length - timesBefore).to.equal(1)
    expect((creates[1]?.timestamp ?? 0) - (creates[0]?.timestamp ?? 0)).to.be.at.least(59_000)
    expect(fake.orders.size).to.equal(1)
    expect(order.status).to.equal('new')
  })

  it('a rejected timestamp on a GET is retried after the resync', async () => {
    const t = trading()
    await firstValueFrom(t.balances())
    fake.clockOffsetMs = -60_000
    fake.checkTimestamps = true
    await firstValueFrom(t.balances())
    expect(fake.seen('/v5/account/wallet-balance')).to.have.length(3)
  })

  it('a lost answer after the venue recorded the order ends with exactly one order, found by lookup', async () => {
    fake.fail('/v5/order/create', { kind: 'lose', record: true })
    const order = await firstValueFrom(trading().placeOrder(POST_ONLY))
    expect(fake.seen('/v5/order/create')).to.have.length(1)
    expect(fake.orders.size).to.equal(1)
    const lookups = fake.seen('/v5/order/realtime')
    expect(lookups[0]?.params.get('orderLinkId')).to.equal('spot-test-01')
    expect(order).to.include({
      clientOrderId: 'spot-test-01',
      id: fake.orders.get('spot-test-01')?.['orderId'],
    })
    expect(order.status).to.equal('new')
  })

  it('a 5xx on placement is followed by a lookup, not a second create', async () => {
    fake.fail('/v5/order/create', { kind: 'status', status: 502, record: true })
    const order = await firstValueFrom(trading().placeOrder(POST_ONLY))
    expect(fake.seen('/v5/order/create')).to.have.length(1)
    expect(fake.orders.size).to.equal(1)
    expect(order.clientOrderId).to.equal('spot-test-01')
  })

  it('an order definitively absent after the receive window is sent once more, with the same id', async () => {
    fake.fail('/v5/order/create', { kind: 'status', status: 502, record: false })
    const order = await firstValueFrom(trading({ recvWindowMs: 50 }).placeOrder(POST_ONLY))
    const creates = fake.seen('/v5/order/create')
    expect(creates).to.have.length(2)
    expect(creates.map((c) => (JSON.parse(c.body) as { orderLinkId: string }).orderLinkId)).to.deep.equal([
      'spot-test-01',
      'spot-test-01',
    ])
    expect(fake.orders.size).to.equal(1)
    expect(order.id).to.equal(fake.orders.get('spot-test-01')?.['orderId'])
  })

  it('a duplicate client id reply is answered with the existing order', async () => {
    fake.seed({
      orderId: '777',
      orderLinkId: 'spot-test-01',
      symbol: 'BTCUSDT',
      price: '15600',
      qty: '0.1',
      side: 'Buy',
      orderStatus: 'PartiallyFilled',
      avgPrice: '15600',
      cumExecQty: '0.04',
      timeInForce: 'PostOnly',
      orderType: 'Limit',
      createdTime: '1672211918000',
      updatedTime: '1672211918471',
    })
    const order = await firstValueFrom(trading().placeOrder(POST_ONLY))
    expect(fake.seen('/v5/order/create')).to.have.length(1)
    expect(order).to.include({ id: '777', status: 'partially-filled' })
    expect(order.filledQuantity.toFixed()).to.equal('0.04')
    expect(fake.orders.size).to.equal(1)
  })

  it('a bad signature is an auth error that repeats neither the key, the secret nor the signed string', async () => {
    const t = trading({ secret: 'wrong-secret-000000' })
    const e = await failure(firstValueFrom(t.balances()))
    expect(e.kind).to.equal('auth')
    expect(e.code).to.equal(10004)
    expect(e.message).to.not.contain(API_KEY)
    expect(e.message).to.not.contain('wrong-secret-000000')
    expect(e.message).to.not.contain('accountType')
    const { clientOrderId: _, ...noId } = POST_ONLY
    const p = await failure(firstValueFrom(t.placeOrder(noId)))
    expect(p.kind).to.equal('auth')
    // a generated client order id is named too
    expect(p.clientOrderId).to.match(/^[0-9a-f-]{36}$/)
    expect(p.message).to.contain(p.clientOrderId)
    expect(fake.seen('/v5/order/realtime')).to.have.length(0) // a refusal is final: nothing to look up
  })

  it('a rate-limit refusal of the create is final (nothing was placed)', async () => {
    fake.fail('/v5/order/create', { kind: 'retCode', retCode: 10006, retMsg: 'Too many visits!' })
    const e = await failure(firstValueFrom(trading().placeOrder(POST_ONLY)))
    expect(e.kind).to.equal('rate-limit')
    expect([e.clientOrderId, e.message]).to.deep.equal([
      'spot-test-01',
      `order spot-test-01: ${(e.cause as Error).message}`,
    ])
    expect(fake.seen('/v5/order/create')).to.have.length(1)
    expect(fake.seen('/v5/order/realtime')).to.have.length(0)
  })

  it('refuses orders off the instrument grid before sending anything', async () => {
    const t = trading()
    const offTick = await failure(firstValueFrom(t.placeOrder({ ...POST_ONLY, price: d('15600.05') })))
    expect(offTick.kind).to.equal('invalid-request')
    expect(offTick.message).to.contain('15600 or 15600.1')
    const offLot = await failure(firstValueFrom(t.placeOrder({ ...POST_ONLY, quantity: d('0.1000001') })))
    expect(offLot.kind).to.equal('invalid-request')
    const small = await failure(
      firstValueFrom(t.placeOrder({ ...POST_ONLY, price: d('100'), quantity: d('0.01') })),
    )
    expect(small.message).to.contain('below the minimum 5 USDT')
    const longId = await failure(
      firstValueFrom(t.placeOrder({ ...POST_ONLY, clientOrderId: 'x'.repeat(37) })),
    )
    expect(longId.kind).to.equal('invalid-request')
    const market = { symbol: 'BTC/USDT', side: 'buy', type: 'market' } as const
    const fok = await failure(
      firstValueFrom(t.placeOrder({ ...market, quantity: d('0.01'), timeInForce: 'FOK' })),
    )
    expect(fok.message).to.contain('always IOC')
    const both = await failure(
      firstValueFrom(t.placeOrder({ ...market, quantity: d('0.01'), quoteQuantity: d('100') })),
    )
    expect(both.message).to.contain('exactly one of quantity and quoteQuantity')
    const quoteLimit = await failure(firstValueFrom(t.placeOrder({ ...POST_ONLY, quoteQuantity: d('100') })))
    expect(quoteLimit.kind).to.equal('invalid-request')
    const unknown = await failure(firstValueFrom(t.placeOrder({ ...POST_ONLY, symbol: 'DOGE/EUR' })))
    expect([unknown.kind, unknown.message, unknown.clientOrderId]).to.deep.equal([
      'invalid-request',
      `order ${POST_ONLY.clientOrderId}: bybit has no symbol DOGE/EUR; valid: BTC/USDT`,
      POST_ONLY.clientOrderId,
    ])
    expect(fake.seen('/v5/order/create')).to.have.length(0)
  })

  it('sends spot market orders by base quantity (marketUnit=baseCoin) or by quote amount (quoteCoin)', async () => {
    const t = trading()
    const byQuote = await firstValueFrom(
      t.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', quoteQuantity: d('200') }),
    )
    const byBase = await firstValueFrom(
      t.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: d('0.002') }),
    )
    const [q, b] = fake.seen('/v5/order/create').map((r) => JSON.parse(r.body) as Record<string, unknown>)
    expect(q).to.include({ orderType: 'Market', qty: '200', marketUnit: 'quoteCoin', timeInForce: 'IOC' })
    expect(b).to.include({ orderType: 'Market', qty: '0.002', marketUnit: 'baseCoin', timeInForce: 'IOC' })
    expect(String(q?.['orderLinkId'])).to.have.length.within(1, 36)
    expect(q?.['orderLinkId']).to.not.equal(b?.['orderLinkId'])
    expect(byQuote.quoteQuantity?.toFixed()).to.equal('200')
    expect(byQuote.quantity.isZero()).to.equal(true)
    expect(byBase.quantity.toFixed()).to.equal('0.002')
    // read back, the order still counts the quote amount
    const looked = await firstValueFrom(
      t.getOrder({ symbol: 'BTC/USDT', clientOrderId: byQuote.clientOrderId }),
    )
    expect(looked.quoteQuantity?.toFixed()).to.equal('200')
  })

  it('gets, amends and cancels an order; a finished order cannot be canceled again', async () => {
    const t = trading()
    const placed = await firstValueFrom(t.placeOrder(POST_ONLY))
    const got = await firstValueFrom(t.getOrder({ symbol: 'BTC/USDT', id: placed.id ?? '' }))
    expect(got.clientOrderId).to.equal('spot-test-01')
    const amended = await firstValueFrom(
      t.amendOrder({ symbol: 'BTC/USDT', clientOrderId: 'spot-test-01' }, { price: d('15601.5') }),
    )
    expect(amended.price?.toFixed()).to.equal('15601.5')
    expect(JSON.parse(fake.seen('/v5/order/amend')[0]?.body ?? '')).to.deep.equal({
      category: 'spot',
      symbol: 'BTCUSDT',
      orderLinkId: 'spot-test-01',
      price: '15601.5',
    })
    const canceled = await firstValueFrom(
      t.cancelOrder({ symbol: 'BTC/USDT', clientOrderId: 'spot-test-01' }),
    )
    expect(canceled.status).to.equal('canceled')
    // closed orders come from the recently-closed query
    const again = await firstValueFrom(t.getOrder({ symbol: 'BTC/USDT', clientOrderId: 'spot-test-01' }))
    expect(again.status).to.equal('canceled')
    const e = await failure(
      firstValueFrom(t.cancelOrder({ symbol: 'BTC/USDT', clientOrderId: 'spot-test-01' })),
    )
    expect(e.kind).to.equal('invalid-request')
    expect(e.code).to.equal(170142)
    const missing = await failure(firstValueFrom(t.getOrder({ symbol: 'BTC/USDT', clientOrderId: 'nope' })))
    expect(missing.kind).to.equal('not-found')
  })

  it('lists open orders oldest first and cancels them all', async () => {
    const t = trading()
    await firstValueFrom(t.placeOrder({ ...POST_ONLY, clientOrderId: 'a-1' }))
    await firstValueFrom(t.placeOrder({ ...POST_ONLY, clientOrderId: 'a-2', price: d('15500') }))
    const open = await firstValueFrom(t.openOrders('BTC/USDT'))
    expect(open.map((o) => o.clientOrderId).sort()).to.deep.equal(['a-1', 'a-2'])
    const canceled = await firstValueFrom(t.cancelAllOrders('BTC/USDT'))
    expect(canceled.map((o) => [o.clientOrderId, o.status]).sort()).to.deep.equal([
      ['a-1', 'canceled'],
      ['a-2', 'canceled'],
    ])
    expect(await firstValueFrom(t.openOrders())).to.deep.equal([])
  })

  it('reads executions as fills with exact decimals', async () => {
    const fills = await firstValueFrom(trading().executions({ symbol: 'BTC/USDT' }))
    expect(fills).to.have.length(1)
    expect(fills[0]?.price.toFixed()).to.equal('0.3374')
    expect(fills[0]?.fee.toFixed()).to.equal('0.005061')
    expect(fills[0]?.feeAsset).to.equal('USDT')
    expect(fake.seen('/v5/execution/list')[0]?.params.get('symbol')).to.equal('BTCUSDT')
  })
})
