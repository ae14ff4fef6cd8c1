/**
 * When a live candle stream publishes: the forming candle every time the market moves, and first, to
 * each holder that was sent an older candle, the candle that just closed when its interval rolled over.
 * A holder new to the stream (a client that subscribed again after an outage) starts with the forming
 * candle only: as a real venue, a simulator does not re-send a closed candle missed while disconnected.
 */
import type { CandleSeries, SeriesInterval } from '../../sim/candle-series.js'

/**
 * What a candle stream publishes now: the candle that closed, to the holders that were following it,
 * then the forming one, to every holder.
 *
 * @example
 * const due: DueCandles<Conn> = { closed: { open: t0, to: [conn] }, forming: t0 + 60_000 }
 */
export interface DueCandles<H> {
  readonly closed?: { readonly open: number; readonly to: readonly H[] } | undefined
  readonly forming: number
}

/**
 * The open time each holder of each candle stream was last sent, by stream name.
 *
 * @example
 * const roll = new CandleRoll<Conn>()
 * const due = roll.due('kline.1.BTCUSDT', holders, m.series, 60_000, now)
 * if (due.closed) for (const conn of due.closed.to) send(conn, candleMessage(due.closed.open))
 * for (const conn of holders) send(conn, candleMessage(due.forming))
 */
export class CandleRoll<H> {
  private readonly sent = new Map<string, Map<H, number>>()

  /**
   * The candles `stream` publishes now to `holders`: the closed candle goes to those sent an older one
   * (a holder not seen before gets the forming candle only); every holder is then at the forming one.
   */
  due(
    stream: string,
    holders: readonly H[],
    series: CandleSeries,
    interval: SeriesInterval,
    now: number,
  ): DueCandles<H> {
    const open = series.start(interval, now)
    const before = this.sent.get(stream) ?? new Map<H, number>()
    const following = holders.filter((h) => {
      const last = before.get(h)
      return last !== undefined && last < open
    })
    // holders that left are forgotten
    this.sent.set(stream, new Map(holders.map((h) => [h, open])))
    return following.length === 0
      ? { forming: open }
      : { closed: { open: series.previous(interval, open), to: following }, forming: open }
  }

  /** `holders` new to `stream` were sent its forming candle, opened at `open`: they roll from it on. */
  joined(stream: string, holders: readonly H[], open: number): void {
    let sent = this.sent.get(stream)
    if (sent === undefined) this.sent.set(stream, (sent = new Map()))
    for (const h of holders) if (!sent.has(h)) sent.set(h, open)
  }
}
