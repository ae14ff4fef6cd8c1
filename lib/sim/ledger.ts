/**
 * A simulated account's balances: free and locked per asset, exact, with the set of assets changed
 * since the last look so the venue can publish each change once.
 */
import { Decimal, toDecimal, type DecimalLike } from '../core/decimal.js'
import { VenueError } from '../core/errors.js'

/**
 * One asset's free and locked amounts.
 *
 * @example
 * const { free, locked }: LedgerEntry = ledger.get('USDT')
 */
export interface LedgerEntry {
  readonly free: Decimal
  readonly locked: Decimal
}

const ZERO = new Decimal(0)

/**
 * Spot balances. Amounts only move between free and locked, or in and out with trades. Callers check
 * funds first, so a move below zero is refused with `insufficient-funds` rather than recorded.
 *
 * @example
 * const ledger = new Ledger({ USDT: '100' })
 * ledger.lock('USDT', new Decimal('40'))
 * ledger.get('USDT') // { free: 60, locked: 40 }
 */
export class Ledger {
  private readonly entries = new Map<string, { free: Decimal; locked: Decimal }>()
  private readonly changed = new Set<string>()

  constructor(initial: Readonly<Record<string, DecimalLike>>) {
    for (const [asset, free] of Object.entries(initial))
      this.entries.set(asset, { free: toDecimal(free), locked: ZERO })
  }

  get(asset: string): LedgerEntry {
    return this.entries.get(asset) ?? { free: ZERO, locked: ZERO }
  }

  /** Every asset the account holds or has held. */
  assets(): string[] {
    return [...this.entries.keys()]
  }

  /** Moves `amount` from free to locked. */
  lock(asset: string, amount: Decimal): void {
    this.move(asset, amount.neg(), amount)
  }

  /** Moves `amount` from locked back to free. */
  unlock(asset: string, amount: Decimal): void {
    this.move(asset, amount, amount.neg())
  }

  /** Pays `amount` out of locked funds. */
  spendLocked(asset: string, amount: Decimal): void {
    this.move(asset, ZERO, amount.neg())
  }

  /** Adds `amount` to free funds. */
  credit(asset: string, amount: Decimal): void {
    this.move(asset, amount, ZERO)
  }

  /** The assets changed since the last call, in first-change order. */
  drainChanged(): string[] {
    const out = [...this.changed]
    this.changed.clear()
    return out
  }

  private move(asset: string, freeDelta: Decimal, lockedDelta: Decimal): void {
    if (freeDelta.isZero() && lockedDelta.isZero()) return
    const now = this.get(asset)
    const free = now.free.plus(freeDelta)
    const locked = now.locked.plus(lockedDelta)
    if (free.lt(0) || locked.lt(0)) {
      const message = `${asset} would go negative: free ${free.toString()}, locked ${locked.toString()}`
      throw new VenueError({ kind: 'insufficient-funds', message })
    }
    this.entries.set(asset, { free, locked })
    this.changed.add(asset)
  }
}
