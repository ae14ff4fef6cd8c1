/**
 * Whether a venue can do what a caller is about to ask, and the error to fail with when it cannot.
 */
import { VenueError } from '../../core/errors.js'
import type { PrivateStreamCapabilities } from './capabilities.js'
import type { Venue } from './venue.js'
import type { CandleInterval, OrderRequest, VenueId } from '../../core/model.js'

/**
 * Something a caller is about to ask of a venue, for {@link capabilityError}. `order` checks the
 * order type, time in force and quote quantity of the request.
 *
 * @example
 * const need: CapabilityNeed = { kind: 'order', request: { type: 'limit', timeInForce: 'PostOnly' } }
 * capabilityError(venue, need)?.message // undefined when the venue takes post-only orders
 */
export type CapabilityNeed =
  | { readonly kind: 'book'; readonly depth?: number | undefined }
  | { readonly kind: 'trades' }
  | { readonly kind: 'ticker' }
  | { readonly kind: 'candles'; readonly interval: CandleInterval }
  | { readonly kind: 'candle-history'; readonly interval: CandleInterval }
  | { readonly kind: 'trade-history' }
  | { readonly kind: 'trading' }
  | { readonly kind: 'order'; readonly request: Pick<OrderRequest, 'type' | 'timeInForce' | 'quoteQuantity'> }
  | { readonly kind: 'amend' }
  | { readonly kind: 'cancel-all' }
  | { readonly kind: 'positions' }
  | { readonly kind: 'private-stream'; readonly stream: keyof PrivateStreamCapabilities }
  | { readonly kind: 'rfq' }
  | { readonly kind: 'custody' }

/**
 * The error a caller should fail with when `venue` cannot do `need`, or `undefined` when it can.
 * A feature the venue lacks is `invalid-request` ("bybit does not support ..."); an account-level
 * feature it has but this instance holds no credentials for is `auth`.
 *
 * @example
 * const refused = capabilityError(venue, { kind: 'candles', interval: '1M' })
 * return refused ? throwError(() => refused) : venue.candles$(symbol, '1M')
 */
export function capabilityError(
  venue: Pick<Venue, 'id' | 'capabilities' | 'trading' | 'rfq' | 'custody'>,
  need: CapabilityNeed,
): VenueError | undefined {
  const caps = venue.capabilities
  const refuse = (what: string) => unsupported(venue.id, what)
  const account = (group: 'trading' | 'rfq' | 'custody'): VenueError | undefined => {
    if (caps[group] === undefined) return refuse(group)
    if (venue[group] === undefined) {
      return new VenueError({
        kind: 'auth',
        venue: venue.id,
        message: `${venue.id} ${group} needs credentials`,
      })
    }
    return undefined
  }
  switch (need.kind) {
    case 'book': {
      if (!caps.marketData.book) return refuse('order book streams')
      const depths = caps.marketData.bookDepths
      if (need.depth !== undefined) {
        // a depth between the venue's is served from the next deeper one, cut
        const deepest = depths === undefined ? undefined : Math.max(...depths)
        if (!Number.isInteger(need.depth) || need.depth <= 0 || need.depth > (deepest ?? Infinity)) {
          const accepted =
            depths === undefined
              ? 'a whole number > 0'
              : `a whole number from 1 to ${deepest} (served from its ${depths.join(', ')} level books)`
          return refuse(`book depth ${need.depth}: depth must be ${accepted}`)
        }
      }
      return undefined
    }
    case 'trades':
      return caps.marketData.trades ? undefined : refuse('trade streams')
    case 'ticker':
      return caps.marketData.ticker ? undefined : refuse('ticker streams')
    case 'candles':
      if ((need.interval as CandleInterval | undefined) === undefined) {
        const offered = caps.marketData.candleIntervals.join(', ')
        const message = `${venue.id} candles$ needs an interval: one of ${offered}`
        return new VenueError({ kind: 'invalid-request', venue: venue.id, message })
      }
      return caps.marketData.candleIntervals.includes(need.interval)
        ? undefined
        : refuse(`live ${need.interval} candles`)
    case 'candle-history':
      return caps.history.candleIntervals.includes(need.interval)
        ? undefined
        : refuse(`${need.interval} candle history`)
    case 'trade-history':
      return caps.history.trades ? undefined : refuse('trade history')
    case 'trading':
    case 'rfq':
    case 'custody':
      return account(need.kind)
    default:
      break
  }
  const trading = caps.trading
  if (trading === undefined) return refuse('trading')
  switch (need.kind) {
    case 'order': {
      const { type, timeInForce, quoteQuantity } = need.request
      if (!trading.orderTypes.includes(type)) return refuse(`${type} orders`)
      if (type === 'limit' && timeInForce !== undefined && !trading.timeInForce.includes(timeInForce)) {
        return refuse(`time in force ${timeInForce}`)
      }
      if (quoteQuantity !== undefined && !trading.quoteQuantityMarketOrders) {
        return refuse('orders by quote quantity')
      }
      return account('trading')
    }
    case 'amend':
      return trading.amend ? account('trading') : refuse('amending orders')
    case 'cancel-all':
      return trading.cancelAll ? account('trading') : refuse('cancel-all')
    case 'positions':
      return trading.positions ? account('trading') : refuse('positions')
    case 'private-stream':
      return trading.privateStreams[need.stream]
        ? account('trading')
        : refuse(`private ${need.stream} streams`)
  }
}

/**
 * The `invalid-request` error for a feature a venue does not have.
 *
 * @example
 * unsupported('falconx', 'order book streams').message // 'falconx does not support order book streams'
 */
export function unsupported(venue: VenueId, what: string): VenueError {
  return new VenueError({ kind: 'invalid-request', venue, message: `${venue} does not support ${what}` })
}

/**
 * Differences between what a venue declares in `capabilities` and the optional members it actually
 * has. Empty for a consistent driver; every driver's tests should assert that.
 *
 * @example
 * expect(capabilityMismatches(createMockVenue())).to.deep.equal([])
 */
export function capabilityMismatches(venue: Venue): string[] {
  const out: string[] = []
  const caps = venue.capabilities
  for (const group of ['trading', 'rfq', 'custody'] as const) {
    if (venue[group] !== undefined && caps[group] === undefined) {
      out.push(`${group} is present but not declared`)
    }
  }
  const check = (declared: boolean | undefined, present: boolean, what: string) => {
    if (declared !== undefined && declared !== present) {
      out.push(`${what} is ${declared ? 'declared but missing' : 'present but not declared'}`)
    }
  }
  if (venue.trading !== undefined) {
    check(caps.trading?.amend, venue.trading.amendOrder !== undefined, 'trading.amendOrder')
    check(caps.trading?.cancelAll, venue.trading.cancelAllOrders !== undefined, 'trading.cancelAllOrders')
    check(caps.trading?.positions, venue.trading.positions !== undefined, 'trading.positions')
  }
  if (venue.custody !== undefined) {
    check(caps.custody?.abort, venue.custody.abort !== undefined, 'custody.abort')
  }
  return out
}
