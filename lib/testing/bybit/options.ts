/**
 * Options of the Bybit simulator, their defaults, and the markets they resolve to.
 */
import { isMultipleOf, toDecimal, type Decimal, type DecimalLike } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Instrument, UnifiedSymbol } from '../../core/model.js'
import { CandleSeries } from '../../sim/candle-series.js'
import type { MarketConfig } from '../../sim/exchange.js'
import { DEFAULT_TICK_MS } from '../../sim/random-walk.js'

/**
 * A spot pair the simulator lists, with Bybit's lot-size filter.
 *
 * @example
 * const sol: BybitInstrumentOptions = { symbol: 'SOL/USDT', tickSize: '0.01', basePrecision: '0.001', startPrice: '150' }
 * startSimulator({ venues: ['bybit'], bybit: { instruments: [...DEFAULT_BYBIT_INSTRUMENTS, sol] } })
 */
export interface BybitInstrumentOptions {
  /** Unified symbol, `BTC/USDT`; Bybit's own is the two coins joined (`BTCUSDT`). */
  readonly symbol: UnifiedSymbol
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
  /** Where the random book starts (its best ask) and the candle history wanders. Default 10 000 ticks. */
  readonly startPrice?: DecimalLike | undefined
  /** Largest size of one random book level. Default 1 000 steps. */
  readonly maxLevelSize?: DecimalLike | undefined
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
 * Options of the Bybit simulator. Every field has a default.
 *
 * @example
 * const sim = await startSimulator({ venues: ['bybit'], bybit: { seed: 7, balances: { USDT: '500' }, tickMs: 50 } })
 */
export interface BybitSimulatorOptions {
  /** Seed of the random book, ids and candle history. Default 1. */
  readonly seed?: number | undefined
  /**
   * Seed of the reference price the random books quote around (one walk per symbol); venues with the
   * same one move together and cross each other only rarely. Default `seed`; {@link startSimulator}
   * gives all its venues its own `seed`.
   */
  readonly referenceSeed?: number | undefined
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string | undefined
  /** Port of the HTTP and WebSocket server. Default 0: a free port. */
  readonly port?: number | undefined
  /** The account's API key. Default derived from the seed. */
  readonly apiKey?: string | undefined
  /** The account's HMAC secret. Default derived from the seed. */
  readonly secret?: string | undefined
  /** Default: BTC/USDT and ETH/USDT with Bybit's published filters. */
  readonly instruments?: readonly BybitInstrumentOptions[] | undefined
  /** Starting free balances per coin. Default `{ USDT: 100 000, BTC: 1, ETH: 10 }`. */
  readonly balances?: Readonly<Record<string, DecimalLike>> | undefined
  /** Fee rates as fractions of what is received (Bybit spot: buy fees in base, sell fees in quote). Default 0.001 each. */
  readonly fees?:
    { readonly maker?: DecimalLike | undefined; readonly taker?: DecimalLike | undefined } | undefined
  /** Levels per side the random book aims for (it holds about half to one and a half times as many). Default 100. */
  readonly levels?: number | undefined
  /**
   * Every `tickMs` ms, every listed market takes one random step, as a live venue moves whether anyone
   * watches or not. `'manual'`: the market moves only when told (`step`, `push`, `trade`), for tests
   * that compare exact books. Default 100.
   */
  readonly tickMs?: number | 'manual' | undefined
  /** Per-endpoint limits; the ones left out stay at {@link DEFAULT_BYBIT_RATE_LIMITS}. */
  readonly rateLimits?: Partial<BybitRateLimits> | undefined
  /** How far back candle history goes from the simulator's now. Default 30 days. */
  readonly klineHistoryMs?: number | undefined
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
export const DEFAULT_BYBIT_BALANCES: Readonly<Record<string, DecimalLike>> = {
  USDT: '100000',
  BTC: '1',
  ETH: '10',
}

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

/**
 * One listed pair with everything the wire needs.
 *
 * @example
 * const m: BybitMarket = ctx.market('BTCUSDT')
 * levelText(m, price, size) // prices and sizes at the market's precision
 */
export interface BybitMarket {
  readonly instrument: Instrument
  readonly venueSymbol: string
  readonly tickSize: Decimal
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
  readonly config: MarketConfig
  readonly series: CandleSeries
}

/**
 * Options with every default filled in and every value checked.
 *
 * @example
 * resolveBybitOptions({ seed: 7 }).markets.get('BTC/USDT')?.venueSymbol // 'BTCUSDT'
 */
export interface ResolvedBybitOptions {
  readonly seed: number
  readonly referenceSeed: number
  readonly host: string
  readonly port: number
  readonly apiKey: string
  readonly secret: string
  readonly markets: ReadonlyMap<UnifiedSymbol, BybitMarket>
  /** The same markets by Bybit symbol (`BTCUSDT`). */
  readonly byVenueSymbol: ReadonlyMap<string, BybitMarket>
  readonly balances: Readonly<Record<string, DecimalLike>>
  readonly makerFee: Decimal
  readonly takerFee: Decimal
  readonly levels: number
  /** `undefined`: manual stepping. */
  readonly tickMs: number | undefined
  readonly rateLimits: BybitRateLimits
  readonly klineHistoryMs: number
}

/**
 * Fills in defaults and checks options.
 *
 * @throws VenueError `invalid-request` for a bad option.
 * @example
 * resolveBybitOptions({ seed: 42 }).markets.get('BTC/USDT')?.venueSymbol // 'BTCUSDT'
 */
export function resolveBybitOptions(options: BybitSimulatorOptions): ResolvedBybitOptions {
  const bad = (message: string) => new VenueError({ kind: 'invalid-request', venue: 'bybit', message })
  const seed = options.seed ?? 1
  if (!Number.isInteger(seed)) throw bad(`seed must be an integer, got ${seed}`)
  const markets = new Map<UnifiedSymbol, BybitMarket>()
  const byVenueSymbol = new Map<string, BybitMarket>()
  for (const spec of options.instruments ?? DEFAULT_BYBIT_INSTRUMENTS) {
    const market = toMarket(seed, spec, bad)
    if (markets.has(market.instrument.symbol)) throw bad(`instrument ${spec.symbol} is listed twice`)
    markets.set(market.instrument.symbol, market)
    byVenueSymbol.set(market.venueSymbol, market)
  }
  const fee = (v: DecimalLike | undefined, name: string) => {
    const d = toDecimal(v ?? '0.001')
    if (!d.isFinite() || d.lt(0) || d.gte(1)) throw bad(`${name} fee must be in [0, 1), got ${d.toString()}`)
    return d
  }
  const balances = options.balances ?? DEFAULT_BYBIT_BALANCES
  for (const [coin, amount] of Object.entries(balances)) {
    const v = toDecimal(amount)
    if (!v.isFinite() || v.lt(0)) throw bad(`balance of ${coin} must be >= 0, got ${v.toString()}`)
  }
  const levels = options.levels ?? 100
  if (!Number.isInteger(levels) || levels < 2) throw bad(`levels must be an integer >= 2, got ${levels}`)
  const referenceSeed = options.referenceSeed ?? seed
  if (!Number.isInteger(referenceSeed)) throw bad(`referenceSeed must be an integer, got ${referenceSeed}`)
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS
  if (tickMs !== 'manual' && !(tickMs > 0)) throw bad(`tickMs must be > 0 or 'manual', got ${String(tickMs)}`)
  const rateLimits = { ...DEFAULT_BYBIT_RATE_LIMITS, ...options.rateLimits }
  for (const [name, n] of Object.entries(rateLimits)) {
    if (!Number.isInteger(n) || n < 1) throw bad(`rate limit ${name} must be an integer >= 1, got ${n}`)
  }
  const klineHistoryMs = options.klineHistoryMs ?? 30 * 24 * 60 * 60 * 1000
  if (!(klineHistoryMs > 0)) throw bad(`klineHistoryMs must be > 0, got ${klineHistoryMs}`)
  return {
    seed,
    referenceSeed,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    apiKey: options.apiKey ?? `simKey${(seed >>> 0).toString(36).padStart(12, '0')}`,
    secret: options.secret ?? `simSecret${(seed >>> 0).toString(36).padStart(27, '0')}`,
    markets,
    byVenueSymbol,
    balances,
    makerFee: fee(options.fees?.maker, 'maker'),
    takerFee: fee(options.fees?.taker, 'taker'),
    levels,
    tickMs: tickMs === 'manual' ? undefined : tickMs,
    rateLimits,
    klineHistoryMs,
  }
}

function toMarket(seed: number, spec: BybitInstrumentOptions, bad: (m: string) => VenueError): BybitMarket {
  const [base, quote, extra] = spec.symbol.split('/')
  if (!base || !quote || extra !== undefined) throw bad(`bad instrument symbol ${spec.symbol}`)
  const positive = (v: DecimalLike, name: string) => {
    const d = toDecimal(v)
    if (!d.isFinite() || !d.gt(0)) throw bad(`${spec.symbol}: ${name} must be > 0, got ${d.toString()}`)
    return d
  }
  const tickSize = positive(spec.tickSize, 'tickSize')
  const basePrecision = positive(spec.basePrecision, 'basePrecision')
  const quotePrecision = positive(spec.quotePrecision ?? '0.00000001', 'quotePrecision')
  const minOrderQty = positive(spec.minOrderQty ?? basePrecision, 'minOrderQty')
  const minOrderAmt = positive(spec.minOrderAmt ?? '5', 'minOrderAmt')
  const maxLimitOrderQty = positive(spec.maxLimitOrderQty ?? basePrecision.mul(1e9), 'maxLimitOrderQty')
  const maxMarketOrderQty = positive(spec.maxMarketOrderQty ?? maxLimitOrderQty.div(2), 'maxMarketOrderQty')
  const startPrice = positive(spec.startPrice ?? tickSize.mul(10_000), 'startPrice')
  const maxLevelSize = positive(spec.maxLevelSize ?? basePrecision.mul(1000), 'maxLevelSize')
  if (!isMultipleOf(startPrice, tickSize)) throw bad(`${spec.symbol}: startPrice is off tick`)
  if (maxLevelSize.lt(basePrecision)) throw bad(`${spec.symbol}: maxLevelSize is below one step`)
  const venueSymbol = `${base}${quote}`
  const instrument: Instrument = {
    venue: 'bybit',
    symbol: spec.symbol,
    venueSymbol,
    base,
    quote,
    tickSize,
    lotSize: basePrecision,
    minSize: minOrderQty,
    maxSize: maxLimitOrderQty,
    minNotional: minOrderAmt,
    status: 'trading',
  }
  const series = new CandleSeries({
    seed,
    name: spec.symbol,
    tickSize,
    lotSize: basePrecision,
    startPrice,
    maxLotsPerMinute: Math.max(1, maxLevelSize.div(basePrecision).floor().toNumber()),
  })
  return {
    instrument,
    venueSymbol,
    tickSize,
    basePrecision,
    quotePrecision,
    minOrderQty,
    minOrderAmt,
    maxLimitOrderQty,
    maxMarketOrderQty,
    priceDp: tickSize.decimalPlaces(),
    qtyDp: basePrecision.decimalPlaces(),
    quoteDp: quotePrecision.decimalPlaces(),
    config: { instrument, startPrice, maxLevelSize, script: [] },
    series,
  }
}
