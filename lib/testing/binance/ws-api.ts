/**
 * Binance's WebSocket API (`/ws-api/v3`): `{id, method, params}` requests answered with
 * `{id, status, result | error, rateLimits}`, request weight shared with REST, and the user data
 * stream (`userDataStream.subscribe.signature`), whose events arrive as `{subscriptionId, event}`.
 * https://developers.binance.com/docs/binance-spot-api-docs/websocket-api/general-api-information
 */
import type { WebSocket } from 'ws'
import { VenueError } from '../../core/errors.js'
import { readJson } from '../kit/json.js'
import { objectParams } from '../kit/params.js'
import type { SocketHub } from '../kit/socket-hub.js'
import { verifySigned, wsApiPayload } from './auth.js'
import type { BinanceContext } from './context.js'
import { binanceError, errorBody } from './wire.js'

interface Session {
  readonly id: number
  readonly ws: WebSocket
  ip: string
  readonly subscriptions: Set<number>
  nextSubscriptionId: number
}

const WEIGHTS: Readonly<Record<string, number>> = {
  ping: 1,
  time: 1,
  'userDataStream.subscribe.signature': 2,
  'userDataStream.unsubscribe': 2,
  'session.subscriptions': 2,
}

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

  connect(ws: WebSocket, ip: string): void {
    this.hub.connect(ws).ip = ip
  }

  get size(): number {
    return this.hub.size
  }

  /** Active user data subscriptions over all sessions. */
  get userSubscriptions(): number {
    return [...this.hub].reduce((n, s) => n + s.subscriptions.size, 0)
  }

  /** Sends a user data event to every subscription. */
  userEvent(event: unknown): void {
    for (const s of this.hub) {
      for (const subscriptionId of s.subscriptions) this.send(s, { subscriptionId, event })
    }
  }

  /** Ends every subscription with `eventStreamTerminated`. */
  terminateUserStreams(): void {
    this.userEvent({ e: 'eventStreamTerminated', E: this.ctx.clock.now() })
    for (const s of this.hub) s.subscriptions.clear()
  }

  private receive(s: Session, text: string): void {
    const msg = readJson(text)
    const request = (typeof msg === 'object' && msg !== null ? msg : {}) as Record<string, unknown>
    const id = typeof request.id === 'string' || typeof request.id === 'number' ? request.id : null
    const now = this.ctx.clock.now()
    const { method } = request
    const params = request.params ?? {}
    const refuse = (why: string) => this.answer(s, id, binanceError('badParam', why), now)
    if (typeof method !== 'string') return refuse("Invalid JSON request: 'method' is required.")
    const weight = WEIGHTS[method]
    if (weight === undefined) return refuse(`Unknown method '${method}'.`)
    const charge = this.ctx.limits.charge(s.ip, weight, this.ctx.clock.steady())
    if (charge.error !== undefined) return this.answer(s, id, charge.error, now)
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      return refuse("Invalid 'params' in JSON request; expected an object.")
    try {
      this.answer(s, id, this.call(s, method, params as Record<string, unknown>, now), now)
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

  private answer(s: Session, id: unknown, outcome: unknown, now: number): void {
    // counted on the time the charge was, not the venue clock (a step of it would name another window)
    const used = this.ctx.limits.usedWeight(s.ip, this.ctx.clock.steady())
    const rateLimits = [this.ctx.limits.weightLimit(used)]
    if (!(outcome instanceof VenueError))
      return this.send(s, { id, status: 200, result: outcome, rateLimits })
    const { status, body } = errorBody(outcome)
    const wait = outcome.retryAfterMs
    const data = wait === undefined ? {} : { data: { serverTime: now, retryAfter: now + wait } }
    this.send(s, { id, status, error: { ...body, ...data }, rateLimits })
  }

  private send(s: Session, message: unknown): void {
    this.hub.send(s, JSON.stringify(message))
  }
}
