/**
 * The price a simulated market quotes around. Several venues given the same reference seed follow one
 * seeded walk, step by step, each with its own small fixed offset and noise, so their books move
 * together and cross each other only now and then, as real venues' books do. The walk counts in
 * fractions of the market's start price, so venues with other ticks follow the same path.
 */
import { Decimal } from '../core/decimal.js'
import { createPrng, deriveSeed, type Prng } from './prng.js'

/** One unit of the walk, as a fraction of the start price: 0.008 at 65 000. */
const UNIT = new Decimal('0.000000125')
/** How far the walk moves in one step, in units, by the chance of each move (the rest: not at all). */
const MOVES: readonly (readonly [chance: number, units: number])[] = [
  [0.05, -8],
  [0.2, -4],
  [0.2, 4],
  [0.05, 8],
]
/** Share of steps on which the venue's own noise takes a new value. */
const NOISE_CHANGE = 0.05
/**
 * Share of noise changes that dislocate the venue by 16 to 24 units (0.13 to 0.2 at 65 000): enough to
 * cross another venue for a moment.
 */
const DISLOCATION = 0.02

/**
 * Where one market of one venue wants to be: the shared walk plus the venue's offset and noise.
 *
 * @example
 * const bybit = new ReferencePrice({ referenceSeed: 42, venueSeed: 42, symbol: 'BTC/USDT', startPrice: new Decimal('65000') })
 * bybit.step()
 * bybit.fair() // 65000 ± a few units, off any tick grid
 */
export class ReferencePrice {
  private readonly start: Decimal
  private readonly walk: Prng
  private readonly own: Prng
  private readonly offset: number
  private units = 0
  private noise = 0

  constructor(options: {
    /** Seed of the shared walk; venues with the same one move together. */
    readonly referenceSeed: number
    /** Seed of this venue's offset and noise. */
    readonly venueSeed: number
    readonly symbol: string
    readonly startPrice: Decimal
  }) {
    this.start = options.startPrice
    this.walk = createPrng(deriveSeed(options.referenceSeed, `reference:${options.symbol}`))
    this.own = createPrng(deriveSeed(options.venueSeed, `offset:${options.symbol}`))
    this.offset = this.own.int(-1, 1)
  }

  /**
   * One step: the walk moves by 0, 4 or 8 units either way, and now and then the venue's noise takes a
   * new value: -1..1 units, rarely a dislocation. The walk draws exactly one number per step, so venues
   * stepped as often stand at the same point of it.
   */
  step(): void {
    let r = this.walk.next()
    for (const [chance, units] of MOVES) {
      if (r < chance) {
        this.units += units
        break
      }
      r -= chance
    }
    if (this.own.next() >= NOISE_CHANGE) return
    this.noise =
      this.own.next() < DISLOCATION
        ? (this.own.next() < 0.5 ? -1 : 1) * this.own.int(16, 24)
        : this.own.int(-1, 1)
  }

  /** The venue's fair price now: bids at or below it, asks at or above it. Not on any tick grid. */
  fair(): Decimal {
    return this.start.mul(UNIT.mul(this.units + this.offset + this.noise).plus(1))
  }
}
