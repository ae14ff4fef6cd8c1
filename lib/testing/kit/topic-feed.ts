/**
 * Public market topics as data, and the feed of one WebSocket endpoint that serves them: its
 * connections, the topics each holds, which markets are watched, publication to a topic's holders
 * (held while silenced, spoiled when a malformed frame was asked for), publications that only go out
 * when they changed, and live candles rolling over. The venue keeps its subscribe dialect and frames.
 */
import type { WebSocket } from 'ws'
import type { SeriesInterval } from '../../sim/candle-series.js'
import { CandleRoll } from './candle-roll.js'
import { spoilFrame, type MalformedKind } from './faults.js'
import type { SimMarket } from './options.js'
import type { SocketHub, SocketHubOptions } from './socket-hub.js'
import { TopicHub } from './topic-hub.js'

/**
 * The text a topic pattern's `{name}` slots took.
 *
 * @example
 * const slots: TopicSlots = { depth: '50', symbol: 'BTCUSDT' } // of 'orderbook.{depth}.{symbol}'
 */
export type TopicSlots = Readonly<Record<string, string>>

/**
 * What a topic names: its kind and market, and a candle topic's interval.
 *
 * @example
 * const topic: FeedTopic = { kind: 'kline', market, interval: 60_000 }
 */
export interface FeedTopic {
  readonly kind: string
  readonly market: SimMarket
  readonly interval?: SeriesInterval | undefined
}

/**
 * A venue's topic names as patterns: `{symbol}` is the market (looked up by the venue), other `{name}`
 * slots are any text without `.`, `@` or `/`, which the pattern's reader checks.
 *
 * @example
 * const topics = new TopicGrammar((s) => markets.get(s), {
 *   'publicTrade.{symbol}': (market) => ({ kind: 'trade', market }),
 *   'kline.{interval}.{symbol}': (market, { interval }) => intervalTopic(market, interval),
 * })
 * topics.parse('publicTrade.BTCUSDT') // { kind: 'trade', market }
 */
export class TopicGrammar<M extends SimMarket, T> {
  private readonly rules: {
    readonly regex: RegExp
    readonly read: (market: M, slots: TopicSlots) => T | undefined
  }[] = []

  constructor(
    private readonly market: (symbol: string) => M | undefined,
    patterns: Readonly<Record<string, (market: M, slots: TopicSlots) => T | undefined>>,
  ) {
    for (const [pattern, read] of Object.entries(patterns)) {
      const source = pattern
        .split(/(\{\w+\})/)
        .map((part) =>
          /^\{\w+\}$/.test(part)
            ? `(?<${part.slice(1, -1)}>[^.@/]+)`
            : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('')
      this.rules.push({ regex: new RegExp(`^${source}$`), read })
    }
  }

  /** What a topic names, or `undefined` for a topic the venue does not serve. */
  parse(topic: string): T | undefined {
    for (const { regex, read } of this.rules) {
      const slots = regex.exec(topic)?.groups
      if (slots === undefined) continue
      const market = this.market(slots.symbol ?? '')
      return market === undefined ? undefined : read(market, slots)
    }
    return undefined
  }
}

/**
 * What a feed needs of its simulator.
 *
 * @example
 * const ctx: FeedContext = { faults, hub: (options) => server.hub(options) }
 */
export interface FeedContext {
  readonly faults: { readonly silenced: boolean; takeMalformed(): MalformedKind | undefined }
  hub<C extends { readonly ws: WebSocket }>(options: SocketHubOptions<C>): SocketHub<C>
}

/**
 * The connections of one public endpoint and the topics they hold; a connection that closes leaves
 * its topics.
 *
 * @example
 * const feed = new TopicFeed(ctx, topics, { open: (ws, n) => ({ ws, id: n }), message: (c, text) => receive(c, text) })
 * feed.subs.add(conn, 'publicTrade.BTCUSDT')
 * feed.publish(['publicTrade.BTCUSDT'], () => text, () => wrongShape)
 */
export class TopicFeed<
  C extends { readonly ws: WebSocket },
  M extends SimMarket,
  T extends FeedTopic,
> extends TopicHub<C> {
  private readonly roll = new CandleRoll<C>()
  private readonly lastSent = new Map<string, string>()
  /** While set, publications go to these connections only (a closed candle's followers). */
  private only: ReadonlySet<C> | undefined

  constructor(
    private readonly ctx: FeedContext,
    private readonly grammar: TopicGrammar<M, T>,
    options: SocketHubOptions<C>,
  ) {
    super((o) => ctx.hub(o), options)
  }

  /** What a topic names, or `undefined` for one the venue does not serve. */
  parse(topic: string): T | undefined {
    return this.grammar.parse(topic)
  }

  /** Markets some connection holds a topic of. */
  watchedMarkets(): T['market'][] {
    const out = new Set<T['market']>()
    for (const topic of this.subs.topics()) {
      const parsed = this.grammar.parse(topic)
      if (parsed !== undefined) out.add(parsed.market)
    }
    return [...out]
  }

  /**
   * Publishes to every holder of each of `topics`: `text` is the frame for a holder, `wrongShape` its
   * malformed variant (see `faults.malformedFrame`). Nothing goes out while silenced.
   */
  publish(
    topics: readonly string[],
    text: (topic: string, conn: C) => string,
    wrongShape: (topic: string, conn: C) => string,
  ): void {
    if (this.ctx.faults.silenced) return
    for (const conn of this.hub) {
      if (this.only !== undefined && !this.only.has(conn)) continue
      const held = this.subs.of(conn)
      for (const topic of topics) {
        if (held.has(topic)) this.sendData(conn, text(topic, conn), () => wrongShape(topic, conn))
      }
    }
  }

  /** Sends one data frame, spoiled when a malformed frame was asked for. */
  sendData(conn: C, text: string, wrongShape: () => string): void {
    if (this.ctx.faults.silenced) return
    this.hub.send(conn, spoilFrame(text, this.ctx.faults.takeMalformed(), wrongShape))
  }

  /** True when `text` differs from what was last noted under `key`, which it becomes. */
  changed(key: string, text: string): boolean {
    if (this.lastSent.get(key) === text) return false
    this.lastSent.set(key, text)
    return true
  }

  /**
   * Each held candle topic of `market`, with the open times due now: the candle that closed since the
   * topic last published, if one did (`publish` then reaches only the holders that were sent an older
   * candle: a connection that subscribed since starts with the forming one), then the forming one.
   */
  dueCandles(
    market: SimMarket,
    now: number,
    publish: (topic: string, parsed: T, open: number) => void,
  ): void {
    for (const topic of this.subs.topics()) {
      const parsed = this.grammar.parse(topic)
      if (parsed?.interval === undefined || parsed.market !== market) continue
      const due = this.roll.due(topic, this.holders(topic), market.series, parsed.interval, now)
      if (due.closed !== undefined) {
        this.only = new Set(due.closed.to)
        try {
          publish(topic, parsed, due.closed.open)
        } finally {
          this.only = undefined
        }
      }
      publish(topic, parsed, due.forming)
    }
  }

  /** A new holder of a candle topic was sent the forming candle: returns its open time. */
  joinCandle(topic: string, parsed: T & { readonly interval: SeriesInterval }, now: number): number {
    const open = parsed.market.series.start(parsed.interval, now)
    this.roll.joined(topic, this.holders(topic), open)
    return open
  }

  /** The connections holding `topic`. */
  private holders(topic: string): C[] {
    return [...this.hub].filter((conn) => this.subs.of(conn).has(topic))
  }
}
