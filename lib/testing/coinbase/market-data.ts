/**
 * The public REST endpoints of Coinbase Advanced Trade (`/api/v3/brokerage/time` and `/market/…`),
 * answered from the engine and the candle series.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/list-public-products
 * and the pages next to it
 */
import type { Decimal } from '../../core/decimal.js'
import { IntervalNames, MINUTE } from '../kit/intervals.js'
import { marketStats } from '../kit/market-stats.js'
import { ParamReaders, readParams, type Params } from '../kit/params.js'
import type { CoinbaseContext } from './context.js'
import type { CoinbaseProduct } from './options.js'
import { coinbaseError, fixed, isoTime, makerSide, percentChange, plain } from './wire.js'

/**
 * Coinbase's candle granularities and their lengths.
 *
 * @example
 * GRANULARITIES.of('ONE_HOUR') // 3_600_000
 */
export const GRANULARITIES = new IntervalNames(
  {
    ONE_MINUTE: MINUTE,
    FIVE_MINUTE: 5 * MINUTE,
    FIFTEEN_MINUTE: 15 * MINUTE,
    THIRTY_MINUTE: 30 * MINUTE,
    ONE_HOUR: 60 * MINUTE,
    TWO_HOUR: 120 * MINUTE,
    SIX_HOUR: 360 * MINUTE,
    ONE_DAY: 1440 * MINUTE,
  },
  (name) => coinbaseError('invalid', `invalid granularity ${String(name)}`),
)

/** Most candles one request may cover. */
const MAX_CANDLES = 350

/** Coinbase's parameter readers: a wrong parameter is an `INVALID_ARGUMENT` that names it. */
const p = new ParamReaders({
  missing: (name) => coinbaseError('invalid', `${name} is required`),
  notText: (name) => coinbaseError('invalid', `${name} must be a string`),
  integer: /^\d{1,16}$/,
  jsonNumbers: false,
  badInteger: (name, v) => coinbaseError('invalid', `invalid value for ${name}: ${String(v)}`),
  decimal: /^\d+(?:\.\d+)?$/,
  badDecimal: (name, v) => coinbaseError('invalid', `invalid value for ${name}: ${String(v)}`),
})

/**
 * `GET /time`.
 *
 * @example
 * serverTime(ctx) // { iso: '2024-05-01T12:00:00.000Z', epochSeconds: '1714564800', epochMillis: '1714564800000' }
 */
export function serverTime(ctx: CoinbaseContext): unknown {
  const now = ctx.clock.now()
  return { iso: isoTime(now), epochSeconds: String(Math.floor(now / 1000)), epochMillis: String(now) }
}

/**
 * `GET /market/products`: `limit` and `offset` page the products in listing order; `product_type`
 * keeps `SPOT` (every product listed here is spot).
 *
 * @example
 * listProducts(ctx, queryParams('product_type=SPOT&limit=1&offset=1')) // { products: [ETH-USD], num_products: 3 }
 */
export function listProducts(ctx: CoinbaseContext, params: Params): unknown {
  const {
    limit,
    offset,
    product_type: type,
  } = readParams(params, {
    limit: p.int(undefined, 1, 10_000),
    offset: p.int(0, 0, Number.MAX_SAFE_INTEGER),
    product_type: p.text,
  })
  const all = type === undefined || type === 'SPOT' ? [...ctx.options.products.values()] : []
  const page = all.slice(offset, limit === undefined ? undefined : offset + limit)
  return { products: page.map((product) => productJson(ctx, product)), num_products: all.length }
}

/**
 * `GET /market/products/{product_id}`.
 *
 * @example
 * getProduct(ctx, {}, { product_id: 'BTC-USD' }) // the product, as the list has it
 */
export function getProduct(ctx: CoinbaseContext, _params: Params, path: PathParams): unknown {
  return productJson(ctx, ctx.product(path.product_id))
}

/** One product as Coinbase lists it (`rest-product.json`'s shape). */
function productJson(ctx: CoinbaseContext, product: CoinbaseProduct): Record<string, unknown> {
  const m = product.market
  const s = marketStats(ctx.exchange, m, m.config.startPrice)
  const price = (d: Decimal | undefined) => (d === undefined ? '' : fixed(d, m.priceDp))
  const aliasesOf = [...ctx.options.products.values()].filter((q) => q.alias === product.id).map((q) => q.id)
  return {
    product_id: product.id,
    price: price(s.last),
    price_percentage_change_24h: percentChange(s.last, s.open),
    volume_24h: plain(s.volume),
    volume_percentage_change_24h: '0',
    base_increment: plain(m.baseIncrement),
    quote_increment: plain(m.tickSize),
    quote_min_size: plain(m.quoteMinSize),
    quote_max_size: '150000000',
    base_min_size: plain(m.baseMinSize),
    base_max_size: plain(m.baseMaxSize),
    base_name: product.base,
    quote_name: product.quote,
    watched: false,
    is_disabled: false,
    new: false,
    status: 'online',
    cancel_only: false,
    limit_only: false,
    post_only: false,
    trading_disabled: false,
    auction_mode: false,
    product_type: 'SPOT',
    quote_currency_id: product.quote,
    base_currency_id: product.base,
    fcm_trading_session_details: null,
    mid_market_price: '',
    alias: product.alias,
    alias_to: aliasesOf,
    base_display_symbol: product.base,
    quote_display_symbol: product.quote,
    view_only: false,
    price_increment: plain(m.tickSize),
    display_name: product.id,
    product_venue: 'CBE',
    approximate_quote_24h_volume: plain(s.quoteVolume),
    new_at: '2023-01-01T00:00:00Z',
    market_cap: '',
    base_cbrn: '',
    quote_cbrn: '',
    product_cbrn: '',
    icon_color: '',
    icon_url: '',
    display_name_overwrite: '',
    is_alpha_testing: false,
    about_description: '',
    best_bid_price: price(s.bid),
    best_ask_price: price(s.ask),
  }
}

/**
 * `GET /market/product_book`: `limit` levels a side (the whole book without it), best first.
 *
 * @example
 * productBook(ctx, queryParams('product_id=BTC-USD&limit=5')).pricebook.bids.length // 5
 */
export function productBook(ctx: CoinbaseContext, params: Params): unknown {
  const { product_id: id, limit } = readParams(params, {
    product_id: p.required,
    limit: p.int(undefined, 1, Number.MAX_SAFE_INTEGER),
  })
  const product = ctx.product(id)
  const m = product.market
  const { bids, asks } = ctx.exchange.book(m.instrument.symbol, limit ?? Infinity)
  const level = (l: { price: Decimal; size: Decimal }) => ({
    price: fixed(l.price, m.priceDp),
    size: fixed(l.size, m.qtyDp),
  })
  const bid = bids[0]?.price
  const ask = asks[0]?.price
  const mid = bid !== undefined && ask !== undefined ? bid.plus(ask).div(2) : undefined
  const spread = bid !== undefined && ask !== undefined ? ask.minus(bid) : undefined
  return {
    pricebook: {
      product_id: product.id,
      bids: bids.map(level),
      asks: asks.map(level),
      time: isoTime(ctx.clock.now()),
    },
    last: mid === undefined ? '' : plain(mid),
    mid_market: mid === undefined ? '' : plain(mid),
    spread_bps: mid === undefined || spread === undefined ? '' : plain(spread.div(mid).mul(10_000)),
    spread_absolute: spread === undefined ? '' : plain(spread),
  }
}

/**
 * `GET /market/products/{product_id}/ticker`: the latest `limit` trades, newest first, with the
 * resting order's side, and the best prices.
 *
 * @example
 * marketTrades(ctx, queryParams('limit=5'), { product_id: 'BTC-USD' }).trades.length
 */
export function marketTrades(ctx: CoinbaseContext, params: Params, path: PathParams): unknown {
  const { limit } = readParams(params, { limit: p.need(p.int(undefined, 1, 1000)) })
  const product = ctx.product(path.product_id)
  const m = product.market
  const symbol = m.instrument.symbol
  const trades = ctx.exchange.trades(symbol, -Infinity, Infinity).slice(-limit).reverse()
  const { bid, ask } = ctx.exchange.ticker(symbol)
  return {
    trades: trades.map((t) => ({
      trade_id: String(t.id),
      product_id: product.id,
      price: fixed(t.price, m.priceDp),
      size: fixed(t.size, m.qtyDp),
      time: isoTime(t.timestamp.getTime()),
      side: makerSide(t.side),
      bid: '',
      ask: '',
      exchange: 'coinbase',
    })),
    best_bid: bid === undefined ? '' : fixed(bid, m.priceDp),
    best_ask: ask === undefined ? '' : fixed(ask, m.priceDp),
  }
}

/**
 * `GET /market/products/{product_id}/candles`: the candles opening in [`start`, `end`] (seconds),
 * newest first; more than 350 of them is refused.
 *
 * @example
 * candles(ctx, queryParams('start=1712188800&end=1712192400&granularity=ONE_HOUR'), { product_id: 'BTC-USD' })
 */
export function candles(ctx: CoinbaseContext, params: Params, path: PathParams): unknown {
  const { start, end, granularity } = readParams(params, {
    start: p.need(p.int(undefined, 0, Number.MAX_SAFE_INTEGER)),
    end: p.need(p.int(undefined, 0, Number.MAX_SAFE_INTEGER)),
    granularity: p.required,
  })
  const interval = GRANULARITIES.of(granularity)
  if (end < start) throw coinbaseError('invalid', 'end must be after start')
  const length = interval === 'month' ? 30 * 24 * 60 * MINUTE : interval
  if (((end - start) * 1000) / length >= MAX_CANDLES) {
    throw coinbaseError('invalid', `number of candles requested should be less than ${MAX_CANDLES}`)
  }
  const m = ctx.product(path.product_id).market
  const list = ctx.candles(m, interval, {
    from: start * 1000,
    to: end * 1000,
    limit: MAX_CANDLES,
    take: 'last',
  })
  return {
    candles: list.reverse().map((c) => ({
      start: String(c.openTime / 1000),
      low: fixed(c.low, m.priceDp),
      high: fixed(c.high, m.priceDp),
      open: fixed(c.open, m.priceDp),
      close: fixed(c.close, m.priceDp),
      volume: plain(c.volume),
    })),
  }
}

/** Path parameters of a route (`{product_id}`). */
export type PathParams = Readonly<Record<string, string>>
