/**
 * Binance's WebSocket API (`/ws-api/v3`): `{id, method, params}` requests answered with
 * `{id, status, result | error, rateLimits}`, request weight shared with REST, and the user data
 * stream (`userDataStream.subscribe.signature`), whose events arrive as `{subscriptionId, event}`.
 * https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/general-api-information
 */
import type { WebSocket } from 'ws'
import { VenueError } from '../../core/errors.js'
import { readJson } from '../kit/json.js'
import type { SocketHub } from '../kit/socket-hub.js'
import { verifySigned, wsApiPayload } from './auth.js'
import type { BinanceContext } from './context.js'
import { objectParams } from '../kit/params.js'
import { binanceError, errorBody } from './wire.js'

interface Session {
  readonly id: number
  readonly ws: WebSocket
  ip: string
  readonly subscriptions: Set<number>
  nextSubscriptionId: number
}

/** Weights of the methods served. */
const WEIGHTS: Readonly<Record<string, number>> = {
  ping: 1,
  time: 1,
  'userDataStream.subscribe.signature': 2,
  'userDataStream.unsubscribe': 2,
  'session.subscriptions': 2,
}

/**
 * The WebSocket API sessions of one simulator.
 *
 * @example
 * const api = new WsApi(ctx)
 * api.connect(ws, '127.0.0.1')
 * api.userEvent({ e: 'balanceUpdate', ... })   // to every user data subscription
 */
export class WsApi {
  private readonly hub: SocketHub<Session>

  constructor(private readonly ctx: BinanceContext) {
    const { pingIntervalMs, pongTimeoutMs } = ctx.options.streams
    this.hub = ctx.hub({
      open: (ws, id) => ({ id, ws, ip: '', subscriptions: new Set(), nextSubscriptionId: 0 }),
      opened: (s) => ctx.emit({ type: 'connected', channel: 'ws-api', connId: s.id }),
      message: (s, text) => this.receive(s, text),
      closed: (s) => ctx.emit({ type: 'disconnected', channel: 'ws-api', connId: s.id, reason: undefined }),
      heartbeat: { intervalMs: pingIntervalMs, timeoutMs: pongTimeoutMs },
    })
  }

  /** Serves a new session from `ip`. */
  connect(ws: WebSocket, ip: string): void {
    this.hub.connect(ws).ip = ip
  }

  /** Open sessions. */
  get size(): number {
    return this.hub.size
  }

  /** Active user data subscriptions over all sessions. */
  get userSubscriptions(): number {
    let n = 0
    for (const s of this.hub) n += s.subscriptions.size
    return n
  }

  /** Sends a user data event to every subscription. */
  userEvent(event: unknown): void {
    for (const s of this.hub) {
      for (const subscriptionId of s.subscriptions) this.send(s, { subscriptionId, event })
    }
  }

  /** Ends every subscription with `eventStreamTerminated`. */
  terminateUserStreams(): void {
    const E = this.ctx.clock.now()
    for (const s of this.hub) {
      for (const subscriptionId of s.subscriptions) {
        this.send(s, { subscriptionId, event: { e: 'eventStreamTerminated', E } })
      }
      s.subscriptions.clear()
    }
  }

  private receive(s: Session, text: string): void {
    const msg = readJson(text)
    const request = (typeof msg === 'object' && msg !== null ? msg : {}) as {
      id?: unknown
      method?: unknown
      params?: unknown
    }
    const id = typeof request.id === 'string' || typeof request.id === 'number' ? request.id : null
    const now = this.ctx.clock.now()
    if (typeof request.method !== 'string') {
      return this.answer(s, id, binanceError('badParam', "Invalid JSON request: 'method' is required."), now)
    }
    const weight = WEIGHTS[request.method]
    if (weight === undefined)
      return this.answer(s, id, binanceError('badParam', `Unknown method '${request.method}'.`), now)
    const charge = this.ctx.limits.charge(s.ip, weight, this.ctx.clock.steady())
    if (charge.error !== undefined) return this.answer(s, id, charge.error, now, charge.retryAfterSec)
    const params = request.params ?? {}
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      return this.answer(
        s,
        id,
        binanceError('badParam', "Invalid 'params' in JSON request; expected an object."),
        now,
      )
    }
    try {
      this.answer(s, id, this.call(s, request.method, params as Record<string, unknown>, now), now)
    } catch (e) {
      this.answer(s, id, e instanceof VenueError ? e : binanceError('unknown'), now)
    }
  }

  private call(s: Session, method: string, params: Record<string, unknown>, now: number): unknown {
    switch (method) {
      case 'ping':
        return {}
      case 'time':
        return { serverTime: now }
      case 'userDataStream.subscribe.signature': {
        const apiKey = typeof params.apiKey === 'string' ? params.apiKey : undefined
        const denied = verifySigned(apiKey, objectParams(params), wsApiPayload(params), now, this.ctx.options)
        if (denied !== undefined) throw denied
        const subscriptionId = s.nextSubscriptionId++
        s.subscriptions.add(subscriptionId)
        this.ctx.emit({ type: 'user-stream', connId: s.id, subscriptionId })
        return { subscriptionId }
      }
      case 'userDataStream.unsubscribe': {
        const which = params.subscriptionId
        if (which === undefined) s.subscriptions.clear()
        else if (typeof which !== 'number' || !s.subscriptions.delete(which)) {
          throw binanceError('badParam', 'Invalid subscriptionId.')
        }
        return {}
      }
      default:
        return [...s.subscriptions].map((subscriptionId) => ({ subscriptionId }))
    }
  }

  private answer(s: Session, id: unknown, outcome: unknown, now: number, retryAfterSec?: number): void {
    const rateLimits = [this.ctx.limits.weightLimit(this.ctx.limits.usedWeight(s.ip, now))]
    if (outcome instanceof VenueError) {
      const { status, body } = errorBody(outcome)
      const data =
        retryAfterSec === undefined
          ? {}
          : { data: { serverTime: now, retryAfter: now + retryAfterSec * 1000 } }
      return this.send(s, { id, status, error: { ...body, ...data }, rateLimits })
    }
    this.send(s, { id, status: 200, result: outcome, rateLimits })
  }

  private send(s: Session, message: unknown): void {
    this.hub.send(s, JSON.stringify(message))
  }
}
