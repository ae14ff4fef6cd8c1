// size: one venue's order entry (body writer, create errors as a table) and its order queries, mapped to the model
/**
 * Coinbase order entry and order queries: the create body with exactly one `order_configuration`,
 * batch cancel, get and list orders, fills; the mappers to the model and the error table of the
 * create answer's failure reasons. https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/create-order
 * (and `cancel-order`, `get-order`, `list-orders`, `list-fills`)
 */
import { catchError, concatMap, EMPTY, first, map, of, throwError, type Observable } from 'rxjs'
import type { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type {
  Fill,
  Instrument,
  Order,
  OrderRef,
  OrderRequest,
  OrderStatus,
  OrderType,
  TimeInForce,
} from '../../core/model.js'
import { isTerminal } from '../../core/order-status.js'
import type { SymbolMap } from '../../core/symbols.js'
import type { HttpResponse } from '../../transport/http.js'
import type { RatePriority } from '../../transport/rate-limit.js'
import type { ResponseInfo } from '../../transport/rest.js'
import type { TradingCapabilities } from '../contract/capabilities.js'
import { hasCode, venueError, type ErrorTable } from '../kit/error-table.js'
import { httpResponseError } from '../kit/error-response.js'
import { pageThrough } from '../kit/pager.js'
import { timestampedMs } from '../kit/timestamps.js'
import { acceptedOrder } from '../kit/trading/accepted-order.js'
import { checkOrder, type CheckedOrder } from '../kit/trading/checked-order.js'
import {
  createOrderQueries,
  type OrderQueries,
  type VenueHistoryRange,
} from '../kit/trading/order-queries.js'
import type { SettleOptions } from '../kit/trading/settled-commands.js'
import type { Query } from '../kit/trading/signed-call.js'
import {
  orderOrNotFound,
  pendingCancel,
  settle,
  type IdentifiedOrderRequest,
  type TradingParts,
} from '../kit/trading/surface.js'
import { COINBASE_API_PREFIX, coinbaseRequestCost, type CoinbaseAccount } from './account.js'
import {
  CoinbaseBatchCancelAnswer,
  CoinbaseCreateOrderAnswer,
  CoinbaseErrorBody,
  CoinbaseFillPage,
  CoinbaseGetOrderAnswer,
  CoinbaseOrderPage,
  type CoinbaseConfigFields,
  type CoinbaseFillRecord,
  type CoinbaseOrderRecord,
  type CoinbaseOrderStatus,
} from './private-codecs.js'

/**
 * What Coinbase spot order entry offers through these parts. Fills are derived from the `user`
 * channel's running totals (see `createCoinbasePushes`); balances are not pushed.
 *
 * @example
 * COINBASE_TRADING_CAPABILITIES.timeInForce // ['GTC', 'IOC', 'FOK', 'PostOnly']
 */
export const COINBASE_TRADING_CAPABILITIES: TradingCapabilities = Object.freeze({
  orderTypes: Object.freeze(['limit', 'market'] as const),
  timeInForce: Object.freeze(['GTC', 'IOC', 'FOK', 'PostOnly'] as const),
  quoteQuantityMarketOrders: true,
  amend: false,
  cancelAll: false,
  positions: false,
  privateStreams: Object.freeze({ orders: true, fills: true, balances: false }),
})

const FUNDS = 'insufficient-funds'
const INVALID = 'invalid-request'

/**
 * Coinbase's error codes by kind: the create answer's `new_order_failure_reason` / `error` and
 * `preview_failure_reason`, batch cancel's `failure_reason`, and the `error` of the error body every
 * endpoint answers a failed request with. A code not listed is `invalid-request` (a 5xx `temporary`).
 *
 * @example
 * errorKind(COINBASE_ERRORS, { status: 200, code: 'PREVIEW_INSUFFICIENT_FUND' }) // 'insufficient-funds'
 */
export const COINBASE_ERRORS = {
  codes: {
    INSUFFICIENT_FUND: FUNDS,
    INSUFFICIENT_FUNDS: FUNDS,
    INVALID_LEDGER_BALANCE: FUNDS,
    PREVIEW_INSUFFICIENT_FUND: FUNDS,
    PREVIEW_INSUFFICIENT_LEDGER_BALANCE: FUNDS,
    PREVIEW_INVALID_LEDGER_BALANCE: FUNDS,
    PREVIEW_INSUFFICIENT_FUNDS_FOR_FUTURES: FUNDS,
    UNSUPPORTED_ORDER_CONFIGURATION: INVALID,
    INVALID_SIDE: INVALID,
    INVALID_PRODUCT_ID: INVALID,
    INVALID_SIZE_PRECISION: INVALID,
    INVALID_PRICE_PRECISION: INVALID,
    INVALID_LIMIT_PRICE_POST_ONLY: INVALID,
    INVALID_LIMIT_PRICE: INVALID,
    INVALID_NO_LIQUIDITY: INVALID,
    INVALID_REQUEST: INVALID,
    ORDER_ENTRY_DISABLED: INVALID,
    INELIGIBLE_PAIR: INVALID,
    UNTRADABLE_PRODUCT: INVALID,
    PRODUCT_TRADING_HALTED: INVALID,
    TRADING_DISABLED: INVALID,
    FOK_DISABLED: INVALID,
    FOK_ONLY_ALLOWED_ON_LIMIT_ORDERS: INVALID,
    POST_ONLY_NOT_ALLOWED_WITH_FOK: INVALID,
    END_TIME_IS_IN_THE_PAST: INVALID,
    END_TIME_TOO_FAR_IN_FUTURE: INVALID,
    GTD_ORDERS_MUST_HAVE_END_TIME: INVALID,
    LIMIT_PRICE_TOO_FAR_FROM_MARKET: INVALID,
    PRICE_NOT_ALLOWED_FOR_MARKET_ORDERS: INVALID,
    DUPLICATE_CLIENT_ORDER_ID: INVALID,
    PREVIEW_INVALID_SIZE_PRECISION: INVALID,
    PREVIEW_INVALID_PRICE_PRECISION: INVALID,
    PREVIEW_INVALID_BASE_SIZE_TOO_SMALL: INVALID,
    PREVIEW_INVALID_BASE_SIZE_TOO_LARGE: INVALID,
    PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL: INVALID,
    PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE: INVALID,
    PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY: INVALID,
    PREVIEW_INVALID_LIMIT_PRICE: INVALID,
    PREVIEW_INVALID_NO_LIQUIDITY: INVALID,
    PREVIEW_INVALID_END_TIME: INVALID,
    // an account the venue does not let trade there, whatever the request
    GEOFENCING_RESTRICTION: 'auth',
    PREVIEW_GEOFENCING_RESTRICTION: 'auth',
    RFQ_RATE_LIMITED: 'rate-limit',
    // batch cancel's failure reasons
    UNKNOWN_CANCEL_ORDER: 'not-found',
    ORDER_IS_FULLY_FILLED: INVALID,
    NOT_ALLOWED_TO_CANCEL: INVALID,
    // the error body's codes (gRPC names)
    INVALID_ARGUMENT: INVALID,
    NOT_FOUND: 'not-found',
    UNAUTHENTICATED: 'auth',
    PERMISSION_DENIED: 'auth',
    RESOURCE_EXHAUSTED: 'rate-limit',
    rate_limit_exceeded: 'rate-limit',
    INTERNAL: 'temporary',
    UNAVAILABLE: 'temporary',
  },
  duplicateClientOrderId: ['DUPLICATE_CLIENT_ORDER_ID'],
  orderNotFound: ['NOT_FOUND', 'UNKNOWN_CANCEL_ORDER'],
  orderFinished: ['ORDER_IS_FULLY_FILLED'],
} as const satisfies ErrorTable

const CREATE_PATH = `${COINBASE_API_PREFIX}/orders`

/**
 * The error of a refused create (`success: false`, HTTP 200): the most specific of its reasons
 * (`new_order_failure_reason`, `error`, `preview_failure_reason`, `failure_reason`; `UNKNOWN_…` ones
 * say nothing) by {@link COINBASE_ERRORS}, with the venue's message and details.
 *
 * @example
 * coinbaseCreateError(answer).kind // 'insufficient-funds' for error INSUFFICIENT_FUND
 */
export function coinbaseCreateError(answer: CoinbaseCreateOrderAnswer): VenueError {
  const e = answer.error_response ?? {}
  const reasons = [e.new_order_failure_reason, e.error, e.preview_failure_reason, answer.failure_reason]
  const told = reasons.filter((r): r is string => r !== undefined && r !== '' && !r.startsWith('UNKNOWN_'))
  const code =
    told.find((r) => Object.hasOwn(COINBASE_ERRORS.codes, r)) ?? told[0] ?? 'UNKNOWN_FAILURE_REASON'
  const message = [e.message, e.error_details].filter((m) => m !== undefined && m !== '').join(': ')
  return venueError('coinbase', COINBASE_ERRORS, {
    status: 200,
    code,
    message: message || code,
    context: `POST ${CREATE_PATH}`,
  })
}

/**
 * The error of a failed HTTP answer (the `mapError` hook of a driver context), `undefined` on a 2xx:
 * the error body's `error` by {@link COINBASE_ERRORS}, else the HTTP status (a 401's body is the text
 * `Unauthorized`).
 *
 * @example
 * createSpecContext(COINBASE_SPEC, options, { mapError: (response, info, _core, secrets) => coinbaseResponseError(response, info, secrets), … })
 */
export function coinbaseResponseError(
  response: HttpResponse,
  info: Pick<ResponseInfo, 'method' | 'path' | 'retryAfterMs'>,
  secrets: Iterable<string> = [],
): VenueError | undefined {
  return httpResponseError('coinbase', COINBASE_ERRORS, response, info, secrets, (body) =>
    CoinbaseErrorBody.is(body) && body.error !== undefined
      ? { code: body.error, message: body.message || body.error_details }
      : undefined,
  )
}

/**
 * An order request as Coinbase takes it: the model's, plus `expiresAt` for a limit order good until a
 * date (`limit_limit_gtd`).
 *
 * @example
 * const request: CoinbaseOrderRequest = { symbol: 'BTC/USD', side: 'buy', type: 'limit', price, quantity, expiresAt: new Date(Date.now() + 3_600_000) }
 */
export type CoinbaseOrderRequest = OrderRequest & { readonly expiresAt?: Date | undefined }

/**
 * The `order_configuration` kinds this SDK places.
 *
 * @example
 * const kind: CoinbaseConfigurationKind = 'limit_limit_gtd'
 */
export type CoinbaseConfigurationKind =
  'market_market_ioc' | 'sor_limit_ioc' | 'limit_limit_gtc' | 'limit_limit_gtd' | 'limit_limit_fok'

/**
 * The body of `POST /orders`: exactly one configuration.
 *
 * @example
 * const body: CoinbaseCreateBody = { client_order_id: 'grid-1', product_id: 'BTC-USD', side: 'BUY', order_configuration: { limit_limit_gtc: { base_size: '0.001', limit_price: '10000', post_only: false } } }
 */
export interface CoinbaseCreateBody {
  readonly client_order_id: string
  readonly product_id: string
  readonly side: 'BUY' | 'SELL'
  readonly order_configuration: Partial<Record<CoinbaseConfigurationKind, Record<string, string | boolean>>>
}

/**
 * Checks an order request against the instrument (the kit's `checkOrder`) and writes its create body:
 * a market order is `market_market_ioc` (`base_size`, or `quote_size` for a buy by value), a limit
 * order `limit_limit_gtc` (`limit_limit_gtd` with `expiresAt`; PostOnly is either with `post_only:
 * true`), `limit_limit_fok` (FOK) or `sor_limit_ioc` (IOC).
 *
 * @throws VenueError `invalid-request` for what Coinbase would refuse: a broken instrument rule, a market
 * sell by quote amount, `expiresAt` on anything but a GTC or post-only limit order.
 * @example
 * prepareCoinbaseOrder({ symbol: 'BTC/USD', side: 'buy', type: 'limit', price: d('10000'), quantity: d('0.001'), timeInForce: 'PostOnly' }, btcusd)
 * // body.order_configuration: { limit_limit_gtc: { base_size: '0.001', limit_price: '10000', post_only: true } }
 */
export function prepareCoinbaseOrder(
  request: CoinbaseOrderRequest,
  instrument: Instrument,
): { readonly order: CheckedOrder; readonly body: CoinbaseCreateBody } {
  const order = checkOrder('coinbase', request, instrument)
  const refuse = (why: string): never => {
    throw new VenueError({
      kind: 'invalid-request',
      venue: 'coinbase',
      message: `order ${order.side} ${instrument.symbol} refused before sending: ${why}`,
    })
  }
  const { expiresAt } = request
  if (expiresAt !== undefined && !(expiresAt instanceof Date && Number.isFinite(expiresAt.getTime()))) {
    refuse('expiresAt must be a valid Date')
  }
  const dated = expiresAt !== undefined
  let configuration: CoinbaseCreateBody['order_configuration']
  if (order.type === 'market') {
    if (dated) refuse('a market order takes no expiresAt')
    // a market sell names its base size: https://github.com/coinbase/coinbase-advanced-py (market_order docs)
    if (order.quoteQuantity !== undefined && order.side === 'sell')
      refuse('a market sell takes a quantity, not quoteQuantity')
    const size: Record<string, string> =
      order.quoteQuantity !== undefined
        ? { quote_size: order.quoteQuantity.toFixed() }
        : { base_size: (order.quantity as Decimal).toFixed() }
    configuration = { market_market_ioc: size }
  } else {
    const limit = { base_size: order.quantity.toFixed(), limit_price: order.price.toFixed() }
    const tif = order.timeInForce
    if (dated && tif !== 'GTC' && tif !== 'PostOnly') refuse(`a ${tif} order takes no expiresAt`)
    const postOnly = tif === 'PostOnly'
    configuration =
      tif === 'IOC'
        ? { sor_limit_ioc: limit }
        : tif === 'FOK'
          ? { limit_limit_fok: limit }
          : dated
            ? {
                limit_limit_gtd: {
                  ...limit,
                  end_time: (expiresAt as Date).toISOString(),
                  post_only: postOnly,
                },
              }
            : { limit_limit_gtc: { ...limit, post_only: postOnly } }
  }
  const body: CoinbaseCreateBody = {
    client_order_id: order.clientOrderId,
    product_id: instrument.venueSymbol,
    side: order.side === 'buy' ? 'BUY' : 'SELL',
    order_configuration: configuration,
  }
  return { order, body }
}

/**
 * The common status of a Coinbase order status. There is no partially-filled status: an open order
 * with fills is `partially-filled`; `CANCEL_QUEUED` is a cancel in flight.
 *
 * @example
 * coinbaseOrderStatus('OPEN', d('0.5')) // 'partially-filled'
 */
export function coinbaseOrderStatus(status: CoinbaseOrderStatus, filled: Decimal): OrderStatus {
  switch (status) {
    case 'OPEN':
    case 'EDIT_QUEUED':
      return filled.gt(0) ? 'partially-filled' : 'new'
    case 'CANCEL_QUEUED':
      return 'pending-cancel'
    case 'FILLED':
      return 'filled'
    case 'CANCELLED':
      return 'canceled'
    case 'EXPIRED':
      return 'expired'
    case 'FAILED':
      return 'rejected'
    default:
      // PENDING, QUEUED, UNKNOWN_ORDER_STATUS: not yet on the book
      return 'pending-new'
  }
}

/** What an order's configuration says of its type, time in force, price and size. */
interface Shape {
  readonly type: OrderType
  readonly timeInForce: TimeInForce
  readonly fields: CoinbaseConfigFields
}

function shapeOf(record: CoinbaseOrderRecord): Shape | undefined {
  const c = record.order_configuration
  const limit = (fields: CoinbaseConfigFields, tif: TimeInForce): Shape => ({
    type: 'limit',
    timeInForce: fields.post_only === true ? 'PostOnly' : tif,
    fields,
  })
  if (c.market_market_ioc !== undefined)
    return { type: 'market', timeInForce: 'IOC', fields: c.market_market_ioc }
  if (c.limit_limit_gtc !== undefined) return limit(c.limit_limit_gtc, 'GTC')
  // the model has no GTD: an order good until a date rests like a GTC one
  if (c.limit_limit_gtd !== undefined) return limit(c.limit_limit_gtd, 'GTC')
  if (c.limit_limit_fok !== undefined) return limit(c.limit_limit_fok, 'FOK')
  if (c.sor_limit_ioc !== undefined) return limit(c.sor_limit_ioc, 'IOC')
  return undefined
}

/**
 * One order as an {@link Order}, or `undefined` for an order of an unlisted product or of a kind this
 * SDK does not place (stop, bracket, TWAP). An order placed by quote amount reports the base quantity
 * filled as its `quantity`.
 *
 * @example
 * toOrder(answer.order, symbols)?.status // 'partially-filled'
 */
export function toOrder(record: CoinbaseOrderRecord, symbols: SymbolMap): Order | undefined {
  const instrument = symbols.getByVenueSymbol(record.product_id)
  const shape = shapeOf(record)
  if (instrument === undefined || shape === undefined) return undefined
  const filled = record.filled_size
  const status = coinbaseOrderStatus(record.status, filled)
  const { fields } = shape
  const byQuote = fields.base_size === undefined && fields.quote_size !== undefined
  const average = record.average_filled_price
  return {
    venue: 'coinbase',
    symbol: instrument.symbol,
    id: record.order_id,
    clientOrderId: record.client_order_id !== '' ? record.client_order_id : record.order_id,
    side: record.side === 'BUY' ? 'buy' : 'sell',
    type: shape.type,
    timeInForce: shape.timeInForce,
    price: shape.type === 'limit' ? fields.limit_price : undefined,
    quantity: byQuote ? filled : (fields.base_size ?? filled),
    quoteQuantity: byQuote ? fields.quote_size : undefined,
    filledQuantity: filled,
    averagePrice: average !== undefined && average.gt(0) && filled.gt(0) ? average : undefined,
    status,
    createdAt: record.created_time.timestamp,
    ...(record.last_fill_time ?? record.created_time),
    reason: isTerminal(status) && status !== 'filled' ? reasonOf(record) : undefined,
  }
}

function reasonOf(record: CoinbaseOrderRecord): string | undefined {
  const said = [record.reject_message, record.cancel_message, record.reject_reason]
  return said.find((r) => r !== undefined && r !== '' && r !== 'REJECT_REASON_UNSPECIFIED')
}

/**
 * One fill as a {@link Fill}, or `undefined` for an entry that is not a trade (`trade_type` other than
 * `FILL`: reversals, corrections) or of an unlisted product. `commission` is in the quote currency; a
 * size counted in quote (`size_in_quote`) becomes the base quantity at the fill's price.
 *
 * @example
 * toFill(page.fills[0], symbols)?.fee.toFixed() // '1.14'
 */
export function toFill(record: CoinbaseFillRecord, symbols: SymbolMap): Fill | undefined {
  if (record.trade_type !== undefined && record.trade_type !== 'FILL') return undefined
  const instrument = symbols.getByVenueSymbol(record.product_id)
  if (instrument === undefined) return undefined
  const liquidity = record.liquidity_indicator
  return {
    venue: 'coinbase',
    symbol: instrument.symbol,
    tradeId: record.trade_id,
    orderId: record.order_id,
    side: record.side === 'BUY' ? 'buy' : 'sell',
    price: record.price,
    quantity: record.size_in_quote === true ? record.size.div(record.price) : record.size,
    fee: record.commission,
    feeAsset: instrument.quote,
    liquidity: liquidity === 'MAKER' ? 'maker' : liquidity === 'TAKER' ? 'taker' : undefined,
    ...record.trade_time,
  }
}

/**
 * The order commands and queries of an account, as the kit's trading surface takes them.
 *
 * @example
 * const orders = createCoinbaseOrders(account)
 * createTradingSurface(context, { venue: 'coinbase', capabilities: COINBASE_TRADING_CAPABILITIES, ...orders, balances, pushes })
 */
export interface CoinbaseOrders
  extends OrderQueries, Pick<TradingParts, 'create' | 'cancel' | 'isDuplicate'> {}

const ORDERS_PAGE = 100
const FILLS_PAGE = 100
const MAX_PAGES = 50
/** Pages of recent orders searched for a client order id: the order searched for is a recent one. */
const LOOKUP_PAGES = 5

/**
 * Creates the commands and queries of an account.
 * - `create` sends one create (never resent underneath) and acknowledges the order it names; Coinbase
 *   answers a repeated `client_order_id` with the order first placed under it, so the kit's resend
 *   after an unknown outcome cannot double an order, and a `DUPLICATE_CLIENT_ORDER_ID` refusal is the
 *   proof an earlier attempt got through (`isDuplicate`).
 * - `lookup` asks `GET /orders/historical/{id}` when the id is known; by client order id alone (no
 *   REST filter exists) it searches the product's most recent orders of `GET /orders/historical/batch`.
 * - `cancel` cancels by id through `POST /orders/batch_cancel`, then looks the order up until it
 *   settles (`pending-cancel` until the queries show it finished).
 *
 * @example
 * createCoinbaseOrders(account).lookup({ symbol: 'BTC/USD', clientOrderId: 'grid-1' }).subscribe((o) => console.log(o?.status))
 */
export function createCoinbaseOrders(account: CoinbaseAccount, options: SettleOptions = {}): CoinbaseOrders {
  const { api, send } = account
  const path = (p: string) => `${COINBASE_API_PREFIX}${p}`

  const pages = <R>(
    fetch: (cursor: string | undefined) => Observable<{ items: readonly R[]; next: string | undefined }>,
    maxPages = MAX_PAGES,
  ): Observable<R> => pageThrough(undefined as string | undefined, fetch, { maxPages })

  const orders = (query: Query, priority?: RatePriority, maxPages?: number) =>
    pages(
      (cursor) =>
        send(path('/orders/historical/batch'), CoinbaseOrderPage, {
          query: { ...query, limit: ORDERS_PAGE, cursor },
          priority,
        }).pipe(map((p) => ({ items: p.orders, next: p.has_next ? p.cursor || undefined : undefined }))),
      maxPages,
    )

  const byId = (id: string): Observable<CoinbaseOrderRecord | undefined> =>
    send(path(`/orders/historical/${encodeURIComponent(id)}`), CoinbaseGetOrderAnswer).pipe(
      map((answer) => answer.order),
      catchError((e: unknown) =>
        hasCode(e, 'coinbase', COINBASE_ERRORS.orderNotFound) ||
        (e instanceof VenueError && e.kind === 'not-found')
          ? of(undefined)
          : throwError(() => e),
      ),
    )

  const range = (r: VenueHistoryRange, from: string, to: string): Query => ({
    product_ids: r.venueSymbol,
    [from]: r.fromMs === undefined ? undefined : new Date(r.fromMs).toISOString(),
    [to]: r.toMs === undefined ? undefined : new Date(r.toMs).toISOString(),
  })

  const queries = createOrderQueries<CoinbaseOrderRecord, CoinbaseFillRecord>({
    symbols: () => account.symbols(),
    lookupSteps: (venueSymbol, ref) => {
      const ofProduct = (r: CoinbaseOrderRecord | undefined) =>
        r?.product_id === venueSymbol ? r : undefined
      if (ref.id !== undefined) return [() => byId(ref.id as string).pipe(map(ofProduct))]
      return [
        () =>
          orders({ product_ids: venueSymbol }, undefined, LOOKUP_PAGES).pipe(
            first((r) => r.client_order_id === ref.clientOrderId, undefined),
          ),
      ]
    },
    openOrders: (venueSymbol) => orders({ order_status: 'OPEN', product_ids: venueSymbol }),
    orderHistory: (r) => orders(range(r, 'start_date', 'end_date'), 'data'),
    fills: (r) =>
      pages((cursor) =>
        send(path('/orders/historical/fills'), CoinbaseFillPage, {
          query: {
            ...range(r, 'start_sequence_timestamp', 'end_sequence_timestamp'),
            limit: FILLS_PAGE,
            cursor,
          },
          priority: 'data',
        }).pipe(map((p) => ({ items: p.fills, next: p.cursor || undefined }))),
      ),
    toOrder,
    toFill,
    historyLimit: 200,
  })

  const getOrder = orderOrNotFound('coinbase', queries.lookup)
  const settling = {
    lookups: options.settleLookups ?? 4,
    delayMs: options.reconcile?.lookupDelayMs ?? 250,
    maxDelayMs: options.reconcile?.maxLookupDelayMs ?? 2000,
    scheduler: account.scheduler,
  }

  const cancelById = (id: string, sendBy: number): Observable<string> =>
    send(
      path('/orders/batch_cancel'),
      CoinbaseBatchCancelAnswer,
      { method: 'POST', body: { order_ids: [id] } },
      sendBy,
    ).pipe(
      map((answer) => {
        const result = answer.results.find((r) => r.order_id === id) ?? answer.results[0]
        if (result?.success === true) return id
        const code = result?.failure_reason ?? 'UNKNOWN_CANCEL_FAILURE_REASON'
        throw venueError('coinbase', COINBASE_ERRORS, {
          status: 200,
          code,
          message: `cancel of order ${id} refused`,
          context: `POST ${path('/orders/batch_cancel')}`,
        })
      }),
    )

  return {
    ...queries,

    create: (request: IdentifiedOrderRequest, instrument: Instrument, sendBy: number | undefined) => {
      const { order, body } = prepareCoinbaseOrder(request, instrument)
      return api
        .send(
          {
            method: 'POST',
            path: CREATE_PATH,
            body: JSON.stringify(body),
            codec: CoinbaseCreateOrderAnswer,
            cost: coinbaseRequestCost(CREATE_PATH),
            idempotent: false,
          },
          sendBy,
        )
        .pipe(
          map((answer) => {
            if (!answer.success) throw coinbaseCreateError(answer)
            const id = answer.success_response?.order_id
            // a success that names no order: placed or not, it must be looked up
            if (id === undefined || id === '') {
              throw new VenueError({
                kind: 'decode',
                venue: 'coinbase',
                message: `POST ${CREATE_PATH}: success without an order id`,
              })
            }
            return acceptedOrder('coinbase', instrument.symbol, id, order, timestampedMs(account.now()))
          }),
        )
    },

    cancel: (ref: OrderRef, sendBy: number) => {
      const id$ =
        ref.id !== undefined
          ? of(ref.id)
          : getOrder(ref).pipe(concatMap((o) => (o.id === undefined ? EMPTY : of(o.id))))
      return id$.pipe(
        concatMap((id) => cancelById(id, sendBy)),
        concatMap((id) => settle(getOrder, { ...ref, id }, (o) => isTerminal(o.status), settling)),
        map(pendingCancel),
      )
    },

    isDuplicate: (e: VenueError) => hasCode(e, 'coinbase', COINBASE_ERRORS.duplicateClientOrderId),
  }
}
