/**
 * The options every venue simulator takes (seed, reference seed, tick, balances, fees, clock, ...),
 * their defaults and checks, and the listed markets they resolve to; a venue adds its own instrument
 * filters and limits.
 */
import { isMultipleOf, toDecimal, type Decimal, type DecimalLike } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import { checkOptions } from '../../core/option-check.js'
import type { Instrument, UnifiedSymbol, VenueId } from '../../core/model.js'
import { CandleSeries } from '../../sim/candle-series.js'
import type { MarketConfig } from '../../sim/exchange.js'
import { DEFAULT_TICK_MS } from '../../sim/random-walk.js'

/**
 * Options every simulated venue takes. Every field has a default.
 *
 * @example
 * const options: VenueSimulatorOptions = { seed: 7, tickMs: 'manual', balances: { USDT: '500' }, clock: { at: Date.UTC(2024, 0, 1) } }
 * const sim = await startSimulator({ venues: ['bybit'], bybit: options })
 */
export interface VenueSimulatorOptions {
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
  /** Starting free balances per asset. Default `{ USDT: 100 000, BTC: 1, ETH: 10 }`. */
  readonly balances?: Readonly<Record<string, DecimalLike>> | undefined
  /** Fee rates as fractions of what is received. Default 0.001 each. */
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
  /** How far back candle history goes from the simulator's now. Default 30 days. */
  readonly klineHistoryMs?: number | undefined
  /**
   * The simulator's time at start (ms since the epoch): frozen there unless `running`. Default: the
   * machine's clock. Signatures, rate-limit windows and candles use it; `setClock` changes it later.
   */
  readonly clock?: { readonly at: number; readonly running?: boolean | undefined } | undefined
}

/**
 * Every option of a simulator's options type `O`, each `true`: the names its simulator takes. The
 * compiler checks that the list names every option of `O` and nothing else, so an option added to `O`
 * cannot be left out (and then refused as unknown).
 *
 * @example
 * const names: SimulatorOptionNames<BybitSimulatorOptions> = { ...VENUE_SIMULATOR_OPTION_NAMES, instruments: true, rateLimits: true }
 */
export type SimulatorOptionNames<O> = { readonly [K in keyof O]-?: true }

/**
 * The names of {@link VenueSimulatorOptions}, the options every simulated venue takes.
 *
 * @example
 * Object.hasOwn(VENUE_SIMULATOR_OPTION_NAMES, 'clock') // true
 */
export const VENUE_SIMULATOR_OPTION_NAMES: SimulatorOptionNames<VenueSimulatorOptions> = {
  seed: true,
  referenceSeed: true,
  host: true,
  port: true,
  apiKey: true,
  secret: true,
  balances: true,
  fees: true,
  levels: true,
  tickMs: true,
  klineHistoryMs: true,
  clock: true,
}

/**
 * Refuses options that are not an object, or that name an option `names` lacks (one set to
 * `undefined` passes), naming the closest ones: a misspelt option would otherwise be left at its
 * default, silently.
 *
 * @throws VenueError `invalid-request`: `bybit: unknown option clok; did you mean clock?`
 * @example
 * checkSimulatorOptionNames('bybit', { clok: { at: 0 } }, BYBIT_SIMULATOR_OPTION_NAMES) // throws
 */
export function checkSimulatorOptionNames(
  venue: VenueId,
  options: unknown,
  names: Readonly<Record<string, true>>,
): void {
  checkOptions(venue, options, Object.fromEntries(Object.keys(names).map((name) => [name, 'any' as const])), {
    venue,
  })
}

/**
 * What every listed market of a simulator has: the instrument, the venue's symbol, the engine's
 * market and the seeded candle history.
 *
 * @example
 * const m: SimMarket = sim.markets.get('BTC/USDT')
 * m.series.candle(60_000, openTime, now)
 */
export interface SimMarket {
  readonly instrument: Instrument
  /** The venue's name of the pair (`BTCUSDT`, `BTC-USD`). */
  readonly venueSymbol: string
  readonly tickSize: Decimal
  readonly config: MarketConfig
  readonly series: CandleSeries
}

/**
 * {@link VenueSimulatorOptions} with every default filled in and every value checked.
 *
 * @example
 * const resolved: ResolvedVenueOptions<BybitMarket> = resolveVenueOptions('bybit', options, defaults, toMarket)
 * resolved.byVenueSymbol.get('BTCUSDT')?.instrument.symbol // 'BTC/USDT'
 */
export interface ResolvedVenueOptions<M extends SimMarket> {
  readonly seed: number
  readonly referenceSeed: number
  readonly host: string
  readonly port: number
  readonly apiKey: string
  readonly secret: string
  readonly markets: ReadonlyMap<UnifiedSymbol, M>
  /** The same markets by the venue's symbol. */
  readonly byVenueSymbol: ReadonlyMap<string, M>
  readonly balances: Readonly<Record<string, DecimalLike>>
  readonly makerFee: Decimal
  readonly takerFee: Decimal
  readonly levels: number
  /** `undefined`: manual stepping. */
  readonly tickMs: number | undefined
  readonly klineHistoryMs: number
  readonly clock: { readonly at: number; readonly running?: boolean | undefined } | undefined
}

/**
 * A venue's defaults and how it reads one instrument.
 *
 * @example
 * const venue: VenueDefaults<BybitInstrumentOptions, BybitMarket> = {
 *   optionNames: BYBIT_SIMULATOR_OPTION_NAMES,
 *   instruments: DEFAULT_BYBIT_INSTRUMENTS, balances: DEFAULT_BYBIT_BALANCES,
 *   apiKey: (tag) => `simKey${tag}`, secret: (tag) => `simSecret${tag}`, market: toMarket,
 * }
 */
export interface VenueDefaults<S extends { readonly symbol: UnifiedSymbol }, M extends SimMarket> {
  /**
   * Every option the venue's simulator takes (its {@link SimulatorOptionNames}): one it lacks is
   * refused.
   */
  readonly optionNames: Readonly<Record<string, true>>
  readonly instruments: readonly S[]
  readonly balances: Readonly<Record<string, DecimalLike>>
  /** The default key and secret, from the seed written in base 36. */
  apiKey(seedTag: string): string
  secret(seedTag: string): string
  /** One instrument's market; `bad` makes the `invalid-request` error for a bad value. */
  market(spec: S, seed: number, bad: (message: string) => VenueError): M
}

/**
 * Refuses an option the venue lacks (`defaults.optionNames`), fills in defaults and checks the shared
 * options, and lists the markets.
 *
 * @throws VenueError `invalid-request` for an unknown or bad option.
 * @example
 * resolveVenueOptions('bybit', { seed: 42 }, BYBIT_DEFAULTS).markets.get('BTC/USDT')?.venueSymbol // 'BTCUSDT'
 */
export function resolveVenueOptions<S extends { readonly symbol: UnifiedSymbol }, M extends SimMarket>(
  venue: VenueId,
  options: VenueSimulatorOptions & { readonly instruments?: readonly S[] | undefined },
  defaults: VenueDefaults<S, M>,
): ResolvedVenueOptions<M> {
  checkSimulatorOptionNames(venue, options, defaults.optionNames)
  const bad = invalidOption(venue)
  const seed = options.seed ?? 1
  if (!Number.isInteger(seed)) throw bad(`seed must be an integer, got ${seed}`)
  const markets = new Map<UnifiedSymbol, M>()
  const byVenueSymbol = new Map<string, M>()
  for (const spec of options.instruments ?? defaults.instruments) {
    const market = defaults.market(spec, seed, bad)
    if (markets.has(market.instrument.symbol)) throw bad(`instrument ${spec.symbol} is listed twice`)
    markets.set(market.instrument.symbol, market)
    byVenueSymbol.set(market.venueSymbol, market)
  }
  const fee = (v: DecimalLike | undefined, name: string) => {
    const d = toDecimal(v ?? '0.001')
    if (!d.isFinite() || d.lt(0) || d.gte(1)) throw bad(`${name} fee must be in [0, 1), got ${d.toString()}`)
    return d
  }
  const balances = options.balances ?? defaults.balances
  for (const [asset, amount] of Object.entries(balances)) {
    const v = toDecimal(amount)
    if (!v.isFinite() || v.lt(0)) throw bad(`balance of ${asset} must be >= 0, got ${v.toString()}`)
  }
  const levels = options.levels ?? 100
  if (!Number.isInteger(levels) || levels < 2) throw bad(`levels must be an integer >= 2, got ${levels}`)
  const referenceSeed = options.referenceSeed ?? seed
  if (!Number.isInteger(referenceSeed)) throw bad(`referenceSeed must be an integer, got ${referenceSeed}`)
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS
  if (tickMs !== 'manual' && !(tickMs > 0)) throw bad(`tickMs must be > 0 or 'manual', got ${String(tickMs)}`)
  const klineHistoryMs = options.klineHistoryMs ?? 30 * 24 * 60 * 60 * 1000
  if (!(klineHistoryMs > 0)) throw bad(`klineHistoryMs must be > 0, got ${klineHistoryMs}`)
  if (options.clock !== undefined && !Number.isFinite(options.clock.at)) {
    throw bad(`clock.at must be a time in ms, got ${options.clock.at}`)
  }
  const tag = (seed >>> 0).toString(36)
  return {
    seed,
    referenceSeed,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    apiKey: options.apiKey ?? defaults.apiKey(tag),
    secret: options.secret ?? defaults.secret(tag),
    markets,
    byVenueSymbol,
    balances,
    makerFee: fee(options.fees?.maker, 'maker'),
    takerFee: fee(options.fees?.taker, 'taker'),
    levels,
    tickMs: tickMs === 'manual' ? undefined : tickMs,
    klineHistoryMs,
    clock: options.clock,
  }
}

/**
 * Named whole-number limits (rate limits, stream rules): the defaults with the given ones over them,
 * each checked to be an integer >= 1.
 *
 * @throws VenueError `invalid-request` for a limit that is not.
 * @example
 * limitsOf('bybit', 'rate limit', DEFAULT_BYBIT_RATE_LIMITS, { create: 2 }) // { create: 2, amend: 20, ... }
 */
export function limitsOf<L extends Record<keyof L, number>>(
  venue: VenueId,
  what: string,
  defaults: L,
  given: Partial<L> | undefined,
): L {
  const limits = { ...defaults, ...given }
  for (const [name, n] of Object.entries<number>(limits)) {
    if (!Number.isInteger(n) || n < 1)
      throw invalidOption(venue)(`${what} ${name} must be an integer >= 1, got ${n}`)
  }
  return limits
}

/**
 * What every venue's instrument options name: the pair, and how its random market starts.
 *
 * @example
 * const sol: ListedInstrumentOptions = { symbol: 'SOL/USDT', startPrice: '150', maxLevelSize: '500' }
 */
export interface ListedInstrumentOptions {
  /** The unified symbol, `BASE/QUOTE`. */
  readonly symbol: UnifiedSymbol
  /** Where the random book starts (its best ask) and the candle history wanders. Default 10 000 ticks. */
  readonly startPrice?: DecimalLike | undefined
  /** Largest size of one random book level. Default 1 000 lots (quantity steps). */
  readonly maxLevelSize?: DecimalLike | undefined
}

/**
 * The starting balances of a spot venue quoted in USDT: 100 000 USDT, 1 BTC, 10 ETH.
 *
 * @example
 * startSimulator({ venues: ['bybit'], bybit: { balances: { ...USDT_BALANCES, USDC: '500' } } })
 */
export const USDT_BALANCES: Readonly<Record<string, DecimalLike>> = { USDT: '100000', BTC: '1', ETH: '10' }

/**
 * The trading rules of one listed pair, in the engine's terms, as a venue's instrument options give
 * them.
 *
 * @example
 * const rules: ListingRules = { symbol: 'BTC/USDT', tickSize: '0.1', lotSize: '0.000001', minSize: '0.000011', maxSize: '83', minNotional: '5' }
 */
export interface ListingRules extends ListedInstrumentOptions {
  readonly tickSize: DecimalLike
  readonly lotSize: DecimalLike
  /** Default one lot. */
  readonly minSize?: DecimalLike | undefined
  /** Default 1 000 000 000 lots. */
  readonly maxSize?: DecimalLike | undefined
  /** Default 5. */
  readonly minNotional?: DecimalLike | undefined
}

/**
 * The checks a listing's numbers pass: each must be a finite decimal > 0.
 *
 * @example
 * const positive: PositiveCheck = positiveOf('BTC/USDT', bad)
 * positive('0.1', 'tickSize') // Decimal 0.1
 */
export type PositiveCheck = (value: DecimalLike, name: string) => Decimal

/**
 * A check of one listing's numbers, with the listing in its errors.
 *
 * @example
 * positiveOf('BTC/USDT', bad)('0', 'tickSize') // throws "BTC/USDT: tickSize must be > 0, got 0"
 */
export function positiveOf(symbol: string, bad: (message: string) => VenueError): PositiveCheck {
  return (value, name) => {
    const d = toDecimal(value)
    if (!d.isFinite() || !d.gt(0)) throw bad(`${symbol}: ${name} must be > 0, got ${d.toString()}`)
    return d
  }
}

/**
 * One listed pair: its instrument, the venue's symbol, the engine's market and its candle history
 * (named `seriesName`, so two venues' histories differ).
 *
 * @throws VenueError `invalid-request` for a bad symbol or value.
 * @example
 * const m = listing('bybit', 42, rules, { venueSymbol: (b, q) => `${b}${q}`, seriesName: 'BTC/USDT' }, bad)
 * m.instrument.lotSize // Decimal 0.000001
 */
export function listing(
  venue: VenueId,
  seed: number,
  rules: ListingRules,
  naming: { venueSymbol(base: string, quote: string): string; readonly seriesName: string },
  bad: (message: string) => VenueError,
): SimMarket & {
  readonly instrument: Instrument & { readonly minSize: Decimal; readonly maxSize: Decimal }
} {
  const [base, quote, extra] = rules.symbol.split('/')
  if (!base || !quote || extra !== undefined) throw bad(`bad instrument symbol ${rules.symbol}`)
  const positive = positiveOf(rules.symbol, bad)
  const tickSize = positive(rules.tickSize, 'tickSize')
  const lotSize = positive(rules.lotSize, 'lotSize')
  const minSize = positive(rules.minSize ?? lotSize, 'minSize')
  const maxSize = positive(rules.maxSize ?? lotSize.mul(1e9), 'maxSize')
  const minNotional = positive(rules.minNotional ?? '5', 'minNotional')
  const startPrice = positive(rules.startPrice ?? tickSize.mul(10_000), 'startPrice')
  const maxLevelSize = positive(rules.maxLevelSize ?? lotSize.mul(1000), 'maxLevelSize')
  if (!isMultipleOf(startPrice, tickSize)) throw bad(`${rules.symbol}: startPrice is off tick`)
  if (maxLevelSize.lt(lotSize)) throw bad(`${rules.symbol}: maxLevelSize is below one step`)
  const venueSymbol = naming.venueSymbol(base, quote)
  const instrument = {
    venue,
    symbol: rules.symbol,
    venueSymbol,
    base,
    quote,
    tickSize,
    lotSize,
    minSize,
    maxSize,
    minNotional,
    status: 'trading' as const,
  }
  const series = new CandleSeries({
    seed,
    name: naming.seriesName,
    tickSize,
    lotSize,
    startPrice,
    maxLotsPerMinute: Math.max(1, maxLevelSize.div(lotSize).floor().toNumber()),
  })
  return {
    instrument,
    venueSymbol,
    tickSize,
    config: { instrument, startPrice, maxLevelSize, script: [] },
    series,
  }
}

/**
 * The maker of a venue's `invalid-request` errors for bad options.
 *
 * @example
 * throw invalidOption('bybit')('levels must be an integer >= 2, got 1')
 */
export function invalidOption(venue: VenueId): (message: string) => VenueError {
  return (message) => new VenueError({ kind: 'invalid-request', venue, message })
}
