/**
 * io-ts codecs of Coinbase Advanced Trade's public REST payloads (`/api/v3/brokerage/market/…`,
 * `/time`) and of its error body. Field names are the venue's; each wire type is declared once and its
 * TypeScript type derived from it. Prices and sizes are JSON strings everywhere.
 *
 * Wire facts: https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/list-public-products
 * (and `get-public-product-book`, `get-public-market-trades`, `get-public-product-candles`,
 * `get-server-time`).
 */
import * as t from 'io-ts'
import { Decimal } from '../../core/decimal.js'
import { DecimalString, isPlainDecimal } from '../../codec/decimal.js'
import type { PriceSizeText } from '../../codec/levels.js'
import { MillisTimestamp, IsoTimestamp, SecondsTimestamp } from '../../codec/timestamp.js'

// ---- shared pieces ----

/**
 * A decimal string that Coinbase leaves empty when there is no value (`"best_bid_price": ""`, the
 * `bid` of a public trade): `""` decodes to `undefined`.
 *
 * @example
 * CoinbaseOptionalDecimal.decode('')         // Right(undefined)
 * CoinbaseOptionalDecimal.decode('68923.66') // Right(Decimal 68923.66)
 */
export const CoinbaseOptionalDecimal = new t.Type<Decimal | undefined, string, unknown>(
  'decimal string or ""',
  (u): u is Decimal | undefined => u === undefined || u instanceof Decimal,
  (u, c) => {
    if (u === '') return t.success(undefined)
    return typeof u === 'string' && isPlainDecimal(u) ? t.success(new Decimal(u)) : t.failure(u, c)
  },
  (d) => (d === undefined ? '' : d.toFixed()),
)

/**
 * A trade's side as Coinbase writes it. On the public trade feeds it is the side of the resting
 * (maker) order: the taker's is the other one.
 *
 * @example
 * CoinbaseSide.decode('BUY') // Right('BUY')
 */
export const CoinbaseSide = t.keyof({ BUY: null, SELL: null })
/** `BUY` or `SELL`. */
export type CoinbaseSide = t.TypeOf<typeof CoinbaseSide>

/**
 * `{ price, size }` book levels, validated and turned into `[price, size]` text pairs (no Decimal is
 * built); a bad level is reported with its index.
 *
 * @example
 * CoinbaseLevels.decode([{ price: '68923.66', size: '0.17189468' }]) // Right([['68923.66', '0.17189468']])
 */
export const CoinbaseLevels = new t.Type<PriceSizeText[], unknown[], unknown>(
  'Array<{ price, size }>',
  (u): u is PriceSizeText[] => Array.isArray(u) && u.every((l) => Array.isArray(l) && l.length === 2),
  (u, c) => {
    if (!Array.isArray(u)) return t.failure(u, c)
    const out: PriceSizeText[] = []
    const errors: t.Errors = []
    for (let i = 0; i < u.length; i++) {
      const level: unknown = u[i]
      const { price, size } = (typeof level === 'object' && level !== null ? level : {}) as {
        price?: unknown
        size?: unknown
      }
      if (
        typeof price === 'string' &&
        isPlainDecimal(price) &&
        typeof size === 'string' &&
        isPlainDecimal(size)
      )
        out.push([price, size] as unknown as PriceSizeText)
      else errors.push({ value: level, context: t.appendContext(c, String(i), t.unknown, level) })
    }
    return errors.length > 0 ? t.failures(errors) : t.success(out)
  },
  (levels) => levels.map(([price, size]) => ({ price, size })),
)

// ---- REST ----

/**
 * One product of `GET /market/products` (or `/market/products/{id}`): the fields the driver reads.
 * `alias` names the product whose market data this one shares (`BTC-USDC` → `BTC-USD`).
 *
 * @example
 * CoinbaseProduct.decode(fixture) // Right({ product_id: 'BTC-USD', quote_increment: Decimal 0.01, … })
 */
export const CoinbaseProduct = t.intersection(
  [
    t.type({
      product_id: t.string,
      base_currency_id: t.string,
      quote_currency_id: t.string,
      base_increment: DecimalString,
      quote_increment: DecimalString,
      base_min_size: DecimalString,
      base_max_size: CoinbaseOptionalDecimal,
      quote_min_size: CoinbaseOptionalDecimal,
      status: t.string,
      product_type: t.string,
    }),
    t.partial({
      trading_disabled: t.boolean,
      is_disabled: t.boolean,
      cancel_only: t.boolean,
      auction_mode: t.boolean,
      alias: t.string,
    }),
  ],
  'Coinbase product',
)
/** A decoded product. */
export type CoinbaseProduct = t.TypeOf<typeof CoinbaseProduct>

/**
 * A page of `GET /market/products`: the products still undecoded (each is decoded on its own, so one
 * odd product leaves out only itself) and how many there are in all.
 *
 * @example
 * CoinbaseProductsPage.decode({ products: [fixture], num_products: 1 })
 */
export const CoinbaseProductsPage = t.intersection(
  [t.type({ products: t.array(t.unknown) }), t.partial({ num_products: t.number })],
  'Coinbase products page',
)
/** A decoded products page. */
export type CoinbaseProductsPage = t.TypeOf<typeof CoinbaseProductsPage>

/**
 * `GET /market/product_book`: levels best first, as validated text.
 *
 * @example
 * CoinbaseProductBook.decode(fixture).right?.pricebook.bids[0] // ['68923.66', '0.17189468']
 */
export const CoinbaseProductBook = t.type(
  {
    pricebook: t.type({
      product_id: t.string,
      bids: CoinbaseLevels,
      asks: CoinbaseLevels,
      time: IsoTimestamp,
    }),
  },
  'Coinbase product book',
)
/** A decoded product book. */
export type CoinbaseProductBook = t.TypeOf<typeof CoinbaseProductBook>

/**
 * One trade of `GET /market/products/{id}/ticker`; `side` is the maker's.
 *
 * @example
 * CoinbaseMarketTrade.decode(fixture.trades[0]) // Right({ trade_id: '995098663', side: 'SELL', … })
 */
export const CoinbaseMarketTrade = t.type(
  {
    trade_id: t.string,
    product_id: t.string,
    price: DecimalString,
    size: DecimalString,
    time: IsoTimestamp,
    side: CoinbaseSide,
  },
  'Coinbase market trade',
)
/** A decoded market trade. */
export type CoinbaseMarketTrade = t.TypeOf<typeof CoinbaseMarketTrade>

/**
 * `GET /market/products/{id}/ticker`: the latest trades, newest first, and the best prices.
 *
 * @example
 * CoinbaseMarketTrades.decode(fixture).right?.best_bid // Decimal 68923.66
 */
export const CoinbaseMarketTrades = t.intersection(
  [
    t.type({ trades: t.array(CoinbaseMarketTrade) }),
    t.partial({ best_bid: CoinbaseOptionalDecimal, best_ask: CoinbaseOptionalDecimal }),
  ],
  'Coinbase market trades',
)
/** Decoded market trades. */
export type CoinbaseMarketTrades = t.TypeOf<typeof CoinbaseMarketTrades>

/**
 * One candle of `GET /market/products/{id}/candles`: `start` in seconds, as a string.
 *
 * @example
 * CoinbaseCandle.decode(fixture.candles[0]) // Right({ start: { timestamp, rawTimestamp: '1712192400' }, … })
 */
export const CoinbaseCandle = t.type(
  {
    start: SecondsTimestamp,
    low: DecimalString,
    high: DecimalString,
    open: DecimalString,
    close: DecimalString,
    volume: DecimalString,
  },
  'Coinbase candle',
)
/** A decoded candle. */
export type CoinbaseCandle = t.TypeOf<typeof CoinbaseCandle>

/**
 * `GET /market/products/{id}/candles`: newest first.
 *
 * @example
 * CoinbaseCandles.decode(fixture).right?.candles.length // 2
 */
export const CoinbaseCandles = t.type({ candles: t.array(CoinbaseCandle) }, 'Coinbase candles')
/** Decoded candles. */
export type CoinbaseCandles = t.TypeOf<typeof CoinbaseCandles>

/**
 * `GET /time`: the venue's clock (`epochMillis` a string, or a number).
 *
 * @example
 * CoinbaseServerTime.decode({ iso: '2023-05-24T20:29:21Z', epochSeconds: '1684960161', epochMillis: '1684960161123' })
 */
export const CoinbaseServerTime = t.type({ epochMillis: MillisTimestamp }, 'Coinbase server time')
/** A decoded server time. */
export type CoinbaseServerTime = t.TypeOf<typeof CoinbaseServerTime>

/**
 * The error body of every endpoint: a gRPC-style `error` name, and a message.
 *
 * @example
 * CoinbaseErrorBody.is({ error: 'NOT_FOUND', code: 5, message: 'product not found' }) // true
 */
export const CoinbaseErrorBody = t.intersection(
  [t.type({ error: t.string }), t.partial({ code: t.number, message: t.string, error_details: t.string })],
  'Coinbase error',
)
/** A decoded error body. */
export type CoinbaseErrorBody = t.TypeOf<typeof CoinbaseErrorBody>
