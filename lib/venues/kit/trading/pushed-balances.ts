/**
 * Balances from a venue's pushes of full figures and of deltas.
 */
import { EMPTY, filter, merge, mergeMap, of, type Observable } from 'rxjs'
import type { Decimal } from '../../../core/decimal.js'
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
 * amounts did not change is not emitted again.
 *
 * @example
 * pushedBalances(positions$, updates$.pipe(map((u) => ({ asset: u.a, delta: u.d, at: u.T }))))
 */
export function pushedBalances(
  full$: Observable<Balance>,
  deltas$: Observable<BalanceDelta>,
): Observable<Balance> {
  const known = new Map<string, Balance>()
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
  return merge(full$, applied$).pipe(filter(changed))
}
