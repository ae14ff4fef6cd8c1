/**
 * Options of the mock venue, their defaults, and how a script step is written.
 */
import { asyncScheduler, type SchedulerLike } from 'rxjs'
import { isMultipleOf, toDecimal, type DecimalLike } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Instrument, InstrumentStatus, UnifiedSymbol, VenueId } from '../../core/model.js'
import type { ExchangeOptions, MarketConfig } from '../../sim/exchange.js'
import { checkStep, type BookStep, type StepLevel, type TakerTrade } from '../../sim/step.js'

/**
 * One price level in a script: `[price, size]` or `{ price, size }`; size `0` removes the level.
 *
 * @example
 * const level: MockLevel = ['65000.5', '0.2']
 * mock.push('BTC/USDT', { asks: [level, { price: '65001', size: '0' }] })
 */
export type MockLevel = StepLevel

/**
 * A trade by the rest of the market: a taker order of `size` on `side` that walks the book (resting
 * user orders included), up to `price` when given.
 *
 * @example
 * // someone buys 0.5 BTC, taking asks up to 65 001 and no further
 * const trade: MockTakerTrade = { side: 'buy', size: '0.5', price: '65001' }
 * mock.push('BTC/USDT', { trades: [trade] })
 */
export type MockTakerTrade = TakerTrade

/**
 * One scripted change of the market, applied as one step: `snapshot` replaces the market's own
 * liquidity (resting user orders stay), then `bids` and `asks` set level sizes, then `trades` run.
 * A level that crosses the other side trades against it like a limit order and rests with what is
 * left, so the book never crosses.
 *
 * @example
 * mock.push('BTC/USDT', { asks: [['65000.5', '0.2']], trades: [{ side: 'sell', size: '0.1' }] })
 */
export type MockBookStep = BookStep

/**
 * An instrument of the mock venue, plus how its random market starts.
 *
 * @example
 * const sol: MockInstrumentOptions = { symbol: 'SOL/USDT', tickSize: '0.01', lotSize: '0.01', startPrice: '150' }
 * createMockVenue({ instruments: [...DEFAULT_MOCK_INSTRUMENTS, sol] })
 */
export interface MockInstrumentOptions {
  readonly symbol: UnifiedSymbol
  readonly tickSize: DecimalLike
  readonly lotSize: DecimalLike
  /** Default: one lot. */
  readonly minSize?: DecimalLike | undefined
  /** Default: none. */
  readonly maxSize?: DecimalLike | undefined
  /** Smallest order value in quote currency. Default: none. */
  readonly minNotional?: DecimalLike | undefined
  /** Default `trading`. */
  readonly status?: InstrumentStatus | undefined
  /** Default: the symbol without the slash (`BTCUSDT`). */
  readonly venueSymbol?: string | undefined
  /** Best ask of the random market at start. Default: 10 000 ticks. */
  readonly startPrice?: DecimalLike | undefined
  /** Largest size of one random level. Default: 1 000 lots. */
  readonly maxLevelSize?: DecimalLike | undefined
}

/**
 * Trading fee rates, as fractions of what is received (`'0.001'` = 0.1 %). Default 0.
 *
 * @example
 * createMockVenue({ fees: { maker: '0', taker: '0.001' } satisfies MockFees })
 */
export interface MockFees {
  readonly maker?: DecimalLike | undefined
  readonly taker?: DecimalLike | undefined
}

/**
 * Options of `createMockVenue` (`rxvenue/mock`) and of a client's `venues.mock`. Every default is deterministic: the same options and seed give
 * the same market, so a strategy test is reproducible.
 *
 * @example
 * const mock = createMockVenue({ seed: 7, intervalMs: 50, fees: { taker: '0.001' }, balances: { USDT: '10000' } })
 * // or through a client: createClient({ venues: { mock: { seed: 7 } } })
 */
export interface MockVenueOptions {
  /** The id it reports, so a test can stand a mock in for a named venue. Default `mock`. */
  readonly id?: VenueId | undefined
  /** Seed of the random markets. Default 1. */
  readonly seed?: number | undefined
  /** Drives every timer and timestamp. Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike | undefined
  /** Time between market steps while market data is watched. Default 100 ms. */
  readonly intervalMs?: number | undefined
  /**
   * `random`: a seeded random walk. `scripted`: each symbol's `script` — its first step is the starting
   * book, one more step per interval. Default `scripted` when `script` is given, else `random`.
   */
  readonly mode?: 'random' | 'scripted' | undefined
  /** Scripted steps per symbol. */
  readonly script?: Readonly<Partial<Record<UnifiedSymbol, readonly MockBookStep[]>>> | undefined
  /** Random market: levels per side it keeps around. Default 10. */
  readonly levels?: number | undefined
  /** Random market: level changes per step. Default 3. */
  readonly changesPerStep?: number | undefined
  /** Default: BTC/USDT and ETH/USDT with their usual tick and lot sizes. */
  readonly instruments?: readonly MockInstrumentOptions[] | undefined
  /** Starting free balances per asset. Default `{ USDT: 1 000 000, BTC: 10, ETH: 100 }`. */
  readonly balances?: Readonly<Record<string, DecimalLike>> | undefined
  /** Maker and taker fee rates. Default 0. */
  readonly fees?: MockFees | undefined
  /** Items per page of `candleHistory` and `tradeHistory`. Default 100. */
  readonly historyPageSize?: number | undefined
  /** Public trades kept per symbol for history, candles and 24 h statistics. Default 100 000. */
  readonly historyLimit?: number | undefined
  /** The trading surface's `placementWindowMs`, to stand in for a venue with one. Default: none. */
  readonly placementWindowMs?: number | undefined
}

/**
 * The defaults of {@link MockVenueOptions.instruments}: BTC/USDT from 65 000 and ETH/USDT from 3 500,
 * tick 0.01. Spread them to add an instrument and keep these.
 *
 * @example
 * createMockVenue({ instruments: [...DEFAULT_MOCK_INSTRUMENTS, { symbol: 'SOL/USDT', tickSize: '0.01', lotSize: '0.01' }] })
 */
export const DEFAULT_MOCK_INSTRUMENTS: readonly MockInstrumentOptions[] = [
  {
    symbol: 'BTC/USDT',
    tickSize: '0.01',
    lotSize: '0.00001',
    minSize: '0.00001',
    maxSize: '9000',
    minNotional: '5',
    startPrice: '65000',
    maxLevelSize: '2',
  },
  {
    symbol: 'ETH/USDT',
    tickSize: '0.01',
    lotSize: '0.0001',
    minSize: '0.0001',
    maxSize: '90000',
    minNotional: '5',
    startPrice: '3500',
    maxLevelSize: '40',
  },
]

/**
 * The defaults of {@link MockVenueOptions.balances}: 1 000 000 USDT, 10 BTC, 100 ETH.
 *
 * @example
 * // a poor account, to test an `insufficient-funds` path
 * createMockVenue({ balances: { ...DEFAULT_MOCK_BALANCES, USDT: '100' } })
 */
export const DEFAULT_MOCK_BALANCES: Readonly<Record<string, DecimalLike>> = {
  USDT: '1000000',
  BTC: '10',
  ETH: '100',
}

/**
 * Options with every default filled in and every value checked.
 *
 * @example
 * resolveMockOptions({}).intervalMs // 100
 */
export interface ResolvedMockOptions extends ExchangeOptions {
  readonly scheduler: SchedulerLike
  readonly intervalMs: number
  readonly historyPageSize: number
}

/**
 * Fills in defaults and checks options; a script step that is off tick or lot is refused here,
 * before any market runs.
 *
 * @throws VenueError of kind `invalid-request` for a bad option or script step.
 * @example
 * resolveMockOptions({ script: { 'BTC/USDT': [{ bids: [['1.005', '1']] }] } }) // throws: off tick 0.01
 */
export function resolveMockOptions(options: MockVenueOptions): ResolvedMockOptions {
  const id = options.id ?? 'mock'
  const bad = (message: string) => new VenueError({ kind: 'invalid-request', venue: id, message })
  const positiveInt = (value: number | undefined, fallback: number, name: string, min = 1) => {
    const v = value ?? fallback
    if (!Number.isInteger(v) || v < min) throw bad(`${name} must be an integer >= ${min}, got ${v}`)
    return v
  }
  const markets = new Map<UnifiedSymbol, MarketConfig>()
  for (const spec of options.instruments ?? DEFAULT_MOCK_INSTRUMENTS) {
    const instrument = toInstrument(id, spec)
    if (markets.has(instrument.symbol)) throw bad(`instrument ${instrument.symbol} is listed twice`)
    const script = options.script?.[instrument.symbol] ?? []
    script.forEach((step, i) => checkStep(instrument, step, `script ${instrument.symbol}[${i}]`, bad))
    const startPrice = toDecimal(spec.startPrice ?? instrument.tickSize.mul(10_000))
    const maxLevelSize = toDecimal(spec.maxLevelSize ?? instrument.lotSize.mul(1000))
    if (!startPrice.gt(0) || !isMultipleOf(startPrice, instrument.tickSize)) {
      throw bad(
        `${instrument.symbol}: startPrice ${startPrice.toString()} is not a positive multiple of the tick`,
      )
    }
    if (maxLevelSize.lt(instrument.lotSize)) throw bad(`${instrument.symbol}: maxLevelSize is below one lot`)
    markets.set(instrument.symbol, { instrument, startPrice, maxLevelSize, script })
  }
  for (const symbol of Object.keys(options.script ?? {})) {
    if (!markets.has(symbol as UnifiedSymbol)) throw bad(`script for unknown instrument ${symbol}`)
  }
  const fee = (v: DecimalLike | undefined, name: string) => {
    const d = toDecimal(v ?? 0)
    if (!d.isFinite() || d.lt(0) || d.gte(1)) throw bad(`${name} fee must be in [0, 1), got ${d.toString()}`)
    return d
  }
  const balances = options.balances ?? DEFAULT_MOCK_BALANCES
  for (const [asset, amount] of Object.entries(balances)) {
    const v = toDecimal(amount)
    if (!v.isFinite() || v.lt(0)) throw bad(`balance of ${asset} must be >= 0, got ${v.toString()}`)
  }
  const scheduler = options.scheduler ?? asyncScheduler
  return {
    id,
    seed: options.seed ?? 1,
    scheduler,
    now: () => scheduler.now(),
    intervalMs: positiveInt(options.intervalMs, 100, 'intervalMs'),
    mode: options.mode ?? (options.script ? 'scripted' : 'random'),
    levels: positiveInt(options.levels, 10, 'levels', 2),
    changesPerStep: positiveInt(options.changesPerStep, 3, 'changesPerStep'),
    markets,
    balances,
    makerFee: fee(options.fees?.maker, 'maker'),
    takerFee: fee(options.fees?.taker, 'taker'),
    historyPageSize: positiveInt(options.historyPageSize, 100, 'historyPageSize'),
    historyLimit: positiveInt(options.historyLimit, 100_000, 'historyLimit'),
    postOnlyTaking: 'reject',
  }
}

function toInstrument(venue: VenueId, spec: MockInstrumentOptions): Instrument {
  const [base, quote, extra] = spec.symbol.split('/')
  if (!base || !quote || extra !== undefined) {
    throw new VenueError({ kind: 'invalid-request', venue, message: `bad instrument symbol ${spec.symbol}` })
  }
  const tickSize = toDecimal(spec.tickSize)
  const lotSize = toDecimal(spec.lotSize)
  if (!tickSize.gt(0) || !lotSize.gt(0)) {
    throw new VenueError({
      kind: 'invalid-request',
      venue,
      message: `${spec.symbol}: tick and lot sizes must be > 0`,
    })
  }
  return {
    venue,
    symbol: spec.symbol,
    venueSymbol: spec.venueSymbol ?? `${base}${quote}`,
    base,
    quote,
    tickSize,
    lotSize,
    minSize: toDecimal(spec.minSize ?? lotSize),
    maxSize: spec.maxSize === undefined ? undefined : toDecimal(spec.maxSize),
    minNotional: spec.minNotional === undefined ? undefined : toDecimal(spec.minNotional),
    status: spec.status ?? 'trading',
  }
}
