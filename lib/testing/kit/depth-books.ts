/**
 * The diff-depth books of every market of a venue: each one's update ids start high and apart (seeded
 * from the market's venue symbol, like a venue's long-running counters), all of them exist from the
 * start so update ids and snapshots agree from the first look, and a diff can be held back and sent
 * later (a test's control over the snapshot-versus-events race).
 */
import type { Exchange } from '../../sim/exchange.js'
import { deriveSeed } from '../../sim/prng.js'
import { DepthBook, type DepthDiff } from './depth-book.js'
import type { SimMarket } from './options.js'

/**
 * One venue's diff-depth books.
 *
 * @example
 * const depths = new DepthBooks(exchange, seed, markets.values())
 * depths.of(market).updateId           // a REST snapshot's lastUpdateId
 * depths.publish(market, held, (diff) => sendDepthUpdate(market, diff))
 */
export class DepthBooks<M extends SimMarket> {
  private readonly books = new Map<M, DepthBook>()
  private readonly held: [M, DepthDiff][] = []

  constructor(
    private readonly exchange: Exchange,
    private readonly seed: number,
    markets: Iterable<M>,
  ) {
    for (const m of markets) this.of(m)
  }

  /** The book of a market. */
  of(m: M): DepthBook {
    let book = this.books.get(m)
    if (book === undefined) {
      const first = 1_000_000 + (deriveSeed(this.seed, m.venueSymbol) % 9_000_000)
      book = new DepthBook(() => this.exchange.book(m.instrument.symbol), first)
      this.books.set(m, book)
    }
    return book
  }

  /** Makes the next diff of every book skip one update id. */
  gap(): void {
    for (const book of this.books.values()) book.gap()
  }

  /** Takes a market's diff since the last one, if it changed: sent now, or queued while `hold`. */
  publish(m: M, hold: boolean, send: (diff: DepthDiff) => void): void {
    const diff = this.of(m).take()
    if (diff === undefined) return
    if (hold) this.held.push([m, diff])
    else send(diff)
  }

  /** Sends the diffs held back, in order. */
  release(send: (m: M, diff: DepthDiff) => void): void {
    for (const [m, diff] of this.held.splice(0)) send(m, diff)
  }
}
