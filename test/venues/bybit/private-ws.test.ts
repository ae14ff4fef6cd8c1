import { expect } from 'chai'
import { filter, firstValueFrom, map, takeWhile, toArray, type Observable } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Order } from '../../../lib/core/model.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createBybitContext, type BybitContext } from '../../../lib/venues/bybit/context.js'
import type { BybitOptions } from '../../../lib/venues/bybit/options.js'
import { createBybitTrading, type BybitTrading } from '../../../lib/venues/bybit/trading.js'
import { API_KEY, FakeBybit, fixture, SECRET } from './private-fake.js'

type Wire = Record<string, unknown>

const ORDER_ITEM = (fixture('ws-order')['data'] as Wire[])[0] ?? {}
const EXEC_ITEM = (fixture('ws-execution')['data'] as Wire[])[0] ?? {}
const WALLET_ITEM = (fixture('ws-wallet')['data'] as Wire[])[0] ?? {}

/** The documented order push, made a spot BTCUSDT limit order. */
function orderPush(over: Wire): Wire {
  return {
    ...fixture('ws-order'),
    data: [
      {
        ...ORDER_ITEM,
        category: 'spot',
        symbol: 'BTCUSDT',
        orderId: 'o-1',
        orderLinkId: 'c-1',
        side: 'Buy',
        orderType: 'Limit',
        price: '15600.5',
        qty: '0.3',
        timeInForce: 'GTC',
        orderStatus: 'New',
        cumExecQty: '0',
        avgPrice: '',
        leavesQty: '0.3',
        createdTime: '1672364262444',
        updatedTime: '1672364262457',
        ...over,
      },
    ],
  }
}

/** Values of `source$` up to and including the first one `last` accepts. */
function until<T>(source$: Observable<T>, last: (v: T) => boolean): Promise<T[]> {
  return firstValueFrom(
    source$.pipe(
      takeWhile((v) => !last(v), true),
      toArray(),
    ),
  )
}

const text = (o: Order) => `${o.clientOrderId}:${o.status}:${o.filledQuantity.toFixed()}`

describe('bybit private WebSocket', () => {
  let fake: FakeBybit
  const contexts: BybitContext[] = []

  const open = (options: BybitOptions = {}): { ctx: BybitContext; trading: BybitTrading } => {
    const ctx = createBybitContext({
      restUrl: fake.restUrl,
      privateWsUrl: fake.wsUrl,
      apiKey: API_KEY,
      secret: SECRET,
      logger: silentLogger,
      backoff: { initialMs: 5, maxMs: 5, jitter: 'none' },
      ...options,
    })
    contexts.push(ctx)
    return { ctx, trading: createBybitTrading(ctx, { reconcile: { lookupDelayMs: 5, graceMs: 0 } }) }
  }

  beforeEach(async () => {
    fake = await FakeBybit.start()
  })
  afterEach(async () => {
    for (const ctx of contexts.splice(0)) await ctx.close()
    await fake.close()
  })

  it('authenticates first (signature checked by the venue), then subscribes, then streams orders', async () => {
    const { trading } = open()
    const updates = until(trading.orderUpdates$(), (o) => o.status === 'partially-filled')
    await fake.until(() => fake.subscriptions().includes('order'))
    const ops = fake.wsMessages.map((m) => m['op'])
    expect(ops.indexOf('auth')).to.be.lessThan(ops.indexOf('subscribe'))
    expect(fake.authReplies).to.deep.equal([true])
    const auth = fake.wsMessages.find((m) => m['op'] === 'auth')
    const expires = (auth?.['args'] as [string, number, string])[1]
    expect(expires - fake.now()).to.be.within(5_000, 10_500)

    fake.push(orderPush({}))
    fake.push(
      orderPush({ orderStatus: 'PartiallyFilled', cumExecQty: '0.1', avgPrice: '15600.5', leavesQty: '0.2' }),
    )
    const [first, second] = await updates
    expect(first).to.include({
      venue: 'bybit',
      symbol: 'BTC/USDT',
      id: 'o-1',
      clientOrderId: 'c-1',
      side: 'buy',
      type: 'limit',
      status: 'new',
      rawTimestamp: '1672364262457',
    })
    expect(first?.price?.toFixed()).to.equal('15600.5')
    expect(first?.quantity.toFixed()).to.equal('0.3')
    expect(second?.filledQuantity.toFixed()).to.equal('0.1')
    expect(second?.averagePrice?.toFixed()).to.equal('15600.5')
  })

  it('drops the duplicate Filled of a cancel racing a fill, and any impossible transition', async () => {
    const { trading } = open()
    const updates = until(trading.orderUpdates$(), (o) => o.clientOrderId === 'c-2')
    await fake.until(() => fake.subscriptions().includes('order'))
    fake.push(orderPush({}))
    fake.push(orderPush({ orderStatus: 'Filled', cumExecQty: '0.3', avgPrice: '15600.5', leavesQty: '0' }))
    // https://bybit-exchange.github.io/docs/v5/websocket/private/order: the second Filled of the race
    fake.push(
      orderPush({
        orderStatus: 'Filled',
        cumExecQty: '0.3',
        avgPrice: '15600.5',
        leavesQty: '0',
        cancelType: 'CancelByUser',
        rejectReason: 'EC_OrigClOrdIDDoesNotExist',
        updatedTime: '1672364262999',
      }),
    )
    fake.push(orderPush({ orderStatus: 'PartiallyFilled', cumExecQty: '0.1' })) // stale: filled is terminal
    fake.push(orderPush({ orderStatus: 'New', cumExecQty: '0' })) // impossible after filled
    fake.push(orderPush({ orderId: 'o-2', orderLinkId: 'c-2' }))
    expect((await updates).map(text)).to.deep.equal(['c-1:new:0', 'c-1:filled:0.3', 'c-2:new:0'])
  })

  it('streams executions as fills (exact decimals, duplicates dropped) and wallet coins as balances', async () => {
    const { trading } = open()
    const fills = until(trading.fills$(), (f) => f.tradeId === 'last')
    const balances = until(trading.balanceUpdates$(), (b) => b.asset === 'BIT')
    await fake.until(() => ['execution', 'wallet'].every((t) => fake.subscriptions().includes(t)))
    const exec = (over: Wire) => ({
      ...fixture('ws-execution'),
      data: [{ ...EXEC_ITEM, category: 'spot', symbol: 'BTCUSDT', side: 'Buy', orderLinkId: 'c-1', ...over }],
    })
    fake.push(exec({ execPrice: '16000.12', execQty: '0.000123', execFee: '0.000000123', isMaker: true }))
    fake.push(exec({ execPrice: '16000.12', execQty: '0.000123', execFee: '0.000000123', isMaker: true }))
    fake.push(exec({ execId: 'last', execType: 'Trade' }))
    fake.push(fixture('ws-wallet'))
    const got = await fills
    expect(got.map((f) => f.tradeId)).to.deep.equal(['7e2ae69c-4edf-5800-a352-893d52b446aa', 'last'])
    expect(got[0]).to.include({ clientOrderId: 'c-1', side: 'buy', liquidity: 'maker', feeAsset: 'BTC' })
    expect(got[0]?.price.toFixed()).to.equal('16000.12')
    expect(got[0]?.quantity.toFixed()).to.equal('0.000123')
    expect(got[0]?.fee.toFixed()).to.equal('0.000000123')
    const coins = await balances
    const usdt = coins.find((b) => b.asset === 'USDT')
    expect(coins.map((b) => b.asset)).to.deep.equal((WALLET_ITEM['coin'] as Wire[]).map((c) => c['coin']))
    expect(usdt?.total.toFixed()).to.equal('11728.54414904')
    expect(usdt?.free.toFixed()).to.equal('11728.54414904')
    expect(usdt?.rawTimestamp).to.equal(1672364262482)
  })

  it('a push reaches only the stream of its topic', async () => {
    const { ctx, trading } = open()
    const events: VenueEvent[] = []
    ctx.events.subscribe((e) => events.push(e))
    const orders = until(trading.orderUpdates$(), (o) => o.clientOrderId === 'c-2')
    const fills = until(trading.fills$(), (f) => f.tradeId === 'x-2')
    await fake.until(() => ['order', 'execution'].every((t) => fake.subscriptions().includes(t)))
    const exec = (execId: string) => ({
      ...fixture('ws-execution'),
      data: [{ ...EXEC_ITEM, category: 'spot', symbol: 'BTCUSDT', execId, execType: 'Trade' }],
    })
    fake.push(exec('x-1'))
    fake.push(fixture('ws-wallet'))
    fake.push(orderPush({ orderLinkId: 'c-1' }))
    fake.push(exec('x-2'))
    fake.push(orderPush({ orderId: 'o-2', orderLinkId: 'c-2' }))
    expect((await fills).map((f) => f.tradeId)).to.deep.equal(['x-1', 'x-2'])
    expect((await orders).map((o) => o.clientOrderId)).to.deep.equal(['c-1', 'c-2'])
    expect(events.filter((e) => e.type === 'decode-error')).to.deep.equal([])
  })

  it('re-authenticates and resubscribes after a reconnect, and looks up the orders it may have missed', async () => {
    const { ctx, trading } = open()
    const events: VenueEvent[] = []
    ctx.events.subscribe((e) => events.push(e))
    const updates = until(trading.orderUpdates$(), (o) => o.status === 'filled')
    const seenNew = firstValueFrom(trading.orderUpdates$().pipe(filter((o) => o.status === 'new')))
    await fake.until(() => fake.subscriptions().includes('order'))
    fake.push(orderPush({}))
    await seenNew
    // While the socket is down the order fills; only a lookup can tell.
    const filled = orderPush({
      orderStatus: 'Filled',
      cumExecQty: '0.3',
      avgPrice: '15600.5',
      leavesQty: '0',
    })
    fake.seed((filled['data'] as Wire[])[0] ?? {})
    fake.dropSockets()
    await fake.until(
      () => fake.authReplies.length === 2 && fake.subscriptions().filter((t) => t === 'order').length === 2,
    )
    expect(fake.authReplies).to.deep.equal([true, true])
    const auths = fake.wsMessages.filter((m) => m['op'] === 'auth')
    expect((auths[1]?.['args'] as unknown[])[2]).to.not.equal((auths[0]?.['args'] as unknown[])[2])
    const got = await updates
    expect(got.map(text)).to.deep.equal(['c-1:new:0', 'c-1:filled:0.3'])
    expect(fake.seen('/v5/order/realtime').some((r) => r.params.get('orderId') === 'o-1')).to.equal(true)
    const kinds = events.map((e) => (e.type === 'connected' ? `connected${e.reconnect ? '*' : ''}` : e.type))
    expect(kinds).to.include.members(['connected', 'disconnected', 'reconnecting', 'connected*'])
  })

  it('a refused authentication ends the private streams with an auth error', async () => {
    const { ctx, trading } = open({ secret: 'not-the-secret-0000' })
    const events: VenueEvent[] = []
    ctx.events.subscribe((e) => events.push(e))
    const e = await firstValueFrom(trading.orderUpdates$()).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(e).to.be.instanceOf(VenueError)
    expect((e as VenueError).kind).to.equal('auth')
    expect((e as VenueError).message).to.not.contain('not-the-secret-0000')
    expect(fake.authReplies).to.deep.equal([false])
    expect(fake.subscriptions()).to.deep.equal([])
    expect(events.some((x) => x.type === 'disconnected' && x.error?.kind === 'auth')).to.equal(true)
  })

  it('a push the codec refuses is reported as a decode error and the stream goes on', async () => {
    const { ctx, trading } = open()
    const decodeErrors = firstValueFrom(
      ctx.events.pipe(
        filter((e) => e.type === 'decode-error'),
        map((e) => (e.type === 'decode-error' ? e.error.paths.join(';') : '')),
      ),
    )
    const updates = until(trading.orderUpdates$(), (o) => o.clientOrderId === 'c-2')
    await fake.until(() => fake.subscriptions().includes('order'))
    fake.push(orderPush({ qty: 0.3 }))
    fake.push(orderPush({ orderId: 'o-2', orderLinkId: 'c-2' }))
    expect((await updates).map(text)).to.deep.equal(['c-2:new:0'])
    expect(await decodeErrors).to.contain('qty')
  })
})
