/**
 * Options of the Coinbase Advanced Trade simulator, their defaults, and the products they resolve to.
 */
import type { Decimal, DecimalLike } from '../../core/decimal.js'
import type { VenueError } from '../../core/errors.js'
import type { UnifiedSymbol } from '../../core/model.js'
import {
  invalidOption,
  limitsOf,
  listing,
  positiveOf,
  resolveVenueOptions,
  VENUE_SIMULATOR_OPTION_NAMES,
  type ListedInstrumentOptions,
  type ResolvedVenueOptions,
  type SimMarket,
  type SimulatorOptionNames,
  type VenueSimulatorOptions,
} from '../kit/options.js'
import { simulatorKey, simulatorKeyPem, type CoinbaseSimKey } from './auth.js'

/**
 * A spot product the simulator lists, with Coinbase's increments and size limits; Coinbase's product
 * id is the two joined by `-` (`BTC-USD`).
 *
 * @example
 * const sol: CoinbaseInstrumentOptions = { symbol: 'SOL/USD', quoteIncrement: '0.01', baseIncrement: '0.001', startPrice: '150' }
 * startSimulator({ venues: ['coinbase'], coinbase: { instruments: [...DEFAULT_COINBASE_INSTRUMENTS, sol] } })
 */
export interface CoinbaseInstrumentOptions extends ListedInstrumentOptions {
  /** `quote_increment`: the price step. */
  readonly quoteIncrement: DecimalLike
  /** `base_increment`: the quantity step. */
  readonly baseIncrement: DecimalLike
  /** `base_min_size`. Default one `baseIncrement`. */
  readonly baseMinSize?: DecimalLike | undefined
  /** `base_max_size`. Default 1 000 000 000 steps. */
  readonly baseMaxSize?: DecimalLike | undefined
  /** `quote_min_size`: the smallest order value. Default 1. */
  readonly quoteMinSize?: DecimalLike | undefined
  /**
   * The reference walk the market follows (see `startSimulator`): default the same pair quoted in USDT,
   * so that `BTC/USD` here moves with `BTC/USDT` on the other simulated venues.
   */
  readonly reference?: string | undefined
}

/**
 * A product listed as another's alias, as Coinbase lists `BTC-USDC` with `alias: "BTC-USD"`: its
 * market data (book, trades, ticker, candles) is the other product's.
 *
 * @example
 * const usdc: CoinbaseAliasOptions = { symbol: 'BTC/USDC', of: 'BTC/USD' }
 */
export interface CoinbaseAliasOptions {
  readonly symbol: UnifiedSymbol
  /** The listed product whose market data it shares. */
  readonly of: UnifiedSymbol
}

/**
 * Limits of the simulated venue. Lower them to test how a client behaves at its limit.
 *
 * @example
 * startSimulator({ venues: ['coinbase'], coinbase: { rateLimits: { publicPerSecond: 2 } } }) // the third request in a second: 429
 */
export interface CoinbaseRateLimits {
  /** Public REST requests per IP in any second; beyond it HTTP 429. */
  readonly publicPerSecond: number
  /** Signed REST requests of the account in any second; beyond it HTTP 429. */
  readonly privatePerSecond: number
}

/**
 * Options of the Coinbase simulator: the ones every simulated venue takes, its products and aliases,
 * its limits and its heartbeats. Every field has a default; `apiKey` is the CDP key's name and
 * `secret` its EC P-256 private key in PEM (default: one drawn from the seed).
 *
 * @example
 * const sim = await startSimulator({ venues: ['coinbase'], coinbase: { seed: 7, heartbeatMs: 200 } })
 */
export interface CoinbaseSimulatorOptions extends VenueSimulatorOptions {
  /** Default: BTC/USD and ETH/USD with Coinbase's published increments. */
  readonly instruments?: readonly CoinbaseInstrumentOptions[] | undefined
  /** Default: BTC/USDC, an alias of BTC/USD (when both are in `instruments`' pairs). */
  readonly aliases?: readonly CoinbaseAliasOptions[] | undefined
  /** The limits left out stay at {@link DEFAULT_COINBASE_RATE_LIMITS}. */
  readonly rateLimits?: Partial<CoinbaseRateLimits> | undefined
  /**
   * How often each connection that subscribed `heartbeats` gets one, in real time. `'manual'`: only
   * when `heartbeat()` is called. Default 1000, or `'manual'` with `tickMs: 'manual'` (a test that
   * moves the market itself also says when the venue speaks).
   */
  readonly heartbeatMs?: number | 'manual' | undefined
}

/**
 * Every option of {@link CoinbaseSimulatorOptions}: the simulator refuses any other.
 *
 * @example
 * Object.hasOwn(COINBASE_SIMULATOR_OPTION_NAMES, 'heartbeatMs') // true
 */
export const COINBASE_SIMULATOR_OPTION_NAMES: SimulatorOptionNames<CoinbaseSimulatorOptions> = {
  ...VENUE_SIMULATOR_OPTION_NAMES,
  instruments: true,
  aliases: true,
  rateLimits: true,
  heartbeatMs: true,
}

/**
 * The defaults of {@link CoinbaseSimulatorOptions.instruments}, with the increments Coinbase lists.
 *
 * @example
 * startSimulator({ venues: ['coinbase'], coinbase: { instruments: [DEFAULT_COINBASE_INSTRUMENTS[0]!] } })
 */
export const DEFAULT_COINBASE_INSTRUMENTS: readonly CoinbaseInstrumentOptions[] = [
  {
    symbol: 'BTC/USD',
    quoteIncrement: '0.01',
    baseIncrement: '0.00000001',
    baseMinSize: '0.00000001',
    baseMaxSize: '3400',
    quoteMinSize: '1',
    startPrice: '65000',
    maxLevelSize: '2',
  },
  {
    symbol: 'ETH/USD',
    quoteIncrement: '0.01',
    baseIncrement: '0.00000001',
    baseMinSize: '0.00000001',
    baseMaxSize: '50000',
    quoteMinSize: '1',
    startPrice: '3500',
    maxLevelSize: '40',
  },
]

/**
 * The defaults of {@link CoinbaseSimulatorOptions.aliases}.
 *
 * @example
 * startSimulator({ venues: ['coinbase'], coinbase: { aliases: [] } }) // no USDC product
 */
export const DEFAULT_COINBASE_ALIASES: readonly CoinbaseAliasOptions[] = [
  { symbol: 'BTC/USDC', of: 'BTC/USD' },
]

/**
 * The defaults of {@link CoinbaseSimulatorOptions.balances}.
 *
 * @example
 * startSimulator({ venues: ['coinbase'], coinbase: { balances: { ...DEFAULT_COINBASE_BALANCES, USDC: '500' } } })
 */
export const DEFAULT_COINBASE_BALANCES: Readonly<Record<string, DecimalLike>> = {
  USD: '100000',
  BTC: '1',
  ETH: '10',
}

/**
 * Coinbase's REST limits: 10 public requests a second per IP, 30 private ones per user
 * (https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/rest-api-rate-limits).
 *
 * @example
 * startSimulator({ venues: ['coinbase'], coinbase: { rateLimits: { publicPerSecond: 2 } } })
 */
export const DEFAULT_COINBASE_RATE_LIMITS: CoinbaseRateLimits = { publicPerSecond: 10, privatePerSecond: 30 }

/**
 * One listed product with everything the wire needs.
 *
 * @example
 * const m: CoinbaseMarket = ctx.product('BTC-USD')
 * fixed(price, m.priceDp) // prices at the product's increment
 */
export interface CoinbaseMarket extends SimMarket {
  readonly baseIncrement: Decimal
  readonly baseMinSize: Decimal
  readonly baseMaxSize: Decimal
  readonly quoteMinSize: Decimal
  /** Decimal places of prices and quantities on the wire. */
  readonly priceDp: number
  readonly qtyDp: number
}

/**
 * A product the simulator lists: a market of its own, or an alias of one.
 *
 * @example
 * const p: CoinbaseProduct = ctx.products.get('BTC-USDC') // { id: 'BTC-USDC', market: btcUsd, alias: 'BTC-USD', … }
 */
export interface CoinbaseProduct {
  readonly id: string
  readonly symbol: UnifiedSymbol
  readonly base: string
  readonly quote: string
  /** The market whose book, trades and candles it serves. */
  readonly market: CoinbaseMarket
  /** The product id of that market when this one is an alias of it, else `''`. */
  readonly alias: string
}

/**
 * Options with every default filled in and every value checked.
 *
 * @example
 * resolveCoinbaseOptions({ seed: 7 }).products.get('BTC-USDC')?.alias // 'BTC-USD'
 */
export interface ResolvedCoinbaseOptions extends ResolvedVenueOptions<CoinbaseMarket> {
  readonly rateLimits: CoinbaseRateLimits
  /** Every product, markets and aliases, by product id, in the order listed. */
  readonly products: ReadonlyMap<string, CoinbaseProduct>
  /** Real-time ms between heartbeats; `undefined`: only when asked. */
  readonly heartbeatMs: number | undefined
  /** The account's CDP key: `apiKey` its name, the public key of `secret`. */
  readonly key: CoinbaseSimKey
}

/**
 * Fills in defaults and checks options.
 *
 * @throws VenueError `invalid-request` for a bad option.
 * @example
 * resolveCoinbaseOptions({ seed: 42 }).markets.get('BTC/USD')?.venueSymbol // 'BTC-USD'
 */
export function resolveCoinbaseOptions(options: CoinbaseSimulatorOptions): ResolvedCoinbaseOptions {
  const bad = invalidOption('coinbase')
  const resolved = resolveVenueOptions('coinbase', options, {
    optionNames: COINBASE_SIMULATOR_OPTION_NAMES,
    instruments: DEFAULT_COINBASE_INSTRUMENTS,
    balances: DEFAULT_COINBASE_BALANCES,
    // a CDP key: its name, and a P-256 private key in PEM drawn from the seed
    apiKey: (tag) => `organizations/sim-${tag}/apiKeys/sim-key-${tag}`,
    secret: simulatorKeyPem,
    market: toMarket,
  })
  const products = new Map<string, CoinbaseProduct>()
  for (const m of resolved.markets.values()) {
    const { symbol, base, quote } = m.instrument
    products.set(m.venueSymbol, { id: m.venueSymbol, symbol, base, quote, market: m, alias: '' })
  }
  const aliases = options.aliases ?? DEFAULT_COINBASE_ALIASES.filter((a) => resolved.markets.has(a.of))
  for (const a of aliases) {
    const market = resolved.markets.get(a.of)
    const [base, quote] = a.symbol.split('/')
    if (market === undefined) throw bad(`alias ${a.symbol}: ${a.of} is not listed`)
    if (!base || !quote || resolved.markets.has(a.symbol)) throw bad(`alias ${a.symbol} is not a new pair`)
    products.set(`${base}-${quote}`, {
      id: `${base}-${quote}`,
      symbol: a.symbol,
      base,
      quote,
      market,
      alias: market.venueSymbol,
    })
  }
  const heartbeatMs = options.heartbeatMs ?? (resolved.tickMs === undefined ? 'manual' : 1000)
  if (heartbeatMs !== 'manual' && !(heartbeatMs > 0))
    throw bad(`heartbeatMs must be > 0 or 'manual', got ${String(heartbeatMs)}`)
  let key: CoinbaseSimKey
  try {
    key = simulatorKey(resolved.apiKey, resolved.secret)
  } catch {
    throw bad("secret must be an EC P-256 private key in PEM (a CDP key file's privateKey)")
  }
  return {
    ...resolved,
    rateLimits: limitsOf('coinbase', 'rate limit', DEFAULT_COINBASE_RATE_LIMITS, options.rateLimits),
    products,
    heartbeatMs: heartbeatMs === 'manual' ? undefined : heartbeatMs,
    key,
  }
}

function toMarket(
  spec: CoinbaseInstrumentOptions,
  seed: number,
  bad: (message: string) => VenueError,
): CoinbaseMarket {
  const positive = positiveOf(spec.symbol, bad)
  const baseIncrement = positive(spec.baseIncrement, 'baseIncrement')
  const baseMinSize = positive(spec.baseMinSize ?? baseIncrement, 'baseMinSize')
  const baseMaxSize = positive(spec.baseMaxSize ?? baseIncrement.mul(1e9), 'baseMaxSize')
  const quoteMinSize = positive(spec.quoteMinSize ?? '1', 'quoteMinSize')
  const listed = listing(
    'coinbase',
    seed,
    {
      ...spec,
      tickSize: spec.quoteIncrement,
      lotSize: baseIncrement,
      minSize: baseMinSize,
      maxSize: baseMaxSize,
      minNotional: quoteMinSize,
    },
    { venueSymbol: (base, quote) => `${base}-${quote}`, seriesName: `coinbase:${spec.symbol}` },
    bad,
  )
  const [base, quote] = spec.symbol.split('/')
  const reference = spec.reference ?? (quote === 'USD' ? `${base}/USDT` : spec.symbol)
  return {
    ...listed,
    config: { ...listed.config, reference },
    baseIncrement,
    baseMinSize,
    baseMaxSize,
    quoteMinSize,
    priceDp: listed.tickSize.decimalPlaces(),
    qtyDp: baseIncrement.decimalPlaces(),
  }
}
