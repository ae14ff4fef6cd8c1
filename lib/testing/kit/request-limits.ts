/**
 * Request limits kept per key (an IP, an account): usage counters over fixed intervals of the
 * simulated clock, a refusal for a request that would pass one of them, and a ban for a key that keeps
 * going after too many refusals in a minute (Binance's 418, Coinbase Prime's 30 s wait).
 */
import { IntervalCounter } from './interval-counter.js'

const MINUTE = 60_000

/**
 * What charging a request found: passed (with each counter's usage after it), refused because
 * counter `over` is full until `resetAt`, or refused because the key is banned until `bannedUntil`.
 *
 * @example
 * const c: LimitCharge<'weight'> = limits.charge(ip, { weight: 20 }, now)
 * if (c.over !== undefined) reply429(Math.ceil((c.resetAt - now) / 1000))
 */
export type LimitCharge<N extends string> =
  | { readonly over: undefined; readonly bannedUntil: undefined; readonly used: Readonly<Record<N, number>> }
  | { readonly over: N; readonly bannedUntil: undefined; readonly resetAt: number }
  | { readonly over: undefined; readonly bannedUntil: number }

/**
 * The limits of every key, by counter name.
 *
 * @example
 * const ips = new RequestLimits({ weight: [6000, 60_000], raw: [61_000, 300_000] }, { rejections: 3, banMs: 120_000 })
 * ips.charge('127.0.0.1', { raw: 1, weight: 20 }, clock.now())
 */
export class RequestLimits<N extends string> {
  private readonly keys = new Map<
    string,
    { counters: Record<N, IntervalCounter>; rejected: number; minute: number; bannedUntil: number }
  >()

  /**
   * `counters`: each name's `[limit, intervalMs]`, checked in this order. `ban`: more than `rejections`
   * refusals of a key in one minute ban it for `banMs`.
   */
  constructor(
    private readonly counters: Readonly<Record<N, readonly [number, number]>>,
    private readonly ban?: { readonly rejections: number; readonly banMs: number } | undefined,
  ) {}

  /** Counts a request of `units` per counter for `key`, or refuses it without counting. */
  charge(key: string, units: Readonly<Record<N, number>>, now: number): LimitCharge<N> {
    const s = this.state(key)
    if (s.bannedUntil > now) return { over: undefined, bannedUntil: s.bannedUntil }
    const names = Object.keys(this.counters) as N[]
    const over = names.find((n) => !s.counters[n].fits(now, units[n]))
    if (over === undefined) {
      const used = Object.fromEntries(names.map((n) => [n, s.counters[n].add(now, units[n])]))
      return { over: undefined, bannedUntil: undefined, used: used as Record<N, number> }
    }
    const minute = Math.floor(now / MINUTE)
    if (minute !== s.minute) [s.minute, s.rejected] = [minute, 0]
    if (this.ban !== undefined && ++s.rejected > this.ban.rejections) {
      s.bannedUntil = now + this.ban.banMs
      return { over: undefined, bannedUntil: s.bannedUntil }
    }
    return { over, bannedUntil: undefined, resetAt: s.counters[over].resetAt(now) }
  }

  /** What `key` used of counter `name` in its current interval. */
  used(key: string, name: N, now: number): number {
    return this.state(key).counters[name].used(now)
  }

  private state(key: string) {
    let s = this.keys.get(key)
    if (s === undefined) {
      const entries = Object.entries<readonly [number, number]>(this.counters)
      const counters = Object.fromEntries(
        entries.map(([n, [limit, ms]]) => [n, new IntervalCounter(limit, ms)]),
      )
      s = {
        counters: counters as Record<N, IntervalCounter>,
        rejected: 0,
        minute: Number.NaN,
        bannedUntil: -Infinity,
      }
      this.keys.set(key, s)
    }
    return s
  }
}
