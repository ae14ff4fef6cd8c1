import { LevelRun } from '../codec/level-run.js'
import { Decimal } from '../core/decimal.js'
import type { BookChange, BookLevel, RawTimestamp, UnifiedSymbol, VenueId } from '../core/model.js'
import { APPLIED, APPLIED_RESET, STALE, type ApplyResult } from './apply-result.js'
import { BookSide } from './book-side.js'
import { BookView } from './book-view.js'
import type { BookEntry, Level } from './level.js'
import type { SequenceRule } from './sequence-rule.js'
import { TextBookChange } from './text-book-change.js'
import { unsequenced } from './sequence-rules.js'

/**
 * Options of {@link L2Book}.
 *
 * @example
 * const options: L2BookOptions = { venue: 'bybit', symbol: 'BTC/USDT', depth: 50, sequence: consecutiveUpdateIds }
 */
export interface L2BookOptions {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /**
   * Levels kept per side, for venues that send a fixed depth (Bybit `orderbook.50`: 50). After each
   * message the worst levels beyond it are dropped. Default: keep every level.
   */
  readonly depth?: number | undefined
  /** The venue's continuity rule. Default {@link unsequenced}. */
  readonly sequence?: SequenceRule | undefined
}

/**
 * One level change: `[price, size]`, as the venue's decimal strings (Bybit and Binance send exactly this
 * shape) or as Decimals. A zero size (`'0'`, `'0.00000000'`) deletes the level.
 *
 * @example
 * const levels: LevelUpdate[] = [['65000.12', '0.5'], ['64999.90', '0'], [new Decimal('64999.5'), new Decimal('2')]]
 */
export type LevelUpdate = readonly [price: string | Decimal, size: string | Decimal]

/**
 * A snapshot or delta as the book takes it: `[price, size]` pairs, or a scanned frame's {@link LevelRun}
 * (read in place). They are read during the call, never kept: only copies of the strings the book holds.
 *
 * @example
 * // Bybit v5 orderbook.50 frame `m`, decoded
 * const update: BookUpdate = { bids: m.data.b, asks: m.data.a, sequence: m.data.u, timestamp: m.ts }
 */
export interface BookUpdate {
  readonly bids: readonly LevelUpdate[] | LevelRun
  readonly asks: readonly LevelUpdate[] | LevelRun
  /** The last update id the message covers (Bybit `u`, Binance `u` / `lastUpdateId`, Coinbase `sequence_num`). */
  readonly sequence?: number | undefined
  /** The first update id it covers, for venues that send ranges (Binance `U`). */
  readonly firstSequence?: number | undefined
  /** When the venue says it happened: epoch milliseconds or a Date. */
  readonly timestamp?: number | Date | undefined
  /** The venue's timestamp as sent; defaults to `timestamp`. */
  readonly rawTimestamp?: RawTimestamp | undefined
}

/**
 * An exact, venue-agnostic L2 order book: applies snapshots and deltas, checks continuity through a
 * {@link SequenceRule}, trims to a depth, detects a crossed book, and hands out immutable views.
 *
 * Exact: prices and sizes stay the venue's strings and become Decimals only when read; prices are
 * ordered by a numeric key only where that is provably exact (see `decimal-text.ts`), and by Decimal
 * otherwise. `'65000.10'` and `'65000.1'` are one level. No venue data makes it throw: every apply
 * returns an {@link ApplyResult}.
 *
 * Costs: best bid/ask O(1); a level change O(log n) plus a move of at most 64 references (see
 * `BookSide`); a snapshot O(n log n), O(n) when sent sorted; a view O(levels shown).
 *
 * Depth semantics: the book holds what the venue's own depth-limited book holds. Changes apply one by
 * one, then each side keeps its best `depth` levels, once per message. A change beyond the depth is
 * dropped by that trim (unless deletes in the same message make room); a level trimmed away is gone
 * until the venue sends it again, as Bybit does when a delete inside the depth exposes it.
 *
 * @example
 * const book = new L2Book({ venue: 'bybit', symbol: 'BTC/USDT', depth: 50, sequence: consecutiveUpdateIds })
 * book.applySnapshot({ bids: [['65000.10', '1.5']], asks: [['65000.20', '0.3']], sequence: 100 })
 * const r = book.applyDelta({ bids: [['65000.1', '0']], asks: [], sequence: 101 }) // { kind: 'applied', reset: false }
 * book.bestAsk()?.price.toString() // '65000.2'
 */
export class L2Book {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  /** Levels kept per side (`Infinity`: all). */
  readonly depth: number
  readonly rule: SequenceRule
  private readonly bidSide = new BookSide(true)
  private readonly askSide = new BookSide(false)
  private current: number | undefined = undefined
  private isSynced = false
  private changes = 0
  private time: number | Date = 0
  private raw: RawTimestamp = 0
  private cached: BookView | undefined = undefined
  private cachedDepth = 0
  private cachedVersion = -1

  constructor(options: L2BookOptions) {
    const depth = options.depth ?? Infinity
    if (!(depth === Infinity || (Number.isInteger(depth) && depth > 0))) {
      throw new RangeError(`depth must be a positive integer, got ${String(options.depth)}`)
    }
    this.venue = options.venue
    this.symbol = options.symbol
    this.depth = depth
    this.rule = options.sequence ?? unsequenced
  }

  /** The sequence of the last applied message (`undefined` before a snapshot or without ids). */
  get sequence(): number | undefined {
    return this.current
  }

  /** True once a snapshot was applied; false again after {@link L2Book.clear} or an invalid level. */
  get synced(): boolean {
    return this.isSynced
  }

  /** Counts applied messages: a reader can tell whether anything changed since it last looked. */
  get version(): number {
    return this.changes
  }

  /** Number of bid levels held. */
  get bidCount(): number {
    return this.bidSide.length
  }

  /** Number of ask levels held. */
  get askCount(): number {
    return this.askSide.length
  }

  /** True when the best bid is at or above the best ask. */
  get crossed(): boolean {
    const bid = this.bidSide.best()
    const ask = this.askSide.best()
    return bid !== undefined && ask !== undefined && this.isCrossed(bid, ask)
  }

  /**
   * Replaces the book with a snapshot and takes its sequence. The result is the snapshot's levels applied
   * in order to an empty book: of repeated prices the last wins, and a zero size deletes.
   *
   * @example
   * book.applySnapshot({ bids: rest.bids, asks: rest.asks, sequence: rest.lastUpdateId })
   */
  applySnapshot(update: BookUpdate): ApplyResult {
    const badBid = fill(this.bidSide, update.bids)
    if (badBid !== undefined) return this.invalidate('bid', update, badBid)
    const badAsk = fill(this.askSide, update.asks)
    if (badAsk !== undefined) return this.invalidate('ask', update, badAsk)
    if (this.depth !== Infinity) {
      this.bidSide.trim(this.depth)
      this.askSide.trim(this.depth)
    }
    this.current = update.sequence
    this.isSynced = true
    return this.applied(update, true)
  }

  /**
   * Applies a delta if the sequence rule says it follows the book. Deltas before the first snapshot are
   * gaps.
   *
   * @example
   * const r = book.applyDelta({ bids: e.b, asks: e.a, firstSequence: e.U, sequence: e.u, timestamp: e.E })
   * if (r.kind === 'gap') resync()
   */
  applyDelta(update: BookUpdate): ApplyResult {
    if (!this.isSynced) {
      return { kind: 'gap', expected: undefined, got: update.firstSequence ?? update.sequence }
    }
    const verdict = this.rule.check(this.current, update.firstSequence, update.sequence)
    if (verdict !== 'apply') {
      if (verdict === 'stale') return STALE
      if (verdict === 'reset') return this.applySnapshot(update)
      return { kind: 'gap', expected: verdict.expected, got: verdict.got }
    }
    const bad = change(this.bidSide, update.bids)
    if (bad >= 0) return this.invalidate('bid', update, bad)
    const badAsk = change(this.askSide, update.asks)
    if (badAsk >= 0) return this.invalidate('ask', update, badAsk)
    if (this.depth !== Infinity) {
      this.bidSide.trim(this.depth)
      this.askSide.trim(this.depth)
    }
    if (update.sequence !== undefined) this.current = update.sequence
    return this.applied(update, false)
  }

  /**
   * Applies a normalized {@link BookChange} (Decimal levels) as a snapshot or delta. A change that also
   * carries its levels as the venue's `[price, size]` text in `rawBids` and `rawAsks` (as `TextBookChange`
   * and the drivers' own text changes do) is applied from that text: its level objects are never built.
   * The text is validated here like any other level.
   *
   * @example
   * bookChanges$('mock', 'BTC/USDT').subscribe((c) => book.applyChange(c))
   */
  applyChange(change: BookChange): ApplyResult {
    let bids: readonly LevelUpdate[] | LevelRun
    let asks: readonly LevelUpdate[] | LevelRun
    let timestamp: number | Date
    if (change instanceof TextBookChange) {
      bids = change.bidText
      asks = change.askText
      // its own epoch ms: the change's Date is built only if someone reads it
      timestamp = change.rawTimestamp
    } else {
      const { rawBids, rawAsks } = change as TextLevels
      const text = Array.isArray(rawBids) && Array.isArray(rawAsks)
      bids = text ? (rawBids as readonly LevelUpdate[]) : change.bids.map(levelUpdate)
      asks = text ? (rawAsks as readonly LevelUpdate[]) : change.asks.map(levelUpdate)
      timestamp = change.timestamp
    }
    const update: BookUpdate = {
      bids,
      asks,
      sequence: change.sequence,
      firstSequence: change.firstSequence,
      timestamp,
      rawTimestamp: change.rawTimestamp,
    }
    return change.isSnapshot ? this.applySnapshot(update) : this.applyDelta(update)
  }

  /**
   * Empties the book and forgets its sequence: deltas are gaps until the next snapshot.
   *
   * @example
   * socketClosed$.subscribe(() => book.clear())
   */
  clear(): void {
    this.bidSide.clear()
    this.askSide.clear()
    this.current = undefined
    this.isSynced = false
    this.changes++
  }

  /**
   * The best bid, O(1).
   *
   * @example
   * book.bestBid()?.price.toString() // '65000.1'
   */
  bestBid(): BookEntry | undefined {
    return this.bidSide.best()
  }

  /**
   * The best ask, O(1).
   *
   * @example
   * book.bestAsk()?.size.toString() // '0.3'
   */
  bestAsk(): BookEntry | undefined {
    return this.askSide.best()
  }

  /**
   * `(best bid + best ask) / 2`, exact; `undefined` when a side is empty.
   *
   * @example
   * book.mid()?.toString() // '65000.15'
   */
  mid(): Decimal | undefined {
    const bid = this.bidSide.best()
    const ask = this.askSide.best()
    return bid && ask ? bid.price.plus(ask.price).div(2) : undefined
  }

  /**
   * `best ask - best bid`, exact; `undefined` when a side is empty.
   *
   * @example
   * book.spread()?.toString() // '0.1'
   */
  spread(): Decimal | undefined {
    const bid = this.bidSide.best()
    const ask = this.askSide.best()
    return bid && ask ? ask.price.minus(bid.price) : undefined
  }

  /**
   * The best `n` bids (default all), best first, in a new array.
   *
   * @example
   * book.bids(5).map((l) => l.priceText)
   */
  bids(n = Infinity): BookEntry[] {
    return topOf(this.bidSide, n)
  }

  /**
   * The best `n` asks (default all), best first, in a new array.
   *
   * @example
   * book.asks(5).map((l) => l.sizeText)
   */
  asks(n = Infinity): BookEntry[] {
    return topOf(this.askSide, n)
  }

  /**
   * An immutable {@link BookView} of the best `n` levels a side (default: the book's depth, or all).
   * Asking again before the book changes returns the same view.
   *
   * @example
   * changes$.pipe(map((u) => (book.applyDelta(u), book.view(20))))
   */
  view(n: number = this.depth): BookView {
    if (this.cached !== undefined && this.cachedVersion === this.changes && this.cachedDepth === n) {
      return this.cached
    }
    const view = new BookView({
      venue: this.venue,
      symbol: this.symbol,
      bids: topOf(this.bidSide, n),
      asks: topOf(this.askSide, n),
      sequence: this.current,
      time: this.time,
      rawTimestamp: this.raw,
    })
    this.cached = view
    this.cachedDepth = n
    this.cachedVersion = this.changes
    return view
  }

  private applied(update: BookUpdate, reset: boolean): ApplyResult {
    this.changes++
    const timestamp = update.timestamp
    if (timestamp !== undefined) {
      this.time = timestamp
      this.raw = update.rawTimestamp ?? (typeof timestamp === 'number' ? timestamp : timestamp.getTime())
    }
    const bid = this.bidSide.best()
    const ask = this.askSide.best()
    if (bid === undefined || ask === undefined || !this.isCrossed(bid, ask))
      return reset ? APPLIED_RESET : APPLIED
    return { kind: 'crossed', reset, bestBid: bid.price, bestAsk: ask.price }
  }

  /** Best bid >= best ask, decided on ranks where both prices have one (see decimal-text.ts), else on Decimals. */
  private isCrossed(bid: Level, ask: Level): boolean {
    const b = this.bidSide.bestRank()
    const a = -this.askSide.bestRank()
    if (b < a) return false
    if (b >= a) return true
    return bid.price.gte(ask.price)
  }

  private invalidate(side: 'bid' | 'ask', update: BookUpdate, index: number): ApplyResult {
    const levels = side === 'bid' ? update.bids : update.asks
    const level = levels instanceof LevelRun ? levels.pairs()[index] : levels[index]
    this.clear()
    return { kind: 'invalid', side, price: String(level?.[0]), size: String(level?.[1]) }
  }
}

/**
 * Fills `side` from snapshot levels; returns the index of the first malformed one, if any. Sorting all
 * levels at once beats one insertion each; a snapshot with zero sizes in it (rare) goes level by level,
 * so a zero deletes what came before it.
 */
function fill(side: BookSide, levels: readonly LevelUpdate[] | LevelRun): number | undefined {
  const made: Level[] = []
  const ranks: number[] = []
  let zeros = false
  if (levels instanceof LevelRun) {
    const { text, spans, start, end } = levels
    for (let i = start; i < end; i += 4) {
      const entry = side.makeLevelIn(
        text,
        spans[i] as number,
        spans[i + 1] as number,
        text,
        spans[i + 2] as number,
        spans[i + 3] as number,
      )
      if (entry === undefined) return (i - start) >> 2
      if (entry === null) zeros = true
      else {
        made.push(entry)
        ranks.push(side.madeRank)
      }
    }
  } else {
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i] as LevelUpdate
      const entry = side.makeLevel(textOf(level[0]), textOf(level[1]))
      if (entry === undefined) return i
      if (entry === null) zeros = true
      else {
        made.push(entry)
        ranks.push(side.madeRank)
      }
    }
  }
  if (!zeros) {
    side.replace(made, ranks)
    return undefined
  }
  side.clear()
  change(side, levels)
  return undefined
}

/** Applies level changes to `side` one by one; the index of the first malformed one, or -1. */
function change(side: BookSide, levels: readonly LevelUpdate[] | LevelRun): number {
  if (levels instanceof LevelRun) {
    const { text, spans, start, end } = levels
    for (let i = start; i < end; i += 4) {
      const p = spans[i] as number
      const s = spans[i + 2] as number
      if (!side.setIn(text, p, spans[i + 1] as number, text, s, spans[i + 3] as number))
        return (i - start) >> 2
    }
    return -1
  }
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as LevelUpdate
    if (!side.set(textOf(level[0]), textOf(level[1]))) return i
  }
  return -1
}

/** A Decimal's exact plain text; anything else (a number, say) is not a venue decimal string. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  return Decimal.isDecimal(value) ? (value as Decimal).toFixed() : ''
}

function topOf(side: BookSide, n: number): BookEntry[] {
  return side.top(n)
}

/** The levels of a change as the venue's text, when the change carries them (see `applyChange`). */
interface TextLevels {
  readonly rawBids?: unknown
  readonly rawAsks?: unknown
}

/** A level as the book takes it: the venue's own text when the level carries it, so no Decimal is built. */
function levelUpdate(level: BookLevel): LevelUpdate {
  const { priceText, sizeText } = level as Partial<BookEntry>
  return typeof priceText === 'string' && typeof sizeText === 'string'
    ? [priceText, sizeText]
    : [level.price, level.size]
}
