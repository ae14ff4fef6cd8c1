/**
 * A small seeded pseudo-random generator, so a simulated market replays identically for the same seed.
 * Its numbers pick levels and counts; prices and sizes are built from them as whole ticks and lots.
 */

/**
 * A source of pseudo-random numbers.
 *
 * @example
 * const prng: Prng = createPrng(7)
 * prng.int(1, 3) // the same value for seed 7, every run
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number
}

/**
 * Mulberry32, seeded with a 32-bit integer: fast, tiny and good enough for a simulated market.
 *
 * @example
 * const a = createPrng(42), b = createPrng(42)
 * a.int(1, 6) === b.int(1, 6) // true
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) }
}

/**
 * Derives an independent seed for one named stream (a symbol) from a venue seed, so each market's
 * sequence does not depend on which other markets were touched first. FNV-1a over the name.
 *
 * @example
 * deriveSeed(42, 'BTC/USDT') !== deriveSeed(42, 'ETH/USDT') // true
 */
export function deriveSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}
