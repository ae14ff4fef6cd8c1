// size: Coinbase's order entry and account endpoints and the user channel share one order book-keeping and its wire shapes
/**
 * Coinbase Advanced Trade's private side on the shared engine: create order (every configuration the
 * SDK places; a repeated `client_order_id` answers the order first placed under it), batch cancel, get
 * and list orders, fills and accounts (cursor paging), and the `user` WebSocket channel with
 * `heartbeats`. Route handlers and a socket feed that a Coinbase simulator server mounts.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/create-order (and the
 * pages next to it), https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels
 */
import type { WebSocket } from 'ws'
import { Decimal, isMultipleOf } from '../../core/decimal.js'
import { VenueError, type ErrorKind } from '../../core/errors.js'
import type { Side, TimeInForce } from '../../core/model.js'
import type { Exchange } from '../../sim/exchange.js'
import type { SimClock } from '../kit/clock.js'
import { pageAfter } from '../kit/history.js'
import { OrderDesk, type DeskOrder } from '../kit/order-desk.js'
import { isOpen, type JournalEntry, type JournalFill } from '../kit/order-journal.js'
import type { SimMarket } from '../kit/options.js'
import { jsonParams, type Params } from '../kit/params.js'
import type { RestAnswer } from '../kit/rest-api.js'
import type { SimHttpRequest } from '../kit/http-intake.js'
import type { SocketHub, SocketHubOptions } from '../kit/socket-hub.js'
import { Subscriptions } from '../kit/subscriptions.js'
import { plain, seededHex } from '../kit/wire-text.js'
import { checkCoinbaseJwt, type CoinbaseSimKey } from './auth.js'

const ZERO = new Decimal(0)
const PREFIX = '/api/v3/brokerage'

// ---- errors ----

/** The error body's codes (gRPC names and numbers) with their HTTP statuses. */
const ERROR_BODY: Readonly<
  Record<string, { readonly status: number; readonly grpc: number; readonly kind: ErrorKind }>
> = {
  INVALID_ARGUMENT: { status: 400, grpc: 3, kind: 'invalid-request' },
  NOT_FOUND: { status: 404, grpc: 5, kind: 'not-found' },
  PERMISSION_DENIED: { status: 403, grpc: 7, kind: 'auth' },
  INTERNAL: { status: 500, grpc: 13, kind: 'temporary' },
}

/**
 * A refusal answered with the docs' error body, `{error, code, message, details}`.
 *
 * @example
 * throw coinbaseFailure('NOT_FOUND', 'order not found') // HTTP 404
 */
export function coinbaseFailure(error: keyof typeof ERROR_BODY, message: string): VenueError {
  const row = ERROR_BODY[error] ?? { status: 400, grpc: 3, kind: 'invalid-request' as const }
  return new VenueError({ kind: row.kind, venue: 'coinbase', code: error, status: row.status, message })
}

/**
 * The answer of a route: the result as JSON (status 200), or a refusal: the text `Unauthorized` for a
 * 401 (Coinbase sends no JSON then), else the error body.
 *
 * @example
 * const dialect = { …, answer: (result, error) => coinbaseRestAnswer(result, error) }
 */
export function coinbaseRestAnswer(result: unknown, error: VenueError | undefined): RestAnswer {
  if (error === undefined) return { status: 200, body: result }
  if (error.status === 401)
    return { status: 401, text: 'Unauthorized\n', contentType: 'text/plain', code: error.code }
  const code =
    typeof error.code === 'string' && ERROR_BODY[error.code] !== undefined ? error.code : 'INTERNAL'
  const row = ERROR_BODY[code] ?? { status: 500, grpc: 13 }
  const body = { error: code, code: row.grpc, message: error.message, details: [] }
  return { status: error.status ?? row.status, body, code }
}

/**
 * A request's parameters: the query's (a repeated name gives an array: `product_ids=A&product_ids=B`)
 * for a GET, the JSON body's otherwise.
 *
 * @throws VenueError `INVALID_ARGUMENT` for a body that is not a JSON object.
 * @example
 * coinbaseParams(request).get('product_ids') // ['BTC-USD', 'ETH-USD']
 */
export function coinbaseParams(request: Pick<SimHttpRequest, 'method' | 'rawQuery' | 'body'>): Params {
  if (request.method !== 'GET')
    return jsonParams(request.body, (why) => coinbaseFailure('INVALID_ARGUMENT', why))
  const query = new URLSearchParams(request.rawQuery)
  return {
    get: (name) => {
      const all = query.getAll(name).filter((v) => v !== '')
      return all.length === 0 ? undefined : all.length === 1 ? all[0] : all
    },
  }
}

// ---- the account's orders ----

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

/** What a fill of the account notes: its commission in the quote currency, and its trade id. */
interface FillExtras {
  readonly commission: Decimal
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
      fillExtras: (entry, fill) => ({
        commission: fill.feeAsset === entry.market.instrument.quote ? fill.fee : fill.fee.mul(fill.price),
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

function uuidOf(seed: number, n: number): string {
  const hex = (salt: number, length: number) => seededHex(seed, 0x27d4eb2d, n * 8 + salt, length)
  return `${hex(1, 8)}-${hex(2, 4)}-4${hex(3, 3)}-a${hex(4, 3)}-${hex(5, 12)}`
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

/** Coinbase's status of an order. */
function statusOf(entry: CoinbaseOrderEntry): string {
  switch (entry.status) {
    case 'pending-new':
      return 'PENDING'
    case 'new':
    case 'partially-filled':
      return 'OPEN'
    case 'pending-cancel':
      return 'CANCEL_QUEUED'
    case 'filled':
      return 'FILLED'
    case 'rejected':
      return 'FAILED'
    default:
      // an IOC, FOK or market order's unfilled rest is canceled; only a GTD order runs out of time
      return entry.expired ? 'EXPIRED' : 'CANCELLED'
  }
}

const TIME_IN_FORCE: Readonly<Record<CoinbaseConfigurationKind, string>> = {
  market_market_ioc: 'IMMEDIATE_OR_CANCEL',
  sor_limit_ioc: 'IMMEDIATE_OR_CANCEL',
  limit_limit_gtc: 'GOOD_UNTIL_CANCELLED',
  limit_limit_gtd: 'GOOD_UNTIL_DATE_TIME',
  limit_limit_fok: 'FILL_OR_KILL',
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** What an order's figures come to: filled, left, average price, fees, the hold of what is left. */
function figures(ctx: CoinbaseTradingContext, entry: CoinbaseOrderEntry) {
  const fills = ctx.orders.fillsOf(entry)
  const fees = fills.reduce((sum, f) => sum.plus(f.commission), ZERO)
  const filled = entry.executedQty
  const value = entry.executedValue
  const open = isOpen(entry)
  const left = open && entry.baseSize !== undefined ? Decimal.max(ZERO, entry.baseSize.minus(filled)) : ZERO
  const size = entry.baseSize ?? filled
  const average = filled.isZero()
    ? ZERO
    : value.div(filled).toDecimalPlaces(entry.market.tickSize.decimalPlaces() + 2)
  const completion =
    entry.quoteSize !== undefined ? value.div(entry.quoteSize) : size.isZero() ? ZERO : filled.div(size)
  const hold = !open ? ZERO : entry.side === 'buy' ? left.mul(entry.limitPrice ?? ZERO) : left
  return {
    fills,
    fees,
    filled,
    value,
    left,
    average,
    completion: completion.mul(100).toDecimalPlaces(2),
    hold,
  }
}

/**
 * An order as `GET /orders/historical/{id}` and the list describe it (the fields of Coinbase's
 * example, values from the journal).
 *
 * @example
 * restOrder(ctx, entry).status // 'OPEN'
 */
export function restOrder(ctx: CoinbaseTradingContext, entry: CoinbaseOrderEntry): Record<string, unknown> {
  const f = figures(ctx, entry)
  const last = f.fills[f.fills.length - 1]
  const status = statusOf(entry)
  return {
    order_id: entry.orderId ?? '',
    product_id: entry.market.venueSymbol,
    user_id: ctx.userId,
    order_configuration: { [entry.kind]: entry.configuration },
    side: entry.side === 'buy' ? 'BUY' : 'SELL',
    client_order_id: entry.clientOrderId,
    status,
    time_in_force: TIME_IN_FORCE[entry.kind],
    created_time: iso(entry.createdAt),
    completion_percentage: plain(f.completion),
    filled_size: plain(f.filled),
    average_filled_price: plain(f.average),
    fee: '',
    number_of_fills: String(f.fills.length),
    filled_value: plain(f.value),
    pending_cancel: false,
    size_in_quote: entry.quoteSize !== undefined,
    total_fees: plain(f.fees),
    size_inclusive_of_fees: false,
    total_value_after_fees: plain(entry.side === 'buy' ? f.value.plus(f.fees) : f.value.minus(f.fees)),
    trigger_status: 'INVALID_ORDER_TYPE',
    order_type: entry.kind === 'market_market_ioc' ? 'MARKET' : 'LIMIT',
    reject_reason: 'REJECT_REASON_UNSPECIFIED',
    settled: !isOpen(entry),
    product_type: 'SPOT',
    reject_message: '',
    cancel_message: status === 'CANCELLED' ? (entry.reason ?? 'User requested cancel') : '',
    order_placement_source: 'RETAIL_ADVANCED',
    outstanding_hold_amount: plain(f.hold),
    is_liquidation: false,
    last_fill_time: last === undefined ? null : iso(last.time),
    leverage: '',
    margin_type: 'UNKNOWN_MARGIN_TYPE',
    retail_portfolio_id: '',
    originating_order_id: '',
    attached_order_id: '',
  }
}

/**
 * An order as the `user` channel reports it (the fields of its snapshot example).
 *
 * @example
 * userOrder(ctx, entry).cumulative_quantity // '0.01'
 */
export function userOrder(ctx: CoinbaseTradingContext, entry: CoinbaseOrderEntry): Record<string, unknown> {
  const f = figures(ctx, entry)
  const after = entry.side === 'buy' ? f.value.plus(f.fees) : f.value.minus(f.fees)
  return {
    avg_price: plain(f.average),
    cancel_reason: statusOf(entry) === 'CANCELLED' ? (entry.reason ?? 'User requested cancel') : '',
    client_order_id: entry.clientOrderId,
    completion_percentage: f.completion.toFixed(2),
    contract_expiry_type: 'UNKNOWN_CONTRACT_EXPIRY_TYPE',
    cumulative_quantity: plain(f.filled),
    filled_value: plain(f.value),
    leaves_quantity: plain(f.left),
    limit_price: entry.limitPrice === undefined ? '' : plain(entry.limitPrice),
    number_of_fills: String(f.fills.length),
    order_id: entry.orderId ?? '',
    order_side: entry.side === 'buy' ? 'BUY' : 'SELL',
    order_type: entry.kind === 'market_market_ioc' ? 'Market' : 'Limit',
    outstanding_hold_amount: plain(f.hold),
    post_only: entry.postOnly ? 'true' : 'false',
    product_id: entry.market.venueSymbol,
    product_type: 'SPOT',
    reject_reason: '',
    retail_portfolio_id: '',
    risk_managed_by: 'UNKNOWN_RISK_MANAGEMENT_TYPE',
    status: statusOf(entry),
    stop_price: '',
    time_in_force: TIME_IN_FORCE[entry.kind],
    total_fees: plain(f.fees),
    total_value_after_fees: plain(after),
    trigger_status: 'INVALID_ORDER_TYPE',
    creation_time: iso(entry.createdAt),
    end_time: entry.endTime === undefined ? '0001-01-01T00:00:00Z' : iso(entry.endTime),
    start_time: '0001-01-01T00:00:00Z',
  }
}

/**
 * A fill as `GET /orders/historical/fills` lists it; `commission` in the quote currency.
 *
 * @example
 * restFill(ctx, fill).liquidity_indicator // 'MAKER'
 */
export function restFill(ctx: CoinbaseTradingContext, fill: CoinbaseFillEntry): Record<string, unknown> {
  return {
    entry_id: uuidOf(0, fill.n),
    trade_id: fill.tradeId,
    order_id: fill.order.orderId ?? '',
    trade_time: iso(fill.time),
    trade_type: 'FILL',
    price: plain(fill.price),
    size: plain(fill.qty),
    commission: plain(fill.commission),
    product_id: fill.order.market.venueSymbol,
    sequence_timestamp: iso(fill.time),
    liquidity_indicator: fill.isMaker ? 'MAKER' : 'TAKER',
    size_in_quote: false,
    user_id: ctx.userId,
    side: fill.order.side === 'buy' ? 'BUY' : 'SELL',
    retail_portfolio_id: '',
  }
}

// ---- reading list queries ----

function list(params: Params, name: string): readonly string[] | undefined {
  const v = params.get(name)
  if (v === undefined) return undefined
  if (typeof v === 'string') return v.split(',')
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  throw coinbaseFailure('INVALID_ARGUMENT', `${name} must be text`)
}

function time(params: Params, name: string): number | undefined {
  const v = params.get(name)
  if (v === undefined) return undefined
  const ms = typeof v === 'string' ? Date.parse(v) : NaN
  if (!Number.isFinite(ms)) throw coinbaseFailure('INVALID_ARGUMENT', `${name} must be an RFC 3339 time`)
  return ms
}

/** One page after `cursor`, `limit` items (1..max, default `fallback`); the cursor is the last item's key. */
function page<T>(
  items: readonly T[],
  key: (item: T) => string,
  params: Params,
  max: number,
  fallback: number,
) {
  const limitText = params.get('limit')
  const limit = limitText === undefined ? fallback : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw coinbaseFailure('INVALID_ARGUMENT', `limit must be an integer in [1, ${max}]`)
  }
  const cursor = params.get('cursor')
  if (cursor !== undefined && typeof cursor !== 'string')
    throw coinbaseFailure('INVALID_ARGUMENT', 'cursor must be text')
  const found = pageAfter(items, key, cursor, limit)
  if (found === undefined) throw coinbaseFailure('INVALID_ARGUMENT', 'cursor is not valid')
  return { list: found.list, hasNext: found.nextKey !== undefined, cursor: found.nextKey ?? '' }
}

/** Keeps what a filter of values allows (any, when the filter is absent). */
const allows = (filter: readonly string[] | undefined, value: string) =>
  filter === undefined || filter.includes(value)

// ---- handlers ----

/**
 * `GET /orders/historical/{order_id}`.
 *
 * @throws VenueError `NOT_FOUND` (404) for an order the account does not have.
 * @example
 * getOrder(ctx, orderId) // { order: { order_id, status: 'OPEN', … } }
 */
export function getOrder(ctx: CoinbaseTradingContext, orderId: string): Record<string, unknown> {
  expireDue(ctx)
  const entry = ctx.orders.byId(orderId)
  if (entry === undefined) throw coinbaseFailure('NOT_FOUND', 'order with this orderID was not found')
  return { order: restOrder(ctx, entry) }
}

/**
 * `GET /orders/historical/batch`: the account's orders, newest first, filtered by `order_ids`,
 * `product_ids`, `order_status`, `order_side`, `start_date`/`end_date`; `limit` (default 100, at most
 * 1000) and `cursor`.
 *
 * @example
 * listOrders(ctx, coinbaseParams({ method: 'GET', rawQuery: 'order_status=OPEN', body: '' })) // { orders, has_next, cursor, sequence }
 */
export function listOrders(ctx: CoinbaseTradingContext, params: Params): Record<string, unknown> {
  expireDue(ctx)
  const ids = list(params, 'order_ids')
  const products = list(params, 'product_ids')
  const statuses = list(params, 'order_status')
  const sides = list(params, 'order_side')
  const from = time(params, 'start_date')
  const to = time(params, 'end_date')
  const entries = ctx.orders
    .newestFirst()
    .filter(
      (e) =>
        allows(ids, e.orderId ?? '') &&
        allows(products, e.market.venueSymbol) &&
        allows(statuses, statusOf(e)) &&
        allows(sides, e.side === 'buy' ? 'BUY' : 'SELL') &&
        (from === undefined || e.createdAt >= from) &&
        (to === undefined || e.createdAt <= to),
    )
  const p = page(entries, (e) => e.orderId ?? '', params, 1000, 100)
  return {
    orders: p.list.map((e) => restOrder(ctx, e)),
    sequence: '0',
    has_next: p.hasNext,
    cursor: p.cursor,
  }
}

/**
 * `GET /orders/historical/fills`: the account's fills, newest first, filtered by `order_ids`,
 * `trade_ids`, `product_ids`, `start_sequence_timestamp`/`end_sequence_timestamp`; `limit` (default
 * 100, at most 1000) and `cursor` (`''` on the last page).
 *
 * @example
 * listFills(ctx, coinbaseParams({ method: 'GET', rawQuery: 'product_ids=BTC-USD', body: '' })) // { fills, cursor }
 */
export function listFills(ctx: CoinbaseTradingContext, params: Params): Record<string, unknown> {
  const orders = list(params, 'order_ids')
  const trades = list(params, 'trade_ids')
  const products = list(params, 'product_ids')
  const from = time(params, 'start_sequence_timestamp')
  const to = time(params, 'end_sequence_timestamp')
  const fills = ctx.orders
    .fillsNewestFirst()
    .filter(
      (f) =>
        allows(orders, f.order.orderId ?? '') &&
        allows(trades, f.tradeId) &&
        allows(products, f.order.market.venueSymbol) &&
        (from === undefined || f.time >= from) &&
        (to === undefined || f.time <= to),
    )
  const p = page(fills, (f) => f.tradeId, params, 1000, 100)
  return { fills: p.list.map((f) => restFill(ctx, f)), cursor: p.cursor }
}

/**
 * `POST /orders/batch_cancel`: one result per id; an unknown order fails `UNKNOWN_CANCEL_ORDER`, a
 * filled one `ORDER_IS_FULLY_FILLED`, one already canceled or expired `DUPLICATE_CANCEL_REQUEST`.
 *
 * @example
 * batchCancel(ctx, jsonParams('{"order_ids":["…"]}', refuse)) // { results: [{ success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id }] }
 */
export function batchCancel(ctx: CoinbaseTradingContext, params: Params): Record<string, unknown> {
  const ids = params.get('order_ids')
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    throw coinbaseFailure('INVALID_ARGUMENT', 'order_ids must be a list of order ids')
  }
  expireDue(ctx)
  const results = (ids as string[]).map((id) => {
    const entry = ctx.orders.byId(id)
    const failed = (reason: string) => ({ success: false, failure_reason: reason, order_id: id })
    if (entry === undefined) return failed('UNKNOWN_CANCEL_ORDER')
    if (entry.status === 'filled') return failed('ORDER_IS_FULLY_FILLED')
    if (!isOpen(entry)) return failed('DUPLICATE_CANCEL_REQUEST')
    ctx.orders.cancel(entry)
    return { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: id }
  })
  return { results }
}

const FIAT: ReadonlySet<string> = new Set(['USD', 'EUR', 'GBP'])

/**
 * `GET /accounts`: one account per asset the account holds or has held, `available_balance` what is
 * free and `hold` what open orders lock; `limit` (default 49, at most 250) and `cursor`.
 *
 * @example
 * listAccounts(ctx, coinbaseParams({ method: 'GET', rawQuery: 'limit=250', body: '' })) // { accounts, has_next, cursor, size }
 */
export function listAccounts(ctx: CoinbaseTradingContext, params: Params): Record<string, unknown> {
  expireDue(ctx)
  const balances = ctx.exchange.balances()
  const accounts = balances.map((b, i) => ({
    uuid: uuidOf(0x5eed, i + 1),
    name: `${b.asset} Wallet`,
    currency: b.asset,
    available_balance: { value: plain(b.free), currency: b.asset },
    default: i === 0,
    active: true,
    created_at: '2021-05-31T09:59:59Z',
    updated_at: iso(ctx.clock.now()),
    deleted_at: null,
    type: FIAT.has(b.asset) ? 'FIAT' : 'CRYPTO',
    ready: true,
    hold: { value: plain(b.locked), currency: b.asset },
    retail_portfolio_id: '',
  }))
  const p = page(accounts, (a) => a.uuid, params, 250, 49)
  return { accounts: p.list, has_next: p.hasNext, cursor: p.cursor, size: p.list.length }
}

/**
 * One private route: its handler; `placement` marks the create, whose answer the lost and spoiled
 * answer faults act on (see {@link withoutOrderId}).
 *
 * @example
 * const route: CoinbaseTradingRoute = COINBASE_TRADING_ROUTES['POST /api/v3/brokerage/orders']
 */
export interface CoinbaseTradingRoute {
  handle(ctx: CoinbaseTradingContext, params: Params, pathParams: Readonly<Record<string, string>>): unknown
  readonly placement?: true
}

/**
 * The private REST endpoints, keyed as the kit's `Routes` takes them; every one needs the JWT (see
 * `verifyCoinbaseRequest`).
 *
 * @example
 * const routes = new Routes({ ...COINBASE_MARKET_ROUTES, ...COINBASE_TRADING_ROUTES })
 */
export const COINBASE_TRADING_ROUTES: Readonly<Record<string, CoinbaseTradingRoute>> = {
  [`POST ${PREFIX}/orders`]: { handle: createOrder, placement: true },
  [`POST ${PREFIX}/orders/batch_cancel`]: { handle: batchCancel },
  [`GET ${PREFIX}/orders/historical/batch`]: { handle: listOrders },
  [`GET ${PREFIX}/orders/historical/fills`]: { handle: listFills },
  [`GET ${PREFIX}/orders/historical/{order_id}`]: {
    handle: (ctx, _p, path) => getOrder(ctx, path['order_id'] ?? ''),
  },
  [`GET ${PREFIX}/accounts`]: { handle: listAccounts },
}

/**
 * A create's answer without its order id, for the `no-id` spoiled answer: the client cannot tell
 * which order it placed, and must look it up.
 *
 * @example
 * placement: (route) => (route.placement ? withoutOrderId : undefined)
 */
export function withoutOrderId(body: unknown): unknown {
  const b = body as { success_response?: object }
  return b.success_response === undefined
    ? body
    : { ...b, success_response: { ...b.success_response, order_id: undefined } }
}

// ---- the user channel ----

interface UserConn {
  readonly ws: WebSocket
  readonly n: number
  /** Products of the `user` subscription; empty: all. */
  products: readonly string[]
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
export class CoinbaseUserFeed {
  private readonly hub: SocketHub<UserConn>
  private readonly subs = new Subscriptions<UserConn>()
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private counter = 0

  constructor(
    private readonly ctx: CoinbaseTradingContext,
    hub: (options: SocketHubOptions<UserConn>) => SocketHub<UserConn>,
    private readonly key: CoinbaseSimKey,
    private readonly options: { readonly heartbeatMs?: number | undefined } = {},
  ) {
    this.hub = hub({
      open: (ws, n) => ({ ws, n, products: [] }),
      message: (conn, text) => this.receive(conn, text),
      closed: (conn) => {
        this.subs.drop(conn)
        this.beatWhileWanted()
      },
      pong: true,
    })
  }

  /** Serves a new connection. */
  connect(ws: WebSocket): void {
    this.hub.connect(ws)
  }

  /** True when a connection holds `channel`. */
  has(channel: 'user' | 'heartbeats'): boolean {
    return this.subs.has(channel)
  }

  /** Pushes an order's change to the `user` subscribers of its product. */
  changed(entry: CoinbaseOrderEntry | undefined): void {
    if (entry === undefined) return
    for (const conn of this.subs.subscribers('user')) {
      if (conn.products.length > 0 && !conn.products.includes(entry.market.venueSymbol)) continue
      this.send(conn, 'user', [{ type: 'update', orders: [userOrder(this.ctx, entry)] }])
    }
  }

  /** Sends one heartbeat frame to every `heartbeats` subscriber now. */
  beat(): void {
    const counter = ++this.counter
    const current = new Date(this.ctx.clock.now()).toISOString()
    for (const conn of this.subs.subscribers('heartbeats')) {
      this.send(conn, 'heartbeats', [{ current_time: current, heartbeat_counter: counter }])
    }
  }

  /** Stops the heartbeat timer. */
  close(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat)
    this.heartbeat = undefined
  }

  private receive(conn: UserConn, text: string): void {
    let msg: Record<string, unknown>
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object')
      msg = parsed as Record<string, unknown>
    } catch {
      return this.error(conn, 'malformed message')
    }
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
      this.send(conn, 'user', [
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
    this.send(conn, 'subscriptions', [{ subscriptions: held }])
  }

  private error(conn: UserConn, message: string): void {
    this.hub.send(conn, JSON.stringify({ type: 'error', message }))
  }

  private send(conn: UserConn, channel: string, events: readonly unknown[]): void {
    const frame = {
      channel,
      client_id: '',
      timestamp: new Date(this.ctx.clock.now()).toISOString(),
      sequence_num: this.hub.sequence(conn) - 1,
      events,
    }
    this.hub.send(conn, JSON.stringify(frame))
  }

  /** Beats while some connection holds `heartbeats`, and only then. */
  private beatWhileWanted(): void {
    const ms = this.options.heartbeatMs ?? 1000
    if (this.subs.has('heartbeats')) {
      this.heartbeat ??= setInterval(() => this.beat(), ms)
      this.heartbeat.unref()
    } else {
      this.close()
    }
  }
}
