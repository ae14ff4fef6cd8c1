/**
 * "Did you mean" for names a caller got wrong: a venue id, a symbol. Ranking is by edit distance on
 * the names with case and separators ignored, so `btcusdt`, `BTC-USDT` and `BTC/USDT` are one name,
 * and a swapped pair of letters costs one edit.
 */

/** Case and separators (`/`, `-`, `_`, space) do not count as differences. */
function fold(name: string): string {
  return name.toUpperCase().replace(/[/\-_ ]/g, '')
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function distance(a: string, b: string): number {
  if (a === b) return 0
  const width = b.length + 1
  let before = new Array<number>(width).fill(0)
  let previous = Array.from({ length: width }, (_, j) => j)
  let current = new Array<number>(width).fill(0)
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, before[j - 2]! + 1)
      }
      current[j] = best
    }
    ;[before, previous, current] = [previous, current, before]
  }
  return previous[b.length]!
}

/**
 * The candidates closest to `input`, best first: every candidate equal to it once case and
 * separators are ignored, then those within two edits (one for inputs of three characters or less).
 * Ties keep the candidates' order. Empty when nothing is close.
 *
 * @example
 * closestNames('BTC/USDX', ['ETH/USDT', 'BTC/USDT', 'BTC/USDC']) // ['BTC/USDT', 'BTC/USDC']
 * closestNames('bianance', ['bybit', 'binance', 'mock'])        // ['binance']
 */
export function closestNames(input: string, candidates: Iterable<string>, max = 3): string[] {
  const folded = fold(input)
  const limit = Math.min(2, Math.max(1, Math.floor(folded.length / 2)))
  const scored: { readonly name: string; readonly score: number; readonly order: number }[] = []
  let order = 0
  for (const name of candidates) {
    const score = distance(folded, fold(name))
    if (score <= limit) scored.push({ name, score, order })
    order += 1
  }
  scored.sort((x, y) => x.score - y.score || x.order - y.order)
  return scored.slice(0, max).map((s) => s.name)
}

/**
 * The tail of an error message about an unknown name: the closest valid ones, or, when nothing is
 * close and the list is short, all of them.
 *
 * @example
 * `unknown venue bianance${didYouMean('bianance', ['bybit', 'binance'])}` // 'unknown venue bianance; did you mean binance?'
 */
export function didYouMean(input: string, candidates: readonly string[], listAllUpTo = 10): string {
  const close = closestNames(input, candidates)
  if (close.length > 0) return `; did you mean ${close.join(', ')}?`
  if (candidates.length > 0 && candidates.length <= listAllUpTo) return `; valid: ${candidates.join(', ')}`
  return ''
}
