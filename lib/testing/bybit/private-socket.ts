/**
 * Bybit's private WebSocket (`/v5/private`): `auth`, then the `order`, `execution` and `wallet`
 * topics pushed on every order event, fill and balance change.
 * https://bybit-exchange.github.io/docs/v5/ws/connect#authentication
 */
import type { WebSocket } from 'ws'
import { TopicHub } from '../kit/topic-hub.js'
import { verifySocketAuth } from './auth.js'
import type { BybitContext } from './context.js'
import { readOp } from './socket-ops.js'
import { uuidLike } from './wire.js'

/** The private topics served, and the base topic each carries. */
const TOPICS: Readonly<Record<string, PrivateTopic>> = {
  order: 'order',
  'order.spot': 'order',
  execution: 'execution',
  'execution.spot': 'execution',
  wallet: 'wallet',
}

type PrivateTopic = 'order' | 'execution' | 'wallet'

interface Conn {
  readonly id: string
  readonly ws: WebSocket
  authed: boolean
}

/** The private connections of one simulator. */
export class PrivateSocket extends TopicHub<Conn> {
  private messageSeq = 0

  constructor(private readonly ctx: BybitContext) {
    super((o) => ctx.hub(o), {
      open: (ws, n) => ({ id: uuidLike(ctx.options.seed, 2_000_000 + n), ws, authed: false }),
      opened: (conn) => ctx.emit({ type: 'connected', channel: 'private', connId: conn.id }),
      message: (conn, text) => this.receive(conn, text),
      closed: (conn) => ctx.emit({ type: 'disconnected', channel: 'private', connId: conn.id }),
      pong: true,
    })
  }

  /** True when an authenticated connection subscribed to `topic`. */
  override has(topic: string): boolean {
    for (const conn of this.subs.subscribers(topic)) if (conn.authed) return true
    return false
  }

  /** Pushes items to every authenticated subscriber of the topic (and of its `.spot` form). */
  push(topic: PrivateTopic, data: readonly unknown[]): void {
    if (data.length === 0) return
    const now = this.ctx.clock.now()
    for (const conn of this.hub) {
      if (!conn.authed) continue
      for (const name of this.subs.of(conn)) {
        if (TOPICS[name] !== topic) continue
        const id = uuidLike(this.ctx.options.seed, ++this.messageSeq)
        this.send(conn, JSON.stringify({ id, topic: name, creationTime: now, data }))
      }
    }
  }

  private receive(conn: Conn, text: string): void {
    const msg = readOp(text)
    if (msg === undefined) {
      return this.send(
        conn,
        JSON.stringify({ success: false, ret_msg: 'Params Error', op: '', conn_id: conn.id }),
      )
    }
    const reply = (op: string, success: boolean, retMsg: string, echo = true) =>
      this.send(
        conn,
        JSON.stringify({ success, ret_msg: retMsg, op, conn_id: conn.id, ...(echo ? msg.reqId : {}) }),
      )
    if (msg.op === 'ping') {
      const pong = { ...msg.reqId, op: 'pong', args: [String(this.ctx.clock.now())], conn_id: conn.id }
      return this.send(conn, JSON.stringify(pong))
    }
    if (msg.op === 'auth') {
      // The auth reply carries no req_id: https://bybit-exchange.github.io/docs/v5/ws/connect#authentication
      if (conn.authed) return reply('auth', false, 'Repeat auth', false)
      const failure = verifySocketAuth(msg.args, this.ctx.clock.now(), this.ctx.options)
      conn.authed = failure === undefined
      reply('auth', conn.authed, failure ?? '', false)
      return this.ctx.emit({ type: 'authenticated', connId: conn.id, success: conn.authed })
    }
    if (msg.op !== 'subscribe' && msg.op !== 'unsubscribe') return reply(msg.op, false, 'error:invalid op')
    if (!conn.authed) return reply(msg.op, false, 'Request not authorized')
    const topics = msg.topics
    if (topics === undefined) return reply(msg.op, false, 'Params Error')
    const change = this.subs.change(conn, msg.op === 'subscribe', topics, {
      serves: (t) => TOPICS[t] !== undefined,
      unknown: (unknown) => `error:handler not found,topic:${unknown.join(',')}`,
    })
    if (change.refused !== undefined) return reply(msg.op, false, change.refused)
    reply(msg.op, true, '')
    const type = msg.op === 'subscribe' ? 'subscribed' : 'unsubscribed'
    this.ctx.emit({ type, channel: 'private', connId: conn.id, topics })
  }
}
