/**
 * Balances from a venue's pushes of full figures and of deltas, caught up after a reconnect.
 */
import {
  catchError,
  defer,
  EMPTY,
  filter,
  ignoreElements,
  merge,
  mergeMap,
  of,
  switchMap,
  take,
  tap,
  type Observable,
} from 'rxjs'
import { Decimal } from '../../../core/decimal.js'
import type { Logger } from '../../../core/logging.js'
import type { Balance, Timestamped } from '../../../core/model.js'
import { balanceOf } from '../balance.js'

/**
 * A change of an asset's free amount by `delta`, as a venue pushes it.
 *
 * @example
 * const change: BalanceDelta = { asset: 'USDT', delta: d('-10'), at: timestampedMs(ms) }
 */
export interface BalanceDelta {
  readonly asset: string
  readonly delta: Decimal
  readonly at: Timestamped
}

/**
 * The balances pushed in full, and those a delta makes of the last one known (a delta of an asset not
 * yet known is left out: the venue's next full figure brings it); a balance whose free and locked
 * amounts did not change is not emitted again. `caughtUp$` carries the balances read after a
 * reconnect (see `caughtUpBalances`, which emits them): each replaces the last one known, without being
 * emitted here, so that a delta applies to it and a push that differs from it (even one equal to the
 * figure from before the outage) is emitted. Feed it from the parts' `pushes.balancesCaughtUp`.
 *
 * @example
 * const caughtUp = new Subject<Balance>()
 * const balances$ = pushedBalances(positions$, updates$.pipe(map((u) => ({ asset: u.a, delta: u.d, at: u.T }))), caughtUp)
 * const pushes = { balances$, balancesCaughtUp: (b: Balance) => caughtUp.next(b) }
 */
export function pushedBalances(
  full$: Observable<Balance>,
  deltas$: Observable<BalanceDelta>,
  caughtUp$: Observable<Balance> = EMPTY,
): Observable<Balance> {
  const known = new Map<string, Balance>()
  const reset$ = caughtUp$.pipe(
    tap((b) => known.set(b.asset, b)),
    ignoreElements(),
  )
  const changed = (b: Balance): boolean => {
    const prev = known.get(b.asset)
    known.set(b.asset, b)
    return prev === undefined || !prev.free.eq(b.free) || !prev.locked.eq(b.locked)
  }
  const applied$ = deltas$.pipe(
    mergeMap(({ asset, delta, at }) => {
      const prev = known.get(asset)
      return prev === undefined
        ? EMPTY
        : of(balanceOf(prev.venue, asset, prev.free.plus(delta), prev.locked, at))
    }),
  )
  return merge(reset$, merge(full$, applied$).pipe(filter(changed)))
}

/**
 * The balances pushed, caught up after each resubscription of the private connection: the pushes
 * missed while it was down (a fill, a transfer) are lost, so `read` (the venue's REST balances) is
 * asked again and every asset it lists is emitted, changed or not, as is, at zero, every asset emitted
 * before that it no longer lists (a venue that leaves out empty balances). An asset pushed since with a
 * later timestamp keeps the push (the read is older). A failed read is logged and the pushes go on; a
 * later resubscription reads again (the newer read replaces one still running). `told` hears of each
 * balance of a catch-up before it is emitted (a venue whose pushes are deduplicated or carry deltas, see
 * `pushedBalances`, must start from it).
 *
 * @example
 * caughtUpBalances(parts.pushes.balances$, parts.pushes.resubscribed$, () => parts.balances(), log)
 */
export function caughtUpBalances(
  pushed$: Observable<Balance>,
  resubscribed$: Observable<unknown>,
  read: () => Observable<readonly Balance[]>,
  log: Logger,
  told?: (balance: Balance) => void,
): Observable<Balance> {
  return defer(() => {
    const last = new Map<string, Balance>()
    const caughtUp$ = resubscribed$.pipe(
      switchMap(() =>
        defer(read).pipe(
          take(1),
          mergeMap((balances) => {
            const listed = new Set(balances.map((b) => b.asset))
            const at = latest(balances)
            const notNewer = (b: Balance, than: Timestamped) =>
              b.timestamp.getTime() <= than.timestamp.getTime()
            const current = balances.filter((b) => {
              const pushed = last.get(b.asset)
              return pushed === undefined || notNewer(pushed, b)
            })
            const emptied = [...last.values()]
              .filter((b) => !listed.has(b.asset) && (at === undefined || notNewer(b, at)))
              .map((b) => balanceOf(b.venue, b.asset, ZERO, ZERO, at ?? b))
            return [...current, ...emptied]
          }),
          tap((b) => told?.(b)),
          catchError((error: unknown) => {
            log.warn('balances read after a reconnect failed; balance updates go on from the pushes', {
              error,
            })
            return EMPTY
          }),
        ),
      ),
    )
    return merge(pushed$, caughtUp$).pipe(tap((b) => last.set(b.asset, b)))
  })
}

const ZERO = new Decimal(0)

/** The timestamp of the latest of `balances`, none when empty. */
function latest(balances: readonly Balance[]): Timestamped | undefined {
  return balances.reduce<Timestamped | undefined>(
    (a, b) => (a === undefined || b.timestamp.getTime() > a.timestamp.getTime() ? b : a),
    undefined,
  )
}
