/**
 * Binance's rate limits: request weight per IP per minute (REST and WebSocket API together), raw
 * requests per 5 minutes, orders per account per 10 s and per day, 429 with `Retry-After` when over,
 * and an IP ban (418) for a client that keeps going after its 429s.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/limits
 */
import type { VenueError } from '../../core/errors.js'
import { IntervalCounter } from '../kit/interval-counter.js'
import { RequestLimits } from '../kit/request-limits.js'
import type { BinanceRateLimits } from './options.js'
import { binanceError } from './wire.js'

const MINUTE = 60_000
const AVOID = 'Please use WebSocket Streams for live updates to avoid'

/** A refusal (429 or 418, its `retryAfterMs` the `Retry-After`), or none; the weight used after the request. */
export interface Charge {
  readonly error: VenueError | undefined
  readonly usedWeight: number
}

export class BinanceLimits {
  private readonly ips: RequestLimits<'raw' | 'weight'>
  /** The account's ORDERS limits: per 10 s and per day. */
  private readonly orders: readonly { counter: IntervalCounter; row: object; label: string }[]

  constructor(readonly limits: BinanceRateLimits) {
    this.ips = new RequestLimits(
      { raw: [limits.rawRequestsPer5m, 5 * MINUTE], weight: [limits.requestWeightPerMinute, MINUTE] },
      { rejections: limits.rejectionsBeforeBan, banMs: limits.banMs },
    )
    const orders = (limit: number, ms: number, unit: string, n: number) => ({
      counter: new IntervalCounter(limit, ms),
      row: row('ORDERS', unit, n, limit),
      label: `${n} ${unit}`,
    })
    this.orders = [
      orders(limits.ordersPer10s, 10_000, 'SECOND', 10),
      orders(limits.ordersPerDay, 24 * 60 * MINUTE, 'DAY', 1),
    ]
  }

  /** The `rateLimits` of `exchangeInfo`. */
  rateLimits(): object[] {
    return [
      this.weightLimit(),
      ...this.orderLimits(),
      row('RAW_REQUESTS', 'MINUTE', 5, this.limits.rawRequestsPer5m),
    ]
  }

  /** The REQUEST_WEIGHT limit; with the weight `count` used, as the WebSocket API reports it. */
  weightLimit(count?: number): object {
    const weight = row('REQUEST_WEIGHT', 'MINUTE', 1, this.limits.requestWeightPerMinute)
    return count === undefined ? weight : { ...weight, count }
  }

  /** The ORDERS limits; at `now`, with the account's counts, as `GET /api/v3/rateLimit/order` shows them. */
  orderLimits(now?: number): object[] {
    return this.orders.map((o) => (now === undefined ? o.row : { ...o.row, count: o.counter.used(now) }))
  }

  usedWeight(ip: string, now: number): number {
    return this.ips.used(ip, 'weight', now)
  }

  /** Charges a request of `weight` to an IP, or refuses it. */
  charge(ip: string, weight: number, now: number): Charge {
    const c = this.ips.charge(ip, { raw: 1, weight }, now)
    if (c.bannedUntil === undefined && c.over === undefined)
      return { error: undefined, usedWeight: c.used.weight }
    const retryAfterMs = 1000 * Math.max(1, Math.ceil(((c.bannedUntil ?? c.resetAt) - now) / 1000))
    const error =
      c.bannedUntil !== undefined
        ? binanceError(
            'tooManyRequests',
            `Way too much request weight used; IP banned until ${c.bannedUntil}. ${AVOID} bans.`,
            { kind: 'rate-limit', status: 418, retryAfterMs },
          )
        : binanceError(
            'tooManyRequests',
            c.over === 'raw'
              ? `Too many requests; current limit of IP(${ip}) is ${this.limits.rawRequestsPer5m} requests per 5 MINUTE. ${AVOID} bans.`
              : `Too much request weight used; current limit is ${this.limits.requestWeightPerMinute} request weight per 1 MINUTE. ${AVOID} polling the API.`,
            { retryAfterMs },
          )
    return { error, usedWeight: this.usedWeight(ip, now) }
  }

  /** Refuses a new order over the account's order limits (429 without `Retry-After`), or `undefined`. */
  checkOrder(now: number): VenueError | undefined {
    const full = this.orders.find((o) => !o.counter.fits(now, 1))
    if (full === undefined) return undefined
    const { counter, label } = full
    return binanceError(
      'tooManyOrders',
      `Too many new orders; current limit is ${counter.limit} orders per ${label}.`,
    )
  }

  /** Counts an accepted order; returns the `X-MBX-ORDER-COUNT-10S` and `-1D` values. */
  countOrder(now: number): readonly number[] {
    return this.orders.map((o) => o.counter.add(now, 1))
  }
}

function row(rateLimitType: string, interval: string, intervalNum: number, limit: number): object {
  return { rateLimitType, interval, intervalNum, limit }
}
