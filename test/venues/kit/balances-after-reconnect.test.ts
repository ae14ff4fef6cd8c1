/**
 * `balanceUpdates$` after the private connection came back: the pushes missed while it was down are
 * lost, so the balances are read again and emitted (marble tests, virtual time).
 */
import { expect } from 'chai'
import { map, NEVER, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Balance } from '../../../lib/core/model.js'
import { balanceOf } from '../../../lib/venues/kit/balance.js'
import { caughtUpBalances } from '../../../lib/venues/kit/trading/pushed-balances.js'
import {
  createTradingSurface,
  type TradingContext,
  type TradingParts,
} from '../../../lib/venues/kit/trading/surface.js'
import type { SignedApi } from '../../../lib/venues/kit/trading/signed-api.js'

const bal = (asset: string, free: string, ms: number): Balance =>
  balanceOf('bybit', asset, new Decimal(free), new Decimal(0), { timestamp: new Date(ms), rawTimestamp: ms })
const text = (b: Balance) => `${b.asset} ${b.total.toFixed()}`

describe('kit: balance updates caught up after a reconnect', () => {
  let scheduler: TestScheduler
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected)
    })
  })

  it("the surface's balanceUpdates$ emits the balances read after a resubscription (a fill missed while down)", () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const parts = (balances: boolean) => ({
        venue: 'bybit',
        capabilities: { privateStreams: { orders: true, fills: true, balances } },
        balances: () => cold('--(r|)', { r: [bal('BTC', '1.01998', 50), bal('USDT', '98732.497', 50)] }),
        pushes: {
          orders$: NEVER,
          fills$: NEVER,
          balances$: hot('-a', { a: bal('BTC', '1.00999', 1) }),
          resubscribed$: hot('-----s'),
        },
      })
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
      const updates$ = createTradingSurface(ctx, parts(true) as unknown as TradingParts).balanceUpdates$()
      expectObservable(updates$.pipe(map(text)), '^----------!').toBe('-a-----(bu)', {
        a: 'BTC 1.00999',
        b: 'BTC 1.01998',
        u: 'USDT 98732.497',
      })
      // a venue that pushes no balances does not start to after a reconnect
      const none = { ...parts(false), pushes: { ...parts(false).pushes, balances$: NEVER } }
      expectObservable(
        createTradingSurface(ctx, none as unknown as TradingParts).balanceUpdates$(),
        '^----------!',
      ).toBe('')
    })
  })

  it('keeps a push newer than the read, zeroes an asset the read no longer lists, reads again on each resubscription', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const reads = [[bal('BTC', '2', 10), bal('USDT', '5', 10), bal('ETH', '1', 10)], [bal('BTC', '3', 40)]]
      let n = 0
      const read = () => cold('--(r|)', { r: reads[n++] ?? [] })
      const pushed = hot('-a-b------c', {
        a: bal('ETH', '1', 1),
        b: bal('USDT', '7', 20), // pushed while the first read was under way, and newer than it
        c: bal('ETH', '4', 50), // newer than the second read: kept as the push said
      })
      const resubscribed = hot('-s------s')
      expectObservable(caughtUpBalances(pushed, resubscribed, read, silentLogger).pipe(map(text))).toBe(
        '-a-(bcg)--(fde)',
        { a: 'ETH 1', b: 'USDT 7', c: 'BTC 2', g: 'ETH 1', f: 'ETH 4', d: 'BTC 3', e: 'USDT 0' },
      )
    })
  })

  it('a failed read leaves the pushes going', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const read = () => cold<readonly Balance[]>('-#')
      const pushed = hot('----a', { a: bal('BTC', '1', 1) })
      expectObservable(
        caughtUpBalances(pushed, hot('-s'), read, silentLogger).pipe(map(text)),
        '^-----!',
      ).toBe('----a', { a: 'BTC 1' })
    })
  })
})
