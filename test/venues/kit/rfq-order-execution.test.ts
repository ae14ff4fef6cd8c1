import { expect } from 'chai'
import { asyncScheduler, firstValueFrom, of, Subject, type Observable } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { VenueError } from '../../../lib/core/errors.js'
import type { Fill, Order, OrderRef, UnifiedSymbol } from '../../../lib/core/model.js'
import type { RfqQuote } from '../../../lib/venues/contract/rfq.js'
import { driverRfqSurface, withRfqPushes } from '../../../lib/venues/kit/rfq/driver-rfq.js'
import { acceptedExecution, orderExecution } from '../../../lib/venues/kit/rfq/order-execution.js'
import type { TradingParts } from '../../../lib/venues/kit/trading/surface.js'

const BTC = 'BTC/USD' as UnifiedSymbol
const quote = { venue: 'prime', symbol: BTC, id: 'q-1' } as unknown as RfqQuote
const order = (status: Order['status']) => ({ symbol: BTC, id: 'o-1', status }) as unknown as Order
const fill = (tradeId: string) => ({ tradeId }) as Fill

describe('kit: RFQ executions read from the order a quote made', () => {
  const asked: OrderRef[] = []
  const orders = (status: Order['status'] | undefined, fills: readonly Fill[]) => ({
    lookup: (ref: OrderRef) => {
      asked.push(ref)
      return of(status === undefined ? undefined : order(status))
    },
    orderFills: (ref: OrderRef) => {
      asked.push(ref)
      return of(fills)
    },
  })
  beforeEach(() => (asked.length = 0))

  it("is the filled order and its last fill, asked by the order's id", async () => {
    const x = await firstValueFrom(
      orderExecution(orders('filled', [fill('t-1'), fill('t-2')]), quote, {
        symbol: 'BTC/USD',
        clientOrderId: 'q-1',
      }),
    )
    expect(x).to.deep.equal({ quote, order: order('filled'), fill: fill('t-2') })
    expect(asked).to.deep.equal([
      { symbol: BTC, clientOrderId: 'q-1' },
      { symbol: BTC, id: 'o-1' },
    ])
  })

  it('is nothing while the order is missing, not filled, or lists no fill', async () => {
    const ref = { symbol: BTC, id: 'o-1' }
    expect(await firstValueFrom(orderExecution(orders(undefined, []), quote, ref))).to.equal(undefined)
    expect(await firstValueFrom(orderExecution(orders('new', [fill('t')]), quote, ref))).to.equal(undefined)
    expect(await firstValueFrom(orderExecution(orders('filled', []), quote, ref))).to.equal(undefined)
  })

  it('an accepted quote whose order has not filled is temporary', async () => {
    const e = await firstValueFrom(acceptedExecution('prime', orders('new', []), quote, 'o-1')).then(
      () => undefined,
      (error: VenueError) => error,
    )
    expect([e?.kind, e?.venue, e?.message]).to.deep.equal([
      'temporary',
      'prime',
      'quote q-1 accepted, its order not yet filled',
    ])
  })
})

describe("kit: a driver's RFQ surface and its executions in the trading pushes", () => {
  it('merges the surface orders and fills into the pushes, keeping the rest', () => {
    const pushes = { orders$: new Subject<Order>(), fills$: new Subject<Fill>(), resubscribed$: of() }
    const surface = { rfq: {}, orders$: new Subject<Order>(), fills$: new Subject<Fill>() } as never
    const merged = withRfqPushes(pushes as unknown as TradingParts['pushes'], surface)
    const seen: unknown[] = []
    merged.orders$.subscribe((o) => seen.push(o.status))
    merged.fills$.subscribe((f) => seen.push(f.tradeId))
    pushes.orders$.next(order('new'))
    ;(surface as { orders$: Subject<Order> }).orders$.next(order('filled'))
    ;(surface as { fills$: Subject<Fill> }).fills$.next(fill('t-9'))
    expect(seen).to.deep.equal(['new', 'filled', 't-9'])
    expect(merged.resubscribed$).to.equal(pushes.resubscribed$)
  })

  it("builds the surface on the host: a quote expired by the host's clock is refused before sending", async () => {
    let accepted = 0
    const host = {
      scheduler: asyncScheduler,
      clock: { now: () => 10_000 },
      logger: silentLogger,
      untilClosed:
        <T>() =>
        (o: Observable<T>) =>
          o,
    }
    const wire = {
      venue: 'prime',
      accept: () => {
        accepted++
        return of()
      },
    } as never
    const stale = { ...quote, side: 'buy', quantity: new Decimal(1), expiresAt: new Date(5_000) } as RfqQuote
    const e = await firstValueFrom(driverRfqSurface(host, wire).rfq.accept(stale, 'buy')).then(
      () => undefined,
      (error: VenueError) => error,
    )
    expect([e?.kind, accepted]).to.deep.equal(['expired', 0])
  })
})
