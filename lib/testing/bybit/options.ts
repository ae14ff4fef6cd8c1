/** Options of the Bybit simulator, their defaults, and the markets they resolve to. */
import type { Decimal, DecimalLike } from '../../core/decimal.js'
import type { VenueError } from '../../core/errors.js'
import {
  limitsOf,
  listing,
  positiveOf,
  resolveVenueOptions,
  VENUE_SIMULATOR_OPTION_NAMES,
  USDT_BALANCES,
  type ListedInstrumentOptions,
  type ResolvedVenueOptions,
  type SimMarket,
  type SimulatorOptionNames,
  type VenueSimulatorOptions,
} from '../kit/options.js'

/**
 * A spot pair the simulator lists, with Bybit's lot-size filter; Bybit's own symbol is the two coins
 * joined (`BTCUSDT`).
 *
 * @example
 * const sol: BybitInstrumentOptions = { symbol: 'SOL/USDT', tickSize: '0.01', basePrecision: '0.001', startPrice: '150' }
 * startSimulator({ venues: ['bybit'], bybit: { instruments: [...DEFAULT_BYBIT_INSTRUMENTS, sol] } })
 */
export interface BybitInstrumentOptions extends ListedInstrumentOptions {
  /** `priceFilter.tickSize`. */
  readonly tickSize: DecimalLike
  /** `lotSizeFilter.basePrecision`: the quantity step. */
  readonly basePrecision: DecimalLike
  /** `lotSizeFilter.quotePrecision`: the step of a quote amount (market buys by value). Default 1e-8. */
  readonly quotePrecision?: DecimalLike | undefined
  /** `lotSizeFilter.minOrderQty`. Default one `basePrecision`. */
  readonly minOrderQty?: DecimalLike | undefined
  /** `lotSizeFilter.minOrderAmt`: smallest order value in quote coin. Default 5. */
  readonly minOrderAmt?: DecimalLike | undefined
  /** `lotSizeFilter.maxLimitOrderQty`. Default 1 000 000 000 steps. */
  readonly maxLimitOrderQty?: DecimalLike | undefined
  /** `lotSizeFilter.maxMarketOrderQty`. Default half of `maxLimitOrderQty`. */
  readonly maxMarketOrderQty?: DecimalLike | undefined
}

/**
 * Requests allowed per second per endpoint for the account (Bybit's per-UID limits). Lower them to
 * test how a client behaves at its limit without sending hundreds of requests.
 *
 * @example
 * const limits: Partial<BybitRateLimits> = { create: 2 } // the third order in a second gets retCode 10006
 * startSimulator({ venues: ['bybit'], bybit: { rateLimits: limits } })
 */
export interface BybitRateLimits {
  /** `POST /v5/order/create`. */
  readonly create: number
  /** `POST /v5/order/amend`. */
  readonly amend: number
  /** `POST /v5/order/cancel`. */
  readonly cancel: number
  /** `POST /v5/order/cancel-all`. */
  readonly cancelAll: number
  /** Each private GET endpoint (orders, history, executions, wallet). */
  readonly query: number
  /** Requests per IP in any 5 s, public and private together; beyond it HTTP 403. */
  readonly ipPer5s: number
}

/**
 * Options of the Bybit simulator: the ones every simulated venue takes, Bybit's instruments and its
 * rate limits. Every field has a default.
 *
 * @example
 * const sim = await startSimulator({ venues: ['bybit'], bybit: { seed: 7, balances: { USDT: '500' }, tickMs: 50 } })
 */
export interface BybitSimulatorOptions extends VenueSimulatorOptions {
  /** Default: BTC/USDT and ETH/USDT with Bybit's published filters. */
  readonly instruments?: readonly BybitInstrumentOptions[] | undefined
  /** Per-endpoint limits; the ones left out stay at {@link DEFAULT_BYBIT_RATE_LIMITS}. */
  readonly rateLimits?: Partial<BybitRateLimits> | undefined
}

/**
 * Every option of {@link BybitSimulatorOptions}: the simulator refuses any other.
 *
 * @example
 * Object.hasOwn(BYBIT_SIMULATOR_OPTION_NAMES, 'rateLimits') // true
 */
export const BYBIT_SIMULATOR_OPTION_NAMES: SimulatorOptionNames<BybitSimulatorOptions> = {
  ...VENUE_SIMULATOR_OPTION_NAMES,
  instruments: true,
  rateLimits: true,
}

/**
 * The defaults of {@link BybitSimulatorOptions.instruments}: Bybit's published spot filters.
 *
 * @example
 * startSimulator({ venues: ['bybit'], bybit: { instruments: [DEFAULT_BYBIT_INSTRUMENTS[0]!] } })
 */
export const DEFAULT_BYBIT_INSTRUMENTS: readonly BybitInstrumentOptions[] = [
  {
    symbol: 'BTC/USDT',
    tickSize: '0.1',
    basePrecision: '0.000001',
    quotePrecision: '0.0000001',
    minOrderQty: '0.000011',
    minOrderAmt: '5',
    maxLimitOrderQty: '83',
    maxMarketOrderQty: '41.5',
    startPrice: '65000',
    maxLevelSize: '2',
  },
  {
    symbol: 'ETH/USDT',
    tickSize: '0.01',
    basePrecision: '0.00001',
    quotePrecision: '0.0000001',
    minOrderQty: '0.00062',
    minOrderAmt: '5',
    maxLimitOrderQty: '1229.2336343',
    maxMarketOrderQty: '614.6168171',
    startPrice: '3500',
    maxLevelSize: '40',
  },
]

/**
 * The defaults of {@link BybitSimulatorOptions.balances}.
 *
 * @example
 * startSimulator({ venues: ['bybit'], bybit: { balances: { ...DEFAULT_BYBIT_BALANCES, USDC: '500' } } })
 */
export const DEFAULT_BYBIT_BALANCES: Readonly<Record<string, DecimalLike>> = USDT_BALANCES

/**
 * Bybit's default per-second limits for spot trading and a query default.
 *
 * @example
 * startSimulator({ venues: ['bybit'], bybit: { rateLimits: { create: 2 } } }) // the others stay as here
 */
export const DEFAULT_BYBIT_RATE_LIMITS: BybitRateLimits = {
  create: 20,
  amend: 20,
  cancel: 20,
  cancelAll: 20,
  query: 50,
  ipPer5s: 600,
}

/** One listed pair with everything the wire needs. */
export interface BybitMarket extends SimMarket {
  readonly basePrecision: Decimal
  readonly quotePrecision: Decimal
  readonly minOrderQty: Decimal
  readonly minOrderAmt: Decimal
  readonly maxLimitOrderQty: Decimal
  readonly maxMarketOrderQty: Decimal
  /** Decimal places of prices, quantities and quote amounts on the wire. */
  readonly priceDp: number
  readonly qtyDp: number
  readonly quoteDp: number
}

/** Options with every default filled in and every value checked. */
export interface ResolvedBybitOptions extends ResolvedVenueOptions<BybitMarket> {
  readonly rateLimits: BybitRateLimits
}

/** Fills in defaults and checks options: VenueError `invalid-request` for a bad option. */
export function resolveBybitOptions(options: BybitSimulatorOptions): ResolvedBybitOptions {
  return {
    ...resolveVenueOptions('bybit', options, {
      optionNames: BYBIT_SIMULATOR_OPTION_NAMES,
      instruments: DEFAULT_BYBIT_INSTRUMENTS,
      balances: DEFAULT_BYBIT_BALANCES,
      apiKey: (tag) => `simKey${tag.padStart(12, '0')}`,
      secret: (tag) => `simSecret${tag.padStart(27, '0')}`,
      market: toMarket,
    }),
    rateLimits: limitsOf('bybit', 'rate limit', DEFAULT_BYBIT_RATE_LIMITS, options.rateLimits),
  }
}

function toMarket(spec: BybitInstrumentOptions, seed: number, bad: (m: string) => VenueError): BybitMarket {
  const positive = positiveOf(spec.symbol, bad)
  const basePrecision = positive(spec.basePrecision, 'basePrecision')
  const quotePrecision = positive(spec.quotePrecision ?? '0.00000001', 'quotePrecision')
  const minOrderQty = positive(spec.minOrderQty ?? basePrecision, 'minOrderQty')
  const minOrderAmt = positive(spec.minOrderAmt ?? '5', 'minOrderAmt')
  const maxLimitOrderQty = positive(spec.maxLimitOrderQty ?? basePrecision.mul(1e9), 'maxLimitOrderQty')
  const maxMarketOrderQty = positive(spec.maxMarketOrderQty ?? maxLimitOrderQty.div(2), 'maxMarketOrderQty')
  const sizes = { lotSize: basePrecision, minSize: minOrderQty, maxSize: maxLimitOrderQty }
  const naming = { venueSymbol: (base: string, quote: string) => base + quote, seriesName: spec.symbol }
  const listed = listing('bybit', seed, { ...spec, ...sizes, minNotional: minOrderAmt }, naming, bad)
  return {
    ...listed,
    basePrecision,
    quotePrecision,
    minOrderQty,
    minOrderAmt,
    maxLimitOrderQty,
    maxMarketOrderQty,
    priceDp: listed.tickSize.decimalPlaces(),
    qtyDp: basePrecision.decimalPlaces(),
    quoteDp: quotePrecision.decimalPlaces(),
  }
}
