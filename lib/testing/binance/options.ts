/** Options of the Binance simulator, their defaults, and the markets they resolve to. */
import type { KeyObject } from 'node:crypto'
import type { Decimal, DecimalLike } from '../../core/decimal.js'
import type { VenueError } from '../../core/errors.js'
import {
  invalidOption,
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
import { publicKeyOf } from '../kit/signatures.js'

/**
 * A spot pair the simulator lists, with Binance's PRICE_FILTER, LOT_SIZE and NOTIONAL filters;
 * Binance's own symbol is the two assets joined (`BTCUSDT`).
 *
 * @example
 * const sol: BinanceInstrumentOptions = { symbol: 'SOL/USDT', tickSize: '0.01', stepSize: '0.001', startPrice: '150' }
 * startSimulator({ venues: ['binance'], binance: { instruments: [...DEFAULT_BINANCE_INSTRUMENTS, sol] } })
 */
export interface BinanceInstrumentOptions extends ListedInstrumentOptions {
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
 * Options of the Binance simulator: the ones every simulated venue takes, Binance's instruments, its
 * limits and stream rules, and an optional Ed25519 key. Every field has a default.
 *
 * @example
 * const sim = await startSimulator({ venues: ['binance'], binance: { seed: 7, fees: { maker: '0', taker: '0.001' } } })
 */
export interface BinanceSimulatorOptions extends VenueSimulatorOptions {
  /**
   * An Ed25519 public key (PEM or KeyObject). When given, the account's key is an Ed25519 key: requests
   * are signed with base64 Ed25519 signatures instead of HMAC.
   */
  readonly ed25519PublicKey?: string | KeyObject | undefined
  /** Default: BTC/USDT and ETH/USDT. */
  readonly instruments?: readonly BinanceInstrumentOptions[] | undefined
  /** Request and order limits; the ones left out stay at {@link DEFAULT_BINANCE_RATE_LIMITS}. */
  readonly rateLimits?: Partial<BinanceRateLimits> | undefined
  /** Market-stream rules; the ones left out stay at {@link DEFAULT_BINANCE_STREAM_LIMITS}. */
  readonly streams?: Partial<BinanceStreamLimits> | undefined
}

/**
 * Every option of {@link BinanceSimulatorOptions}: the simulator refuses any other.
 *
 * @example
 * Object.hasOwn(BINANCE_SIMULATOR_OPTION_NAMES, 'streams') // true
 */
export const BINANCE_SIMULATOR_OPTION_NAMES: SimulatorOptionNames<BinanceSimulatorOptions> = {
  ...VENUE_SIMULATOR_OPTION_NAMES,
  ed25519PublicKey: true,
  instruments: true,
  rateLimits: true,
  streams: true,
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
export const DEFAULT_BINANCE_BALANCES: Readonly<Record<string, DecimalLike>> = USDT_BALANCES

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

export interface BinanceMarket extends SimMarket {
  /** `btcusdt`, as stream names spell it. */
  readonly streamSymbol: string
  readonly stepSize: Decimal
  readonly minQty: Decimal
  readonly maxQty: Decimal
  readonly marketMaxQty: Decimal
  readonly minNotional: Decimal
  readonly maxNotional: Decimal
}

export interface ResolvedBinanceOptions extends ResolvedVenueOptions<BinanceMarket> {
  readonly ed25519PublicKey: KeyObject | undefined
  readonly rateLimits: BinanceRateLimits
  readonly streams: BinanceStreamLimits
}

/** Fills in defaults and checks options; `invalid-request` for a bad one. */
export function resolveBinanceOptions(options: BinanceSimulatorOptions): ResolvedBinanceOptions {
  const resolved = resolveVenueOptions('binance', options, {
    optionNames: BINANCE_SIMULATOR_OPTION_NAMES,
    instruments: DEFAULT_BINANCE_INSTRUMENTS,
    balances: DEFAULT_BINANCE_BALANCES,
    apiKey: (tag) => `simBinanceKey${tag}`.padEnd(64, '0'),
    secret: (tag) => `simBinanceSecret${tag}`.padEnd(64, 'x'),
    market: toMarket,
  })
  const key = options.ed25519PublicKey
  const ed25519PublicKey =
    key === undefined ? undefined : publicKeyOf(key, 'ed25519', invalidOption('binance'), 'ed25519PublicKey')
  return {
    ...resolved,
    ed25519PublicKey,
    rateLimits: limitsOf('binance', 'rate limit', DEFAULT_BINANCE_RATE_LIMITS, options.rateLimits),
    streams: limitsOf('binance', 'stream limit', DEFAULT_BINANCE_STREAM_LIMITS, options.streams),
  }
}

function toMarket(
  spec: BinanceInstrumentOptions,
  seed: number,
  bad: (m: string) => VenueError,
): BinanceMarket {
  const positive = positiveOf(spec.symbol, bad)
  const stepSize = positive(spec.stepSize, 'stepSize')
  const minQty = positive(spec.minQty ?? stepSize, 'minQty')
  const maxQty = positive(spec.maxQty ?? stepSize.mul(9e6), 'maxQty')
  const marketMaxQty = positive(spec.marketMaxQty ?? maxQty, 'marketMaxQty')
  const minNotional = positive(spec.minNotional ?? '5', 'minNotional')
  const maxNotional = positive(spec.maxNotional ?? '9000000', 'maxNotional')
  const listed = listing(
    'binance',
    seed,
    { ...spec, lotSize: stepSize, minSize: minQty, maxSize: maxQty, minNotional },
    { venueSymbol: (base, quote) => `${base}${quote}`, seriesName: `binance:${spec.symbol}` },
    bad,
  )
  const streamSymbol = listed.venueSymbol.toLowerCase()
  return { ...listed, streamSymbol, stepSize, minQty, maxQty, marketMaxQty, minNotional, maxNotional }
}
