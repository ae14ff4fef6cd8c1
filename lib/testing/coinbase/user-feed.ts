/**
 * Coinbase's user WebSocket endpoint: the `user` channel (a JWT per subscribe message) with the
 * account's orders, and `heartbeats`.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels
 */
import type { WebSocket } from 'ws'
import { readJson } from '../kit/json.js'
import type { SocketHub, SocketHubOptions } from '../kit/socket-hub.js'
import { TopicHub } from '../kit/topic-hub.js'
import { expireDue, type CoinbaseOrderEntry, type CoinbaseTradingContext } from './account-orders.js'
import { checkCoinbaseJwt, type CoinbaseSimKey } from './auth.js'
import { userOrder } from './order-views.js'

interface UserConn {
  readonly ws: WebSocket
  readonly n: number
  /** Products of the `user` subscription; empty: all. */
  products: readonly string[]
}

/**
 * Options of a {@link CoinbaseUserFeed}: how often `heartbeats` subscribers get one, in real time
 * (default: only when `beat()` is called), and who hears of each subscription.
 *
 * @example
 * new CoinbaseUserFeed(ctx, hub, key, { heartbeatMs: 1000, subscribed: (channel) => log(channel) })
 */
export interface UserFeedOptions {
  readonly heartbeatMs?: number | undefined
  /** Told of every subscription a connection (`connId`, counted from 1) makes. */
  readonly subscribed?: ((channel: 'user' | 'heartbeats', connId: number) => void) | undefined
}

/** Orders per snapshot event: a batch of fewer ends the replay. */
const SNAPSHOT_BATCH = 50

/**
 * The user WebSocket endpoint: `subscribe` / `unsubscribe` one channel per message, `user` (needs a
 * valid JWT: else `{"type":"error","message":"authentication failure"}`) and `heartbeats`. A `user`
 * subscription gets a `subscriptions` frame, then the open orders (snapshot, 50 a frame), then an
 * `update` frame for every change of its products' orders; `heartbeats` one frame every
 * `heartbeatMs` (real time). `sequence_num` counts each connection's frames from 0.
 *
 * @example
 * const feed = new CoinbaseUserFeed(ctx, (options) => server.hub(options), key)
 * upgrade = (url) => (url.pathname === '/' ? (ws) => feed.connect(ws) : undefined)
 * exchange order report: feed.changed(orders.update(order)?.entry)
 */
export class CoinbaseUserFeed extends TopicHub<UserConn> {
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private counter = 0

  constructor(
    private readonly ctx: CoinbaseTradingContext,
    hub: (options: SocketHubOptions<UserConn>) => SocketHub<UserConn>,
    private readonly key: CoinbaseSimKey,
    private readonly options: UserFeedOptions = {},
  ) {
    super(hub, {
      open: (ws, n) => ({ ws, n, products: [] }),
      message: (conn, text) => this.receive(conn, text),
      closed: () => this.beatWhileWanted(),
      pong: true,
    })
  }

  /** Pushes an order's change to the `user` subscribers of its product. */
  changed(entry: CoinbaseOrderEntry | undefined): void {
    if (entry === undefined) return
    for (const conn of this.subs.subscribers('user')) {
      if (conn.products.length > 0 && !conn.products.includes(entry.market.venueSymbol)) continue
      this.sendFrame(conn, 'user', [{ type: 'update', orders: [userOrder(this.ctx, entry)] }])
    }
  }

  /** Sends one heartbeat frame to every `heartbeats` subscriber now. */
  beat(): void {
    const counter = ++this.counter
    const current = new Date(this.ctx.clock.now()).toISOString()
    for (const conn of this.subs.subscribers('heartbeats')) {
      this.sendFrame(conn, 'heartbeats', [{ current_time: current, heartbeat_counter: counter }])
    }
  }

  /** Stops the heartbeat timer. */
  close(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat)
    this.heartbeat = undefined
  }

  private receive(conn: UserConn, text: string): void {
    const msg = readJson(text) as Record<string, unknown> | null | undefined
    if (typeof msg !== 'object' || msg === null) return this.error(conn, 'malformed message')
    const { type, channel } = msg
    if (type !== 'subscribe' && type !== 'unsubscribe') return this.error(conn, 'unknown message type')
    if (channel !== 'user' && channel !== 'heartbeats') return this.error(conn, 'failure to subscribe')
    if (channel === 'user') {
      const jwt = typeof msg['jwt'] === 'string' ? msg['jwt'] : undefined
      if (checkCoinbaseJwt(jwt, this.key, this.ctx.clock.now()) !== undefined) {
        return this.error(conn, 'authentication failure')
      }
    }
    if (type === 'unsubscribe') {
      this.subs.remove(conn, channel)
      this.confirm(conn)
      return this.beatWhileWanted()
    }
    this.subs.add(conn, channel)
    this.options.subscribed?.(channel, conn.n)
    if (channel === 'heartbeats') {
      this.confirm(conn)
      return this.beatWhileWanted()
    }
    const ids = msg['product_ids']
    conn.products = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
    this.confirm(conn)
    expireDue(this.ctx)
    const open = this.ctx.orders
      .openOrders()
      .filter((e) => conn.products.length === 0 || conn.products.includes(e.market.venueSymbol))
    for (let i = 0; i === 0 || i < open.length; i += SNAPSHOT_BATCH) {
      const orders = open.slice(i, i + SNAPSHOT_BATCH).map((e) => userOrder(this.ctx, e))
      this.sendFrame(conn, 'user', [
        {
          type: 'snapshot',
          orders,
          positions: { perpetual_futures_positions: [], expiring_futures_positions: [] },
        },
      ])
    }
  }

  private confirm(conn: UserConn): void {
    const held: Record<string, string[]> = {}
    for (const channel of this.subs.of(conn))
      held[channel] = channel === 'user' ? [...conn.products] : [channel]
    this.sendFrame(conn, 'subscriptions', [{ subscriptions: held }])
  }

  private error(conn: UserConn, message: string): void {
    this.send(conn, JSON.stringify({ type: 'error', message }))
  }

  private sendFrame(conn: UserConn, channel: string, events: readonly unknown[]): void {
    const frame = {
      channel,
      client_id: '',
      timestamp: new Date(this.ctx.clock.now()).toISOString(),
      sequence_num: this.hub.sequence(conn) - 1,
      events,
    }
    this.hub.send(conn, JSON.stringify(frame))
  }

  /** Beats while some connection holds `heartbeats`, and only then (when beats are timed). */
  private beatWhileWanted(): void {
    const ms = this.options.heartbeatMs
    if (ms !== undefined && this.subs.has('heartbeats')) {
      this.heartbeat ??= setInterval(() => this.beat(), ms)
      this.heartbeat.unref()
    } else {
      this.close()
    }
  }
}
