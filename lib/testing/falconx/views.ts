/**
 * The desk's quotes as FalconX writes them (the shapes of falconx-python's docstring examples).
 */
import type { SimQuote } from './desk.js'
import { falconxTime } from './wire.js'

const TRADER = 'trader@sim.falconx.io'

/**
 * A quote, its status or an executed quote (`POST /v1/quotes`, `/v1/quotes/execute`,
 * `GET /v1/quotes/{id}`, `GET /v1/quotes`).
 *
 * @example
 * falconxJson(quoteView(quote))
 */
export function quoteView(q: SimQuote): Record<string, unknown> {
  const { base, quote } = q.market.instrument
  const x = q.executed
  return {
    status: 'success',
    fx_quote_id: q.id,
    buy_price: q.buyPrice ?? null,
    sell_price: q.sellPrice ?? null,
    platform: 'api',
    token_pair: { base_token: base, quote_token: quote },
    quantity_requested: { token: base, value: q.quantity.toFixed() },
    side_requested: q.side,
    t_quote: falconxTime(q.quotedAt),
    t_expiry: falconxTime(q.expiresAt),
    is_filled: x !== undefined,
    side_executed: x?.side ?? null,
    price_executed: x?.price ?? null,
    t_execute: x === undefined ? null : falconxTime(x.at),
    trader_email: TRADER,
    client_order_id: q.clientOrderId,
    error: null,
  }
}

/**
 * An order's answer (`POST /v1/order`): the quote it executed against, and its terms and fees.
 *
 * @example
 * falconxJson(orderView(quote))
 */
export function orderView(q: SimQuote): Record<string, unknown> {
  const terms = q.order
  return {
    ...quoteView(q),
    gross_fee_bps: 0,
    gross_fee_usd: 0,
    rebate_bps: 0,
    rebate_usd: 0,
    fee_bps: 0,
    fee_usd: 0,
    order_type: terms?.type ?? 'market',
    time_in_force: terms?.type === 'limit' ? 'fok' : null,
    limit_price: terms?.limitPrice ?? null,
    slippage_bps: terms?.slippageBps ?? null,
  }
}
