/**
 * The symbols of the scale bench (bench/scale.ts), the same on both venues: `XAAA/USDT`, `XAAB/USDT`, …
 * (letters only, as real base assets are), each with its own seeded price level.
 */
import { makeRng } from './frames.js'

/** One symbol of the scale feed. */
export interface ScaleSymbol {
  /** Unified, `XAAA/USDT`. */
  readonly unified: `${string}/${string}`
  readonly base: string
  readonly quote: 'USDT'
  /** As both venues write it, `XAAAUSDT`. */
  readonly venueSymbol: string
  /** Binance's stream spelling, `xaaausdt`. */
  readonly lower: string
  /** Mid price in ticks of 0.01, from 10.00 to 100 000.00 (log-uniform). */
  readonly centerTicks: number
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/**
 * The first `n` symbols (at most 26³), the same for a seed on every call.
 *
 * @example
 * scaleSymbols(2).map((s) => s.unified) // ['XAAA/USDT', 'XAAB/USDT']
 */
export function scaleSymbols(n: number, seed = 1): ScaleSymbol[] {
  if (!Number.isInteger(n) || n < 1 || n > 26 ** 3) throw new Error(`symbols: 1 to ${26 ** 3}, got ${n}`)
  const rng = makeRng(seed)
  const out: ScaleSymbol[] = []
  for (let i = 0; i < n; i++) {
    const base = 'X' + LETTERS[Math.floor(i / 676) % 26] + LETTERS[Math.floor(i / 26) % 26] + LETTERS[i % 26]
    out.push({
      unified: `${base}/USDT`,
      base,
      quote: 'USDT',
      venueSymbol: `${base}USDT`,
      lower: `${base}USDT`.toLowerCase(),
      centerTicks: Math.floor(10 ** (3 + 4 * rng())),
    })
  }
  return out
}
