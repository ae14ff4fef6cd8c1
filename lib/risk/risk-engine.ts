/**
 * `createRisk`: pre-trade checks that run synchronously before an order is sent: the built-in rules
 * from limits set as data, custom rules as plain functions, and a kill switch.
 */
import { Subject, type Observable } from 'rxjs'
import { Decimal } from '../core/decimal.js'
import { VenueError } from '../core/errors.js'
import type { UnifiedSymbol, VenueId } from '../core/model.js'
import { checkRiskConfig } from './config-check.js'
import { resolveLimits, type LimitTree, type ResolvedLimits, type RiskScope } from './limits.js'
import { OrderRateWindow } from './order-rate.js'
import { RiskRejectedError, type RiskEvent, type RiskVerdict } from './rejection.js'
import type { DailyBaseline } from '../store/order-store.js'
import type { RiskOrder, RiskState } from './risk-state.js'

/**
 * A rule of your own: `undefined` lets the order pass, a verdict refuses it.
 *
 * @example
 * const noFridaySells: CustomRiskRule = (order, state) =>
 *   order.side === 'sell' && new Date(state.now()).getUTCDay() === 5
 *     ? { rule: 'no-friday-sells', limit: '0', value: '1', measure: 'sells on a Friday' }
 *     : undefined
 */
export type CustomRiskRule = (order: RiskOrder, state: RiskState) => RiskVerdict | undefined

/**
 * What the kill switch does when it trips.
 *
 * @example
 * const killSwitch: KillSwitchOptions = { cancelOpenOrders: true, tripOnDailyLoss: true }
 */
export interface KillSwitchOptions {
  /** Cancel every open order when it trips (the order manager does it). Default false. */
  readonly cancelOpenOrders?: boolean | undefined
  /**
   * Trip when an order is refused by `maxDailyLoss`: a venue's (or one of its symbols') limit trips that
   * venue's switch, the limit of all venues every venue's. Default false.
   */
  readonly tripOnDailyLoss?: boolean | undefined
}

/**
 * Limits (see {@link RiskLimits}: at the top level for every venue, under `venues` per venue and per
 * symbol), custom rules, the daily reset and the kill switch.
 *
 * @example
 * const config: RiskConfig = {
 *   maxOrderNotional: '50000',
 *   priceBand: '0.05',
 *   venues: { bybit: { maxOpenOrders: 20, symbols: { 'BTC/USDT': { maxPosition: '0.5' } } } },
 *   killSwitch: { cancelOpenOrders: true },
 * }
 */
export interface RiskConfig extends LimitTree {
  /**
   * Ids of venues of your own (a venue module or driver not built in) that `venues` may set limits
   * for; a `venues` key that is neither a built-in venue nor listed here is refused, so a misspelt
   * venue is never a limit that applies nowhere.
   */
  readonly customVenues?: readonly VenueId[] | undefined
  /** Checked after the built-in rules, in order. */
  readonly rules?: readonly CustomRiskRule[] | undefined
  /** When the trading day starts, in ms after 00:00 UTC. Default 0 (midnight UTC). */
  readonly dailyResetUtcMs?: number | undefined
  readonly killSwitch?: KillSwitchOptions | undefined
  /** Epoch ms of the events of {@link Risk.trip} and {@link Risk.reset}. Default `Date.now`. */
  readonly now?: (() => number) | undefined
}

/**
 * Pre-trade risk checks, as {@link createRisk} makes them.
 *
 * @example
 * const risk: Risk = createRisk({ maxOrderQuantity: '1' })
 * const refused = risk.check(order, state) // undefined, or a RiskRejectedError
 * risk.trip('operator halt')               // every order refused until reset()
 */
export interface Risk {
  /**
   * Runs every rule on the order: the first that refuses it gives the error; an order that passes is
   * counted for the order rate. Never throws for an order.
   */
  check(order: RiskOrder, state: RiskState): RiskRejectedError | undefined
  /**
   * Whether a check of the order reads the mid of its venue's book (the price band, the notional of a
   * market order, the base quantity of one by quote amount): the order manager then waits for a first
   * mid of a book it does not watch yet.
   */
  needsMid?(order: RiskOrder): boolean
  /**
   * Starts a trading day: each daily loss limit counts from the PnL the state reports now, or from a
   * kept baseline of the same scope and day (a restart later in the day). Returns the baselines taken
   * now, for the store to keep.
   */
  startDay(state: RiskState, kept?: readonly DailyBaseline[]): DailyBaseline[]
  /** When the next trading day starts, epoch ms, after `now`. */
  nextDayAt(now: number): number
  /**
   * Trips the kill switch: every order is refused until {@link Risk.reset}; with `venue`, that venue's
   * switch only (its orders refused, the others' not).
   */
  trip(reason: string, venue?: VenueId): void
  /** Re-arms the kill switch of `venue`, or, without one, every switch. */
  reset(reason?: string, venue?: VenueId): void
  /** Whether the kill switch of every venue is tripped. */
  readonly tripped: boolean
  /** Whether orders to `venue` are refused by a kill switch: every venue's, or its own. */
  isTripped(venue: VenueId): boolean
  /** Whether the kill switch cancels open orders when it trips. */
  readonly cancelsOnTrip: boolean
  /** Every rejection and every trip and reset. Hot; never errors; completes on {@link Risk.close}. */
  readonly events$: Observable<RiskEvent>
  /**
   * Completes `events$`; the checks go on answering. An order manager closes the risk it made from its
   * configuration when it closes (not one it was given).
   */
  close?(): void
}

const DAY_MS = 86_400_000
const ZERO = new Decimal(0)

/**
 * Creates the risk checks. Limits are resolved once per venue and symbol on first use; a check does
 * a handful of Decimal operations and no allocation beyond them (see `bench/risk.ts`).
 *
 * @throws VenueError `invalid-request` for an unknown setting (naming the closest ones), a kill switch
 * flag that is not a boolean, or a limit that is not a positive number.
 * @example
 * const risk = createRisk({ maxOrderQuantity: '1', priceBand: '0.02', killSwitch: { cancelOpenOrders: true } })
 * const manager = createOrderManager({ client, risk })
 * manager.place('bybit', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: new Decimal('60000'), quantity: new Decimal('2') })
 *   .subscribe({ error: (e) => console.log(e.kind) }) // 'risk-rejected' (max-order-quantity)
 */
export function createRisk(config: RiskConfig = {}): Risk {
  checkRiskConfig(config)
  const resetMs = config.dailyResetUtcMs ?? 0
  if (!Number.isFinite(resetMs) || resetMs < 0 || resetMs >= DAY_MS) {
    throw new VenueError({ kind: 'invalid-request', message: `dailyResetUtcMs must be in [0, 86400000)` })
  }
  // check the whole tree at once, so a bad limit fails here rather than on some later order
  for (const [venue, v] of Object.entries(config.venues ?? {})) {
    resolveLimits(config, venue, 'X/Y')
    for (const symbol of Object.keys(v?.symbols ?? {})) resolveLimits(config, venue, symbol as UnifiedSymbol)
  }
  resolveLimits(config, '*', 'X/Y')

  const rules = config.rules ?? []
  const now = config.now ?? Date.now
  const cancelsOnTrip = config.killSwitch?.cancelOpenOrders ?? false
  const tripOnDailyLoss = config.killSwitch?.tripOnDailyLoss ?? false
  const events = new Subject<RiskEvent>()
  const resolved = new Map<VenueId, Map<UnifiedSymbol, ResolvedLimits>>()
  const rates = new Map<string, OrderRateWindow>()
  // the PnL at the start of the day per scope, and the PnL at which the loss reaches the limit
  const baselines = new Map<string, { day: number; pnl: Decimal; floor: Decimal | undefined }>()
  // the price band's bounds around the last mid seen per venue and symbol: a check compares only
  const bands = new Map<ResolvedLimits, { mid: Decimal; low: Decimal; high: Decimal }>()
  // the reason of each tripped switch: '*' for every venue's, else the venue's
  const tripped = new Map<string, string>()

  const limitsOf = (venue: VenueId, symbol: UnifiedSymbol): ResolvedLimits => {
    let bySymbol = resolved.get(venue)
    if (bySymbol === undefined) resolved.set(venue, (bySymbol = new Map()))
    let limits = bySymbol.get(symbol)
    if (limits === undefined) bySymbol.set(symbol, (limits = resolveLimits(config, venue, symbol)))
    return limits
  }
  const dayOf = (now: number) => Math.floor((now - resetMs) / DAY_MS)
  const dayStart = (key: string, scope: RiskScope, limit: Decimal, state: RiskState) => {
    const day = dayOf(state.now())
    let b = baselines.get(key)
    if (b === undefined || b.day !== day) {
      b = { day, pnl: state.pnl(scope.venue, scope.symbol), floor: undefined }
      baselines.set(key, b)
    }
    b.floor ??= b.pnl.minus(limit)
    return b
  }
  const bandOf = (l: ResolvedLimits, band: Decimal, mid: Decimal) => {
    let b = bands.get(l)
    if (b === undefined || b.mid !== mid) {
      const away = mid.times(band)
      bands.set(l, (b = { mid, low: mid.minus(away), high: mid.plus(away) }))
    }
    return b
  }

  const builtIn = (o: RiskOrder, state: RiskState, l: ResolvedLimits): RiskVerdict | undefined => {
    if (tripped.size > 0) {
      const every = tripped.get('*')
      const own = every === undefined ? tripped.get(o.venue) : undefined
      if (every !== undefined || own !== undefined) {
        return {
          rule: 'kill-switch',
          limit: 'armed',
          value: 'tripped',
          measure: own === undefined ? `the kill switch (${every})` : `the ${o.venue} kill switch (${own})`,
          reason:
            own === undefined
              ? `the kill switch is tripped (${every})`
              : `the ${o.venue} kill switch is tripped (${own})`,
        }
      }
    }
    const qty = o.quantity
    if (l.maxOrderQuantity !== undefined && qty !== undefined && qty.gt(l.maxOrderQuantity)) {
      return over('max-order-quantity', l.maxOrderQuantity, qty, 'quantity')
    }
    const needsMid = midNeeded(o, l)
    const mid = needsMid ? state.mid(o.venue, o.symbol) : undefined
    if (needsMid && mid === undefined) {
      const rule =
        o.type === 'limit'
          ? 'price-band'
          : l.maxOrderQuantity !== undefined && qty === undefined
            ? 'max-order-quantity'
            : l.maxOrderNotional !== undefined
              ? 'max-order-notional'
              : l.maxPosition !== undefined && qty === undefined
                ? 'max-position'
                : 'max-asset-position'
      return noMid(o, rule)
    }
    const price = o.price ?? mid
    // what the order is worth, and its base quantity (a buy by quote amount, at its price or the mid)
    const base =
      qty ?? (o.quoteQuantity !== undefined && price !== undefined ? o.quoteQuantity.div(price) : ZERO)
    if (l.maxOrderQuantity !== undefined && qty === undefined && base.gt(l.maxOrderQuantity)) {
      const at = `${o.price === undefined ? 'the mid' : 'its price'} ${price?.toFixed() ?? '?'}`
      const measure = `quantity (${o.quoteQuantity?.toFixed() ?? '?'} quote at ${at})`
      return over('max-order-quantity', l.maxOrderQuantity, base, measure)
    }
    const notional = o.quoteQuantity ?? (price === undefined ? ZERO : price.times(base))
    if (l.maxOrderNotional !== undefined && notional.gt(l.maxOrderNotional)) {
      return over('max-order-notional', l.maxOrderNotional, notional, 'notional')
    }
    if (l.priceBand !== undefined && o.type === 'limit' && o.price !== undefined && mid !== undefined) {
      const { low, high } = bandOf(l, l.priceBand, mid)
      if (o.price.lt(low) || o.price.gt(high)) {
        const away = o.price.minus(mid).abs().div(mid)
        return over('price-band', l.priceBand, away, `distance from the mid ${mid.toFixed()}`)
      }
    }
    for (const c of l.maxOpenOrders) {
      const open = state.openOrderCount(c.scope.venue, c.scope.symbol) + (o.replaces === undefined ? 1 : 0)
      if (open > c.limit) return counted('max-open-orders', c.limit, open, 'open orders', c.key)
    }
    for (const c of l.maxOrderRate) {
      if (o.replaces !== undefined) break
      const n = rateOf(c.key, c.limit).inWindow(state.now()) + 1
      if (n > c.limit.orders)
        return counted('max-order-rate', c.limit.orders, n, `orders in ${c.limit.perMs} ms`, c.key)
    }
    // the change this order makes to what may still fill
    const added = o.replaces === undefined ? base : base.minus(o.replaces)
    if (l.maxPosition !== undefined && added.gt(0)) {
      const pos = state.position(o.venue, o.symbol)
      const worst =
        o.side === 'buy'
          ? pos.plus(state.openQuantity(o.venue, o.symbol, 'buy')).plus(added)
          : state.openQuantity(o.venue, o.symbol, 'sell').plus(added).minus(pos)
      if (worst.gt(l.maxPosition)) {
        return over(
          'max-position',
          l.maxPosition,
          worst,
          `${o.symbol} ${o.side === 'buy' ? 'long' : 'short'} position (worst case)`,
        )
      }
    }
    if (l.maxAssetPosition.size > 0 && added.gt(0)) {
      const baseAsset = state.baseOf(o.symbol)
      const quoteAsset = state.quoteOf(o.symbol)
      const inBase = o.side === 'buy'
      const v1 = assetVerdict(o, state, l, baseAsset, inBase ? 'in' : 'out', added)
      if (v1 !== undefined) return v1
      const value = added === base ? notional : price === undefined ? ZERO : price.times(added)
      const v2 = assetVerdict(o, state, l, quoteAsset, inBase ? 'out' : 'in', value)
      if (v2 !== undefined) return v2
    }
    for (const c of l.maxDailyLoss) {
      const day = dayStart(c.key, c.scope, c.limit, state)
      const pnl = state.pnl(c.scope.venue, c.scope.symbol)
      if (day.floor !== undefined && pnl.lte(day.floor)) {
        const loss = day.pnl.minus(pnl)
        // a venue's (or its symbol's) limit trips that venue's switch; the limit of all, every venue's
        if (tripOnDailyLoss) {
          trip(`daily loss ${loss.toFixed()} reached ${c.limit.toFixed()} [${c.key}]`, c.scope.venue)
        }
        return {
          rule: 'max-daily-loss',
          limit: c.limit.toFixed(),
          value: loss.toFixed(),
          measure: 'loss today',
          scope: c.key,
        }
      }
    }
    return undefined
  }

  const rateOf = (key: string, limit: { orders: number; perMs: number }) => {
    let w = rates.get(key)
    if (w === undefined) rates.set(key, (w = new OrderRateWindow(limit)))
    return w
  }

  const trip = (reason: string, venue?: VenueId) => {
    const scope = venue ?? '*'
    if (tripped.has(scope)) return
    tripped.set(scope, reason)
    events.next({
      type: 'kill-switch',
      state: 'tripped',
      reason,
      at: new Date(now()),
      cancelOpenOrders: cancelsOnTrip,
      venue,
    })
  }

  return {
    check: (order, state) => {
      const limits = limitsOf(order.venue, order.symbol)
      let verdict = builtIn(order, state, limits)
      for (let i = 0; verdict === undefined && i < rules.length; i++) verdict = rules[i]?.(order, state)
      if (verdict === undefined) {
        if (order.replaces === undefined && limits.maxOrderRate.length > 0) {
          const now = state.now()
          for (const c of limits.maxOrderRate) rateOf(c.key, c.limit).record(now)
        }
        return undefined
      }
      const error = new RiskRejectedError(order, verdict)
      events.next({ type: 'risk-rejected', venue: order.venue, at: new Date(state.now()), order, error })
      return error
    },
    needsMid: (order) => midNeeded(order, limitsOf(order.venue, order.symbol)),
    startDay: (state, kept = []) => {
      const day = dayOf(state.now())
      const taken: DailyBaseline[] = []
      const start = (scope: string, venue?: VenueId, symbol?: UnifiedSymbol) => {
        const earlier = kept.find((b) => b.scope === scope && b.day === day)
        const pnl = earlier?.pnl ?? state.pnl(venue, symbol)
        baselines.set(scope, { day, pnl, floor: undefined })
        if (earlier === undefined) taken.push({ scope, day, pnl })
      }
      if (config.maxDailyLoss !== undefined) start('*')
      for (const [venue, v] of Object.entries(config.venues ?? {})) {
        if (v?.maxDailyLoss !== undefined) start(venue, venue)
        for (const [symbol, s] of Object.entries(v?.symbols ?? {})) {
          if (s?.maxDailyLoss !== undefined) start(`${venue} ${symbol}`, venue, symbol as UnifiedSymbol)
        }
      }
      return taken
    },
    nextDayAt: (now) => (dayOf(now) + 1) * DAY_MS + resetMs,
    trip,
    reset: (reason = 'reset', venue?: VenueId) => {
      for (const scope of venue === undefined ? [...tripped.keys()] : [venue]) {
        if (!tripped.delete(scope)) continue
        events.next({
          type: 'kill-switch',
          state: 'reset',
          reason,
          at: new Date(now()),
          cancelOpenOrders: false,
          venue: scope === '*' ? undefined : scope,
        })
      }
    },
    get tripped() {
      return tripped.has('*')
    },
    isTripped: (venue) => tripped.has('*') || tripped.has(venue),
    cancelsOnTrip,
    events$: events.asObservable(),
    close: () => events.complete(),
  }
}

function assetVerdict(
  o: RiskOrder,
  state: RiskState,
  l: ResolvedLimits,
  asset: string,
  direction: 'in' | 'out',
  amount: Decimal,
): RiskVerdict | undefined {
  const max = l.maxAssetPosition.get(asset)
  if (max === undefined) return undefined
  const held = state.assetPosition(o.venue, asset)
  const worst =
    direction === 'in'
      ? held.plus(state.openAssetFlow(o.venue, asset, 'in')).plus(amount)
      : state.openAssetFlow(o.venue, asset, 'out').plus(amount).minus(held)
  if (!worst.gt(max)) return undefined
  return over(
    'max-asset-position',
    max,
    worst,
    `${asset} ${direction === 'in' ? 'long' : 'short'} position (worst case)`,
  )
}

function over(rule: RiskVerdict['rule'], limit: Decimal, value: Decimal, measure: string): RiskVerdict {
  return { rule, limit: limit.toFixed(), value: value.toFixed(), measure }
}

function counted(
  rule: RiskVerdict['rule'],
  limit: number,
  value: number,
  measure: string,
  scope: string,
): RiskVerdict {
  return { rule, limit: String(limit), value: String(value), measure, scope }
}

/** Whether a check of the order under these limits reads the mid of its book. */
function midNeeded(o: RiskOrder, l: ResolvedLimits): boolean {
  return (
    (o.type === 'market' && (l.maxOrderNotional !== undefined || l.maxAssetPosition.size > 0)) ||
    // an order by quote amount without a price: its base quantity is worked out at the mid
    (o.quantity === undefined &&
      o.price === undefined &&
      (l.maxPosition !== undefined || l.maxOrderQuantity !== undefined)) ||
    (o.type === 'limit' && l.priceBand !== undefined)
  )
}

function noMid(o: RiskOrder, rule: RiskVerdict['rule']): RiskVerdict {
  return {
    rule,
    limit: 'a known mid',
    value: 'no mid',
    measure: `the ${o.venue} ${o.symbol} mid`,
    reason:
      `no live mid of the ${o.venue} ${o.symbol} book to check the order against: its book gave none ` +
      'in time, or is reconnecting (the order manager watches the books of its `markets` option from ' +
      'the start, and of each symbol once ordered)',
  }
}
