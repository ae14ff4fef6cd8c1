/**
 * 24-hour statistics of a market's trades kept up to date as trades come and age, so a ticker costs
 * the same after a million trades as after ten.
 */
import { Decimal } from '../core/decimal.js'
import type { Trade } from '../core/model.js'

/**
 * Statistics over the trades of a window.
 *
 * @example
 * const s: WindowStats = day.at(now, trades)
 * s.high?.minus(s.low ?? 0).toString() // the 24 h range a ticker reports
 */
export interface WindowStats {
  /** The oldest trade in the window. */
  readonly first: Trade | undefined
  readonly high: Decimal | undefined
  readonly low: Decimal | undefined
  /** Base volume. */
  readonly volume: Decimal
  /** Quote volume: the sum of price × size. */
  readonly quoteVolume: Decimal
}

const ZERO = new Decimal(0)

/**
 * Trades newer than `now - windowMs` (at most `limit` of them), with running sums and monotonic
 * queues for the high and low.
 *
 * @example
 * const day = new RollingStats(86_400_000, 100_000)
 * day.add(trade)
 * day.at(Date.now(), allTrades).high
 */
export class RollingStats {
  private items: Trade[] = []
  private head = 0
  private highs: Trade[] = []
  private highHead = 0
  private lows: Trade[] = []
  private lowHead = 0
  private volume = ZERO
  private quoteVolume = ZERO
  private lastNow = -Infinity

  constructor(
    private readonly windowMs: number,
    private readonly limit: number,
  ) {}

  /** Takes a new trade (trades arrive in time order). */
  add(trade: Trade): void {
    this.items.push(trade)
    this.volume = this.volume.plus(trade.size)
    this.quoteVolume = this.quoteVolume.plus(trade.price.mul(trade.size))
    while (
      this.highs.length > this.highHead &&
      (this.highs[this.highs.length - 1] as Trade).price.lte(trade.price)
    )
      this.highs.pop()
    this.highs.push(trade)
    while (
      this.lows.length > this.lowHead &&
      (this.lows[this.lows.length - 1] as Trade).price.gte(trade.price)
    )
      this.lows.pop()
    this.lows.push(trade)
    if (this.items.length - this.head > this.limit) this.expireOne()
  }

  /**
   * The statistics at `nowMs`. When the clock went back, the window is rebuilt from `history` (the
   * market's kept trades, oldest first).
   */
  at(nowMs: number, history: readonly Trade[]): WindowStats {
    const since = nowMs - this.windowMs
    if (nowMs < this.lastNow) this.rebuild(since, history)
    this.lastNow = nowMs
    while (this.head < this.items.length && (this.items[this.head] as Trade).timestamp.getTime() <= since) {
      this.expireOne()
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) this.compact()
    const empty = this.head >= this.items.length
    return {
      first: this.items[this.head],
      high: empty ? undefined : this.highs[this.highHead]?.price,
      low: empty ? undefined : this.lows[this.lowHead]?.price,
      volume: this.volume,
      quoteVolume: this.quoteVolume,
    }
  }

  private expireOne(): void {
    const t = this.items[this.head++] as Trade
    this.volume = this.volume.minus(t.size)
    this.quoteVolume = this.quoteVolume.minus(t.price.mul(t.size))
    if (this.highs[this.highHead] === t) this.highHead++
    if (this.lows[this.lowHead] === t) this.lowHead++
  }

  private compact(): void {
    this.items = this.items.slice(this.head)
    this.head = 0
    this.highs = this.highs.slice(this.highHead)
    this.highHead = 0
    this.lows = this.lows.slice(this.lowHead)
    this.lowHead = 0
  }

  private rebuild(since: number, history: readonly Trade[]): void {
    this.items = []
    this.head = 0
    this.highs = []
    this.highHead = 0
    this.lows = []
    this.lowHead = 0
    this.volume = ZERO
    this.quoteVolume = ZERO
    let first = history.length
    while (first > 0 && (history[first - 1] as Trade).timestamp.getTime() > since) first--
    for (let i = first; i < history.length; i++) this.add(history[i] as Trade)
  }
}
