/**
 * io-ts codecs of FalconX's REST answers (https://github.com/falconxio/falconx-python
 * `falconx/client.py`, whose docstrings carry FalconX's examples). FalconX writes prices and sizes as
 * JSON numbers (`"buy_price": 12650`), which `JSON.parse` would round to doubles: every number of an
 * answer is first put in quotes as its text ({@link quoteJsonNumbers}), and read from that text.
 */
import * as t from 'io-ts'
import { Decimal } from '../../core/decimal.js'
import { IsoTimestamp } from '../../codec/timestamp.js'
import { quoteJsonNumbers } from '../kit/exact-numbers.js'

// the kit's, named here too: what these codecs read has been through it
export { quoteJsonNumbers }

/** A JSON number's grammar (as {@link quoteJsonNumbers} quotes it), or a plain decimal string. */
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$|^-?\d+(?:\.\d+)?$/

/**
 * A number as its text (a JSON number quoted by {@link quoteJsonNumbers}, or a decimal string), decoded to a
 * {@link Decimal} exactly. A bare JSON number is refused: it has been through a double already.
 *
 * @example
 * FxDecimal.decode('0.1000000000000000055511151231257827') // Right(Decimal 0.1000000000000000055511151231257827)
 * FxDecimal.decode(0.1)                                    // Left: read numbers from the text
 */
export const FxDecimal = new t.Type<Decimal, string, unknown>(
  'number text',
  (u): u is Decimal => u instanceof Decimal,
  (u, c) => (typeof u === 'string' && NUMBER_TEXT.test(u) ? t.success(new Decimal(u)) : t.failure(u, c)),
  (d) => d.toFixed(),
)

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null])

/**
 * A token pair (`GET /v1/pairs`).
 *
 * @example
 * FxPair.is({ base_token: 'BTC', quote_token: 'USD' }) // true
 */
export const FxPair = t.type({ base_token: t.string, quote_token: t.string })
export type FxPair = t.TypeOf<typeof FxPair>

/**
 * The tradable pairs.
 *
 * @example
 * decode(FxPairs, body, 'GET /v1/pairs', 'falconx').map((p) => p.base_token)
 */
export const FxPairs = t.array(FxPair)

/**
 * A quantity and its token.
 *
 * @example
 * FxQuantity.decode({ token: 'ETH', value: '0.10000' })
 */
export const FxQuantity = t.type({ token: t.string, value: FxDecimal })

/**
 * The sides FalconX quotes and executes.
 *
 * @example
 * FxSide.is('two_way') // true
 */
export const FxSide = t.keyof({ buy: null, sell: null, two_way: null })
export type FxSide = t.TypeOf<typeof FxSide>

/**
 * A business error in the body: `{ status: "failure", error: { code, reason } }` (falconx-go
 * `clients/datatype.go` `FalconXError`).
 *
 * @example
 * FxFailure.is({ status: 'failure', error: { code: 'QUOTE_EXPIRED', reason: 'Quote expired' } }) // true
 */
export const FxFailure = t.type({
  status: t.literal('failure'),
  error: t.partial({ code: t.string, reason: t.string }),
})

/**
 * A non-fatal warning next to an answer (falconx-go `FalconXWarning`).
 *
 * @example
 * FxWarning.is({ code: 'SLIPPAGE', message: 'price moved', side: 'buy' }) // true
 */
export const FxWarning = t.partial({ code: t.string, message: t.string, side: t.string })

/**
 * A quote: `POST /v1/quotes`, its execution (`POST /v1/quotes/execute`), its status
 * (`GET /v1/quotes/{id}`), an executed quote (`GET /v1/quotes`) and an order (`POST /v1/order`) are
 * all this object, with more fields filled in as it goes.
 *
 * @example
 * const quote: FxQuote = decode(FxQuote, body, 'POST /v1/quotes', 'falconx')
 */
export const FxQuote = t.intersection([
  t.type({
    fx_quote_id: t.string,
    token_pair: FxPair,
    quantity_requested: FxQuantity,
    side_requested: FxSide,
    t_quote: IsoTimestamp,
    t_expiry: IsoTimestamp,
    is_filled: t.boolean,
  }),
  t.partial({
    status: t.string,
    buy_price: nullable(FxDecimal),
    sell_price: nullable(FxDecimal),
    side_executed: nullable(FxSide),
    price_executed: nullable(FxDecimal),
    t_execute: nullable(IsoTimestamp),
    client_order_id: nullable(t.string),
    order_type: nullable(t.string),
    time_in_force: nullable(t.string),
    limit_price: nullable(FxDecimal),
    fee_usd: nullable(FxDecimal),
    warnings: nullable(t.array(FxWarning)),
  }),
])
export type FxQuote = t.TypeOf<typeof FxQuote>

/**
 * Executed quotes of a time range (`GET /v1/quotes?t_start&t_end`).
 *
 * @example
 * decode(FxQuotes, body, 'GET /v1/quotes', 'falconx').filter((q) => q.is_filled)
 */
export const FxQuotes = t.array(FxQuote)

/**
 * One token's balance on one platform (`GET /v1/balances`); it may be negative (credit).
 *
 * @example
 * FxBalance.decode({ balance: '187.624207', token: 'USD', platform: 'api' })
 */
export const FxBalance = t.intersection([
  t.type({ balance: FxDecimal, token: t.string }),
  t.partial({ platform: nullable(t.string) }),
])

/**
 * The balances.
 *
 * @example
 * decode(FxBalances, body, 'GET /v1/balances', 'falconx').map((b) => b.token)
 */
export const FxBalances = t.array(FxBalance)
