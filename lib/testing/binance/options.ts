/**
 * Options of the Binance simulator, their defaults, and the markets they resolve to.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { isMultipleOf, toDecimal, type Decimal, type DecimalLike } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type { Instrument, UnifiedSymbol } from '../../core/model.js'
import { CandleSeries } from '../../sim/candle-series.js'
import type { MarketConfig } from '../../sim/exchange.js'
import { DEFAULT_TICK_MS } from '../../sim/random-walk.js'

/**
 * A spot pair the simulator lists, with Binance's PRICE_FILTER, LOT_SIZE and NOTIONAL filters.
 *
 * @example
 * const sol: BinanceInstrumentOptions = { symbol: 'SOL/USDT', tickSize: '0.01', stepSize: '0.001', startPrice: '150' }
 * startSimulator({ venues: ['binance'], binance: { instruments: [...DEFAULT_BINANCE_INSTRUMENTS, sol] } })
 */
export interface BinanceInstrumentOptions {
  /** Unified symbol, `BTC/USDT`; Binance's own is the two assets joined (`BTCUSDT`). */
  readonly symbol: UnifiedSymbol
  /** `PRICE_FILTER.tickSize`. */
  readonly tickSize: DecimalLike
  /** `LOT_SIZE.stepSize`. */
  readonly stepSize: DecimalLike
  /** `LOT_SIZE.minQty`. Default one step. */
  readonly minQty?: DecimalLike | undefined
  /** `LOT_SIZE.maxQty`. Default 9 000 000 steps. */
  readonly maxQty?: DecimalLike | undefined
  /** `MARKET_LOT_SIZE.maxQty`. Default `maxQty`. */
  readonly marketMaxQty?: DecimalLike | undefined
  /** `NOTIONAL.minNotional` (also `MIN_NOTIONAL.minNotional`). Default 5. */
  readonly minNotional?: DecimalLike | undefined
  /** `NOTIONAL.maxNotional`. Default 9 000 000. */
  readonly maxNotional?: DecimalLike | undefined
  /** Where the random book starts (its best ask) and the candle history wanders. Default 10 000 ticks. */
  readonly startPrice?: DecimalLike | undefined
  /** Largest size of one random book level. Default 1 000 steps. */
  readonly maxLevelSize?: DecimalLike | undefined
}

/**
 * Binance's limits, as `exchangeInfo.rateLimits` lists them, and how the IP ban works. Lower them to
 * test 429 and 418 handling quickly.
 *
 * @example
 * // past 20 weight a minute: two 429s, then the next over-limit request bans the IP (418) for 2 s
 * startSimulator({ venues: ['binance'], binance: { rateLimits: { requestWeightPerMinute: 20, rejectionsBeforeBan: 2, banMs: 2_000 } } })
 */
export interface BinanceRateLimits {
  /** REQUEST_WEIGHT per minute per IP, REST and WebSocket API together. */
  readonly requestWeightPerMinute: number
  /** ORDERS per 10 s per account. */
  readonly ordersPer10s: number
  /** ORDERS per day per account. */
  readonly ordersPerDay: number
  /** RAW_REQUESTS per 5 minutes per IP. */
  readonly rawRequestsPer5m: number
  /** Requests refused with 429 in one interval before the IP is banned (418). */
  readonly rejectionsBeforeBan: number
  /** How long an IP ban lasts, ms of the simulator's clock. */
  readonly banMs: number
}

/**
 * The market-stream connection rules.
 *
 * @example
 * // a client that never answers pings is dropped after 1 s
 * startSimulator({ venues: ['binance'], binance: { streams: { pingIntervalMs: 500, pongTimeoutMs: 1_000 } } })
 */
export interface BinanceStreamLimits {
  /** Incoming messages (JSON, ping and pong frames) per second before the connection is closed. */
  readonly messagesPerSecond: number
  /** Streams one connection may hold. */
  readonly maxStreamsPerConnection: number
  /** A ping frame is sent every `pingIntervalMs` (real time) on market streams and the WebSocket API. */
  readonly pingIntervalMs: number
  /** A connection that has not answered a ping within `pongTimeoutMs` is closed. */
  readonly pongTimeoutMs: number
}

/**
 * Options of the Binance simulator. Every field has a default.
 *
 * @example
 * const sim = await startSimulator({ venues: ['binance'], binance: { seed: 7, fees: { maker: '0', taker: '0.001' } } })
 */
export interface BinanceSimulatorOptions {
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
  /** The account's API key. Default derived from the seed (64 letters and digits). */
  readonly apiKey?: string | undefined
  /** The account's HMAC secret. Default derived from the seed. */
  readonly secret?: string | undefined
  /**
   * An Ed25519 public key (PEM or KeyObject). When given, the account's key is an Ed25519 key: requests
   * are signed with base64 Ed25519 signatures instead of HMAC.
   */
  readonly ed25519PublicKey?: string | KeyObject | undefined
  /** Default: BTC/USDT and ETH/USDT. */
  readonly instruments?: readonly BinanceInstrumentOptions[] | undefined
  /** Starting free balances per asset. Default `{ USDT: 100 000, BTC: 1, ETH: 10 }`. */
  readonly balances?: Readonly<Record<string, DecimalLike>> | undefined
  /** Commission rates as fractions, taken from what is received. Default 0.001 each. */
  readonly fees?:
    { readonly maker?: DecimalLike | undefined; readonly taker?: DecimalLike | undefined } | undefined
  /** Levels per side the random book aims for. Default 100. */
  readonly levels?: number | undefined
  /**
   * Every `tickMs` ms, every listed market takes one random step, as a live venue moves whether anyone
   * watches or not. `'manual'`: the market moves only when told (`step`, `push`, `trade`), for tests
   * that compare exact books. Default 100.
   */
  readonly tickMs?: number | 'manual' | undefined
  /** Request and order limits; the ones left out stay at {@link DEFAULT_BINANCE_RATE_LIMITS}. */
  readonly rateLimits?: Partial<BinanceRateLimits> | undefined
  /** Market-stream rules; the ones left out stay at {@link DEFAULT_BINANCE_STREAM_LIMITS}. */
  readonly streams?: Partial<BinanceStreamLimits> | undefined
  /** How far back candle history goes from the simulator's now. Default 30 days. */
  readonly klineHistoryMs?: number | undefined
}

/**
 * The defaults of {@link BinanceSimulatorOptions.instruments}.
 *
 * @example
 * startSimulator({ venues: ['binance'], binance: { instruments: [DEFAULT_BINANCE_INSTRUMENTS[0]!] } })
 */
export const DEFAULT_BINANCE_INSTRUMENTS: readonly BinanceInstrumentOptions[] = [
  {
    symbol: 'BTC/USDT',
    tickSize: '0.01',
    stepSize: '0.00001',
    minQty: '0.00001',
    maxQty: '9000',
    marketMaxQty: '120',
    minNotional: '5',
    maxNotional: '9000000',
    startPrice: '65000',
    maxLevelSize: '2',
  },
  {
    symbol: 'ETH/USDT',
    tickSize: '0.01',
    stepSize: '0.0001',
    minQty: '0.0001',
    maxQty: '9000',
    marketMaxQty: '3000',
    minNotional: '5',
    maxNotional: '9000000',
    startPrice: '3500',
    maxLevelSize: '40',
  },
]

/**
 * The defaults of {@link BinanceSimulatorOptions.balances}.
 *
 * @example
 * startSimulator({ venues: ['binance'], binance: { balances: { ...DEFAULT_BINANCE_BALANCES, BNB: '5' } } })
 */
export const DEFAULT_BINANCE_BALANCES: Readonly<Record<string, DecimalLike>> = {
  USDT: '100000',
  BTC: '1',
  ETH: '10',
}

/**
 * Binance's published spot limits.
 *
 * @example
 * startSimulator({ venues: ['binance'], binance: { rateLimits: { requestWeightPerMinute: 100 } } })
 */
export const DEFAULT_BINANCE_RATE_LIMITS: BinanceRateLimits = {
  requestWeightPerMinute: 6000,
  ordersPer10s: 50,
  ordersPerDay: 160_000,
  rawRequestsPer5m: 61_000,
  rejectionsBeforeBan: 3,
  banMs: 120_000,
}

/**
 * Binance's market-stream rules: 5 messages/s, 1024 streams, a ping every 20 s, 1 minute to pong.
 *
 * @example
 * startSimulator({ venues: ['binance'], binance: { streams: { pingIntervalMs: 20, pongTimeoutMs: 50 } } })
 */
export const DEFAULT_BINANCE_STREAM_LIMITS: BinanceStreamLimits = {
  messagesPerSecond: 5,
  maxStreamsPerConnection: 1024,
  pingIntervalMs: 20_000,
  pongTimeoutMs: 60_000,
}

/**
 * One listed pair with everything the wire needs.
 *
 * @example
 * const m: BinanceMarket = ctx.market('BTCUSDT')
 * `${m.streamSymbol}@depth` // 'btcusdt@depth'
 */
export interface BinanceMarket {
  readonly instrument: Instrument
  /** `BTCUSDT` */
  readonly venueSymbol: string
  /** `btcusdt`, as stream names spell it. */
  readonly streamSymbol: string
  readonly tickSize: Decimal
  readonly stepSize: Decimal
  readonly minQty: Decimal
  readonly maxQty: Decimal
  readonly marketMaxQty: Decimal
  readonly minNotional: Decimal
  readonly maxNotional: Decimal
  readonly config: MarketConfig
  readonly series: CandleSeries
}

/**
 * Options with every default filled in and every value checked.
 *
 * @example
 * resolveBinanceOptions({ seed: 7 }).markets.get('BTC/USDT')?.streamSymbol // 'btcusdt'
 */
export interface ResolvedBinanceOptions {
  readonly seed: number
  readonly referenceSeed: number
  readonly host: string
  readonly port: number
  readonly apiKey: string
  readonly secret: string
  readonly ed25519PublicKey: KeyObject | undefined
  readonly markets: ReadonlyMap<UnifiedSymbol, BinanceMarket>
  /** The same markets by Binance symbol (`BTCUSDT`). */
  readonly byVenueSymbol: ReadonlyMap<string, BinanceMarket>
  readonly balances: Readonly<Record<string, DecimalLike>>
  readonly makerFee: Decimal
  readonly takerFee: Decimal
  readonly levels: number
  /** `undefined`: manual stepping. */
  readonly tickMs: number | undefined
  readonly rateLimits: BinanceRateLimits
  readonly streams: BinanceStreamLimits
  readonly klineHistoryMs: number
}

/**
 * Fills in defaults and checks options.
 *
 * @throws VenueError `invalid-request` for a bad option.
 * @example
 * resolveBinanceOptions({ seed: 42 }).markets.get('BTC/USDT')?.venueSymbol // 'BTCUSDT'
 */
export function resolveBinanceOptions(options: BinanceSimulatorOptions): ResolvedBinanceOptions {
  const bad = (message: string) => new VenueError({ kind: 'invalid-request', venue: 'binance', message })
  const seed = options.seed ?? 1
  if (!Number.isInteger(seed)) throw bad(`seed must be an integer, got ${seed}`)
  const markets = new Map<UnifiedSymbol, BinanceMarket>()
  const byVenueSymbol = new Map<string, BinanceMarket>()
  for (const spec of options.instruments ?? DEFAULT_BINANCE_INSTRUMENTS) {
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
  const balances = options.balances ?? DEFAULT_BINANCE_BALANCES
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
  const rateLimits = { ...DEFAULT_BINANCE_RATE_LIMITS, ...options.rateLimits }
  for (const [name, n] of Object.entries(rateLimits)) {
    if (!Number.isInteger(n) || n < 1) throw bad(`rate limit ${name} must be an integer >= 1, got ${n}`)
  }
  const streams = { ...DEFAULT_BINANCE_STREAM_LIMITS, ...options.streams }
  for (const [name, n] of Object.entries(streams)) {
    if (!Number.isInteger(n) || n < 1) throw bad(`stream limit ${name} must be an integer >= 1, got ${n}`)
  }
  const klineHistoryMs = options.klineHistoryMs ?? 30 * 24 * 60 * 60 * 1000
  if (!(klineHistoryMs > 0)) throw bad(`klineHistoryMs must be > 0, got ${klineHistoryMs}`)
  let ed25519PublicKey: KeyObject | undefined
  if (options.ed25519PublicKey !== undefined) {
    const key = options.ed25519PublicKey
    ed25519PublicKey = typeof key === 'string' ? createPublicKey(key) : key
    if (ed25519PublicKey.asymmetricKeyType !== 'ed25519') throw bad('ed25519PublicKey is not an Ed25519 key')
  }
  const tag = (seed >>> 0).toString(36)
  return {
    seed,
    referenceSeed,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    apiKey: options.apiKey ?? `simBinanceKey${tag}`.padEnd(64, '0'),
    secret: options.secret ?? `simBinanceSecret${tag}`.padEnd(64, 'x'),
    ed25519PublicKey,
    markets,
    byVenueSymbol,
    balances,
    makerFee: fee(options.fees?.maker, 'maker'),
    takerFee: fee(options.fees?.taker, 'taker'),
    levels,
    tickMs: tickMs === 'manual' ? undefined : tickMs,
    rateLimits,
    streams,
    klineHistoryMs,
  }
}

function toMarket(
  seed: number,
  spec: BinanceInstrumentOptions,
  bad: (m: string) => VenueError,
): BinanceMarket {
  const [base, quote, extra] = spec.symbol.split('/')
  if (!base || !quote || extra !== undefined) throw bad(`bad instrument symbol ${spec.symbol}`)
  const positive = (v: DecimalLike, name: string) => {
    const d = toDecimal(v)
    if (!d.isFinite() || !d.gt(0)) throw bad(`${spec.symbol}: ${name} must be > 0, got ${d.toString()}`)
    return d
  }
  const tickSize = positive(spec.tickSize, 'tickSize')
  const stepSize = positive(spec.stepSize, 'stepSize')
  const minQty = positive(spec.minQty ?? stepSize, 'minQty')
  const maxQty = positive(spec.maxQty ?? stepSize.mul(9e6), 'maxQty')
  const marketMaxQty = positive(spec.marketMaxQty ?? maxQty, 'marketMaxQty')
  const minNotional = positive(spec.minNotional ?? '5', 'minNotional')
  const maxNotional = positive(spec.maxNotional ?? '9000000', 'maxNotional')
  const startPrice = positive(spec.startPrice ?? tickSize.mul(10_000), 'startPrice')
  const maxLevelSize = positive(spec.maxLevelSize ?? stepSize.mul(1000), 'maxLevelSize')
  if (!isMultipleOf(startPrice, tickSize)) throw bad(`${spec.symbol}: startPrice is off tick`)
  if (maxLevelSize.lt(stepSize)) throw bad(`${spec.symbol}: maxLevelSize is below one step`)
  const venueSymbol = `${base}${quote}`
  const instrument: Instrument = {
    venue: 'binance',
    symbol: spec.symbol,
    venueSymbol,
    base,
    quote,
    tickSize,
    lotSize: stepSize,
    minSize: minQty,
    maxSize: maxQty,
    minNotional,
    status: 'trading',
  }
  const series = new CandleSeries({
    seed,
    name: `binance:${spec.symbol}`,
    tickSize,
    lotSize: stepSize,
    startPrice,
    maxLotsPerMinute: Math.max(1, maxLevelSize.div(stepSize).floor().toNumber()),
  })
  return {
    instrument,
    venueSymbol,
    streamSymbol: venueSymbol.toLowerCase(),
    tickSize,
    stepSize,
    minQty,
    maxQty,
    marketMaxQty,
    minNotional,
    maxNotional,
    config: { instrument, startPrice, maxLevelSize, script: [] },
    series,
  }
}
