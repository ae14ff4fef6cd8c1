/**
 * The account's orders on the shared engine and Coinbase's create endpoint: every configuration the
 * SDK places, its checks and refusals (HTTP 200, `success: false`), and a repeated `client_order_id`
 * answered with the order first placed under it.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/create-order
 */
import { Decimal, isMultipleOf } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Side, TimeInForce } from '../../core/model.js'
import type { Exchange } from '../../sim/exchange.js'
import type { SimClock } from '../kit/clock.js'
import { OrderDesk, type DeskOrder } from '../kit/order-desk.js'
import type { JournalEntry, JournalFill } from '../kit/order-journal.js'
import type { SimMarket } from '../kit/options.js'
import type { Params } from '../kit/params.js'
import { plain } from '../kit/wire-text.js'
import { coinbaseFailure, uuidOf } from './private-wire.js'

/**
 * The order configurations the simulator takes.
 *
 * @example
 * const kind: CoinbaseConfigurationKind = 'sor_limit_ioc'
 */
export type CoinbaseConfigurationKind =
  'market_market_ioc' | 'sor_limit_ioc' | 'limit_limit_gtc' | 'limit_limit_gtd' | 'limit_limit_fok'

/**
 * What Coinbase keeps of an order besides the journal's state.
 *
 * @example
 * const terms: CoinbaseTerms = { market, clientOrderId: 'grid-1', side: 'buy', kind: 'limit_limit_gtc', configuration, postOnly: false, expired: false }
 */
export interface CoinbaseTerms {
  readonly market: SimMarket
  readonly clientOrderId: string
  readonly side: Side
  readonly kind: CoinbaseConfigurationKind
  /** As the create asked for it, echoed in every answer. */
  readonly configuration: Readonly<Record<string, unknown>>
  readonly baseSize?: Decimal | undefined
  readonly quoteSize?: Decimal | undefined
  readonly limitPrice?: Decimal | undefined
  readonly postOnly: boolean
  /** `limit_limit_gtd`: when it expires, ms. */
  readonly endTime?: number | undefined
  /** Set when a GTD order ran out of time (the engine canceled it). */
  expired: boolean
}

/** What a fill of the account notes besides the engine's: its trade id. */
interface FillExtras {
  readonly tradeId: string
}

/**
 * One order of the account.
 *
 * @example
 * const entry: CoinbaseOrderEntry | undefined = orders.byClientId('grid-1')
 */
export type CoinbaseOrderEntry = JournalEntry<CoinbaseTerms, string>
/**
 * One fill of the account.
 *
 * @example
 * const fills: readonly CoinbaseFillEntry[] = orders.fills()
 */
export type CoinbaseFillEntry = JournalFill<CoinbaseTerms, string, FillExtras>

/**
 * The account's orders, fed by the engine's order and fill reports (`update`, `fill`), and the
 * commands on them. Order and trade ids are UUIDs drawn from the seed.
 *
 * @example
 * const orders = new CoinbaseOrders({ exchange, clock, run }, seed)
 * exchange listener: order: (o) => feed.changed(orders.update(o)?.entry), fill: (f) => orders.fill(f)
 */
export class CoinbaseOrders extends OrderDesk<CoinbaseTerms, string, FillExtras> {
  constructor(
    engine: { readonly exchange: Exchange; readonly clock: SimClock; run<T>(work: () => T): T },
    seed: number,
  ) {
    let trades = 0
    super({
      engine,
      orderId: (engineId) => uuidOf(seed, 0x1000 + Number(engineId)),
      clientId: (terms) => terms.clientOrderId,
      fillExtras: () => ({
        tradeId: uuidOf(seed, 0x8000_0000 + ++trades),
      }),
      refusals: {
        insufficientFunds: (message) => refusal('INSUFFICIENT_FUND', 'PREVIEW_INSUFFICIENT_FUND', message),
        notFound: (message) => coinbaseFailure('NOT_FOUND', message),
        other: (message) => refusal('INVALID_REQUEST', 'UNKNOWN_PREVIEW_FAILURE_REASON', message),
      },
    })
  }
}

/**
 * What the handlers work with: the engine, the clock, the listed markets by product id, and the
 * account's orders (a Coinbase simulator's context is one).
 *
 * @example
 * const ctx: CoinbaseTradingContext = { exchange, clock, run, markets: options.byVenueSymbol, orders, userId: 'sim-user' }
 */
export interface CoinbaseTradingContext {
  readonly exchange: Exchange
  readonly clock: SimClock
  run<T>(work: () => T): T
  /** Listed markets by product id (`BTC-USD`). */
  readonly markets: ReadonlyMap<string, SimMarket>
  readonly orders: CoinbaseOrders
  /** The account's `user_id` in order and fill answers. */
  readonly userId: string
}

/** A create refused with HTTP 200 and `success: false`: Coinbase's business refusals. */
class CreateRefusal extends VenueError {
  constructor(
    readonly error: string,
    readonly preview: string,
    message: string,
    readonly details = '',
  ) {
    super({
      kind: error.includes('INSUFFICIENT') ? 'insufficient-funds' : 'invalid-request',
      venue: 'coinbase',
      code: error,
      message,
    })
  }
}

function refusal(error: string, preview: string, message: string, details = ''): CreateRefusal {
  return new CreateRefusal(error, preview, message, details)
}

/** The body of a refused create, as Coinbase writes it. */
function refusedBody(r: CreateRefusal, configuration: unknown): Record<string, unknown> {
  return {
    success: false,
    failure_reason: 'UNKNOWN_FAILURE_REASON',
    order_id: '',
    error_response: {
      error: r.error,
      message: r.message,
      error_details: r.details,
      preview_failure_reason: r.preview,
      new_order_failure_reason: r.error,
    },
    ...(configuration === undefined ? {} : { order_configuration: configuration }),
  }
}

const KINDS: readonly CoinbaseConfigurationKind[] = [
  'market_market_ioc',
  'sor_limit_ioc',
  'limit_limit_gtc',
  'limit_limit_gtd',
  'limit_limit_fok',
]

const DECIMAL = /^(?:\d+\.?\d*|\.\d+)$/

/** A decimal string field of a configuration: absent, or a positive decimal string. */
function sizeOf(config: Readonly<Record<string, unknown>>, name: string): Decimal | undefined {
  const v = config[name]
  if (v === undefined || v === null || v === '') return undefined
  if (typeof v !== 'string' || !DECIMAL.test(v)) {
    throw refusal('INVALID_REQUEST', 'PREVIEW_INVALID_ORDER_CONFIG', `${name} must be a decimal string`)
  }
  const d = new Decimal(v)
  if (!d.gt(0)) throw refusal('INVALID_REQUEST', 'PREVIEW_INVALID_ORDER_CONFIG', `${name} must be > 0`)
  return d
}

/**
 * `POST /orders`: places one order of exactly one configuration. Business refusals (funds, precision,
 * sizes, a post-only order that would take, a GTD without a future `end_time`) answer HTTP 200
 * `success: false`; a `client_order_id` used before answers the order first placed under it.
 *
 * @example
 * createOrder(ctx, jsonParams(body, refuse)) // { success: true, success_response: { order_id, … } }
 */
export function createOrder(ctx: CoinbaseTradingContext, params: Params): Record<string, unknown> {
  const text = (name: string) => {
    const v = params.get(name)
    if (typeof v !== 'string' || v === '') throw coinbaseFailure('INVALID_ARGUMENT', `${name} is required`)
    return v
  }
  const clientOrderId = text('client_order_id')
  const productId = text('product_id')
  const sideText = text('side')
  const configuration = params.get('order_configuration')
  if (typeof configuration !== 'object' || configuration === null || Array.isArray(configuration)) {
    throw coinbaseFailure('INVALID_ARGUMENT', 'order_configuration is required')
  }
  expireDue(ctx)
  const existing = ctx.orders.byClientId(clientOrderId)
  if (existing !== undefined) return createdBody(existing)
  try {
    const entry = place(ctx, productId, sideText, configuration as Record<string, unknown>, clientOrderId)
    return createdBody(entry)
  } catch (e) {
    if (e instanceof CreateRefusal) return refusedBody(e, configuration)
    throw e
  }
}

function createdBody(entry: CoinbaseOrderEntry): Record<string, unknown> {
  return {
    success: true,
    success_response: {
      order_id: entry.orderId ?? '',
      product_id: entry.market.venueSymbol,
      side: entry.side === 'buy' ? 'BUY' : 'SELL',
      client_order_id: entry.clientOrderId,
    },
    order_configuration: { [entry.kind]: entry.configuration },
  }
}

function place(
  ctx: CoinbaseTradingContext,
  productId: string,
  sideText: string,
  configuration: Readonly<Record<string, unknown>>,
  clientOrderId: string,
): CoinbaseOrderEntry {
  const market = ctx.markets.get(productId)
  if (market === undefined)
    throw refusal('INVALID_PRODUCT_ID', 'PREVIEW_INVALID_PRODUCT_ID', `unknown product ${productId}`)
  if (sideText !== 'BUY' && sideText !== 'SELL')
    throw refusal('INVALID_SIDE', 'PREVIEW_INVALID_SIDE', 'side must be BUY or SELL')
  const side: Side = sideText === 'BUY' ? 'buy' : 'sell'
  const keys = Object.keys(configuration)
  const kind = keys[0] as CoinbaseConfigurationKind
  const unsupported = (why: string) =>
    refusal('UNSUPPORTED_ORDER_CONFIGURATION', 'PREVIEW_INVALID_ORDER_CONFIG', why)
  if (keys.length !== 1 || !KINDS.includes(kind))
    throw unsupported(`order_configuration must be one of ${KINDS.join(', ')}`)
  const config = configuration[kind]
  if (typeof config !== 'object' || config === null) throw unsupported(`${kind} must be an object`)
  const c = config as Readonly<Record<string, unknown>>
  const baseSize = sizeOf(c, 'base_size')
  const quoteSize = sizeOf(c, 'quote_size')
  const limitPrice = sizeOf(c, 'limit_price')
  const postOnly = c['post_only'] === true
  const { instrument } = market
  if ((baseSize === undefined) === (quoteSize === undefined))
    throw unsupported('give exactly one of base_size and quote_size')
  const market$ = kind === 'market_market_ioc'
  if (!market$ && quoteSize !== undefined)
    throw unsupported('the simulator takes limit orders by base_size only')
  if (market$ && quoteSize !== undefined && side === 'sell')
    throw unsupported('the simulator takes market sells by base_size only')
  if (!market$ && limitPrice === undefined)
    throw refusal('INVALID_LIMIT_PRICE', 'PREVIEW_INVALID_LIMIT_PRICE', 'limit_price is required')
  if (limitPrice !== undefined && !isMultipleOf(limitPrice, market.tickSize)) {
    throw refusal(
      'INVALID_PRICE_PRECISION',
      'PREVIEW_INVALID_PRICE_PRECISION',
      `limit_price must be a multiple of ${plain(market.tickSize)}`,
    )
  }
  if (baseSize !== undefined) {
    if (!isMultipleOf(baseSize, instrument.lotSize)) {
      throw refusal(
        'INVALID_SIZE_PRECISION',
        'PREVIEW_INVALID_SIZE_PRECISION',
        `base_size must be a multiple of ${plain(instrument.lotSize)}`,
      )
    }
    if (baseSize.lt(instrument.minSize))
      throw refusal('INVALID_REQUEST', 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL', 'base_size is too small')
    if (instrument.maxSize !== undefined && baseSize.gt(instrument.maxSize)) {
      throw refusal('INVALID_REQUEST', 'PREVIEW_INVALID_BASE_SIZE_TOO_LARGE', 'base_size is too large')
    }
  }
  const notional =
    quoteSize ?? (limitPrice !== undefined && baseSize !== undefined ? limitPrice.mul(baseSize) : undefined)
  if (notional !== undefined && instrument.minNotional !== undefined && notional.lt(instrument.minNotional)) {
    throw refusal('INVALID_REQUEST', 'PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL', 'order value is too small')
  }
  let endTime: number | undefined
  if (kind === 'limit_limit_gtd') {
    endTime = typeof c['end_time'] === 'string' ? Date.parse(c['end_time']) : NaN
    if (!Number.isFinite(endTime))
      throw refusal('GTD_ORDERS_MUST_HAVE_END_TIME', 'PREVIEW_INVALID_END_TIME', 'end_time is required')
    if (endTime <= ctx.clock.now())
      throw refusal('END_TIME_IS_IN_THE_PAST', 'PREVIEW_INVALID_END_TIME', 'end_time is in the past')
  }
  const symbol = instrument.symbol
  if (postOnly && limitPrice !== undefined) {
    const { bids, asks } = ctx.exchange.book(symbol, 1)
    const best = (side === 'buy' ? asks : bids)[0]?.price
    if (best !== undefined && (side === 'buy' ? limitPrice.gte(best) : limitPrice.lte(best))) {
      throw refusal(
        'INVALID_LIMIT_PRICE_POST_ONLY',
        'PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY',
        'post-only order would take liquidity',
      )
    }
  }
  const timeInForce: TimeInForce =
    kind === 'sor_limit_ioc' || market$
      ? 'IOC'
      : kind === 'limit_limit_fok'
        ? 'FOK'
        : postOnly
          ? 'PostOnly'
          : 'GTC'
  const request: DeskOrder = market$
    ? { symbol, side, type: 'market', quantity: baseSize, quoteQuantity: quoteSize, timeInForce }
    : { symbol, side, type: 'limit', price: limitPrice, quantity: baseSize, timeInForce }
  const terms: CoinbaseTerms = {
    market,
    clientOrderId,
    side,
    kind,
    configuration: c,
    baseSize,
    quoteSize,
    limitPrice,
    postOnly,
    endTime,
    expired: false,
  }
  return ctx.orders.place(terms, request)
}

/**
 * Expires the GTD orders whose `end_time` has passed (the engine cancels them; they read `EXPIRED`).
 * Every handler runs it first; a simulator runs it after moving its clock too.
 *
 * @example
 * sim.advanceClock(60_000); expireDue(ctx)
 */
export function expireDue(ctx: CoinbaseTradingContext): void {
  const now = ctx.clock.now()
  for (const entry of ctx.orders.openOrders()) {
    if (entry.endTime === undefined || entry.endTime > now) continue
    entry.expired = true
    ctx.orders.cancel(entry)
  }
}
