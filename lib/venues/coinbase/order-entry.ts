/**
 * A Coinbase order as the create endpoint takes it: the body with exactly one `order_configuration`,
 * checked against the instrument before it is sent, and the error of a refused create.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/orders/create-order
 */
import type { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Instrument, OrderRequest } from '../../core/model.js'
import { venueError } from '../kit/error-table.js'
import { checkOrder, orderRefusal, type CheckedOrder } from '../kit/trading/checked-order.js'
import { COINBASE_API_PREFIX } from './account.js'
import type { CoinbaseCreateOrderAnswer } from './private-codecs.js'
import { COINBASE_ERRORS } from './spec.js'

/**
 * The path of `POST /orders`.
 *
 * @example
 * api.send({ method: 'POST', path: COINBASE_CREATE_PATH, body, codec: CoinbaseCreateOrderAnswer })
 */
export const COINBASE_CREATE_PATH = `${COINBASE_API_PREFIX}/orders`

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
    context: `POST ${COINBASE_CREATE_PATH}`,
  })
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
  const refuse = orderRefusal('coinbase', order, instrument)
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
