/**
 * `balanceUpdates$` of a venue whose pushes are deduplicated and carry deltas (Binance): after a
 * reconnect the pushes go on from the balances read, not from those pushed before the outage.
 */
import { expect } from 'chai'
import { map, NEVER, Subject, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Balance } from '../../../lib/core/model.js'
import { balanceOf } from '../../../lib/venues/kit/balance.js'
import { pushedBalances, type BalanceDelta } from '../../../lib/venues/kit/trading/pushed-balances.js'
import {
  createTradingSurface,
  type TradingContext,
  type TradingParts,
} from '../../../lib/venues/kit/trading/surface.js'
import type { SignedApi } from '../../../lib/venues/kit/trading/signed-api.js'

const at = (ms: number) => ({ timestamp: new Date(ms), rawTimestamp: ms })
const bal = (asset: string, free: string, ms: number): Balance =>
  balanceOf('binance', asset, new Decimal(free), new Decimal(0), at(ms))
const text = (b: Balance) => `${b.asset} ${b.free.toFixed()}`

describe('kit: pushed balances go on from the balances read after a reconnect', () => {
  it('a full push equal to the figure before the outage is emitted; a delta applies to the figure read', () => {
    const scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected)
    })
    scheduler.run(({ cold, hot, expectObservable }) => {
      const caughtUp = new Subject<Balance>()
      const full = hot('-ab---------c', {
        a: bal('BTC', '1', 1),
        b: bal('ETH', '1', 1),
        c: bal('BTC', '1', 90),
      })
      const deltas = hot<BalanceDelta>('----------d', {
        d: { asset: 'ETH', delta: new Decimal('0.1'), at: at(80) },
      })
      const parts = {
        venue: 'binance',
        capabilities: { privateStreams: { orders: true, fills: true, balances: true } },
        // during the outage BTC and ETH fell to 0.5
        balances: () => cold('--(r|)', { r: [bal('BTC', '0.5', 50), bal('ETH', '0.5', 50)] }),
        pushes: {
          orders$: NEVER,
          fills$: NEVER,
          balances$: pushedBalances(full, deltas, caughtUp),
          balancesCaughtUp: (b: Balance) => caughtUp.next(b),
          resubscribed$: hot('---s'),
        },
      }
      const ctx = {
        api: {} as SignedApi,
        scheduler,
        logger: silentLogger,
        now: () => scheduler.now(),
        recvWindowMs: 5000,
        orderDeadlineMs: 10_000,
        clockSync$: NEVER,
        untilClosed: () => (s: Observable<unknown>) => s,
      } as unknown as TradingContext
      const updates$ = createTradingSurface(ctx, parts as unknown as TradingParts).balanceUpdates$()
      expectObservable(updates$.pipe(map(text)), '^-------------!').toBe('-ab--(xy)-d-c', {
        a: 'BTC 1',
        b: 'ETH 1',
        x: 'BTC 0.5',
        y: 'ETH 0.5',
        d: 'ETH 0.6',
        c: 'BTC 1',
      })
    })
  })
})
