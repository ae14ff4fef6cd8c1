/**
 * Options of the Coinbase Prime simulator, their defaults, and the products they resolve to.
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
  type ResolvedVenueOptions,
  type SimMarket,
  type SimulatorOptionNames,
  type VenueSimulatorOptions,
} from '../kit/options.js'

/**
 * A product the simulator lists, with Prime's increments.
 *
 * @example
 * const sol: PrimeInstrumentOptions = { symbol: 'SOL/USD', priceIncrement: '0.01', baseIncrement: '0.001', startPrice: '150' }
 */
export interface PrimeInstrumentOptions {
  /** `BTC/USD`; Prime's product id is `BTC-USD`. */
  readonly symbol: UnifiedSymbol
  /** `price_increment`: the price step. */
  readonly priceIncrement: DecimalLike
  /** `base_increment`: the quantity step. */
  readonly baseIncrement: DecimalLike
  /** `base_min_size`. Default one `baseIncrement`. */
  readonly baseMinSize?: DecimalLike | undefined
  /** `quote_min_size`. Default 1. */
  readonly quoteMinSize?: DecimalLike | undefined
  readonly startPrice?: DecimalLike | undefined
  readonly maxLevelSize?: DecimalLike | undefined
  /** The reference walk it follows; default the pair quoted in USDT (`BTC/USDT`). */
  readonly reference?: string | undefined
}

/**
 * Limits of the simulated venue: requests of the portfolio in any second (Prime's 25 a second), beyond
 * which HTTP 429.
 *
 * @example
 * startSimulator({ venues: ['prime'], prime: { rateLimits: { perSecond: 5 } } })
 */
export interface PrimeRateLimits {
  readonly perSecond: number
}

/**
 * Options of the Prime simulator. The key is `apiKey`, `secret` (signed with as its text),
 * `passphrase` and `serviceAccountId`; `portfolios` lists the portfolios the key reads (the account's
 * orders and balances are the first one's).
 *
 * @example
 * const sim = await startSimulator({ venues: ['prime'], prime: { seed: 7, quoteTtlMs: 2000 } })
 */
export interface PrimeSimulatorOptions extends VenueSimulatorOptions {
  /** Default BTC/USD and ETH/USD. */
  readonly instruments?: readonly PrimeInstrumentOptions[] | undefined
  readonly rateLimits?: Partial<PrimeRateLimits> | undefined
  readonly passphrase?: string | undefined
  readonly serviceAccountId?: string | undefined
  /** Portfolio ids the key reads. Default one, drawn from the seed. */
  readonly portfolios?: readonly string[] | undefined
  /** How long an RFQ quote stands, on the simulator's clock. Default 5000. */
  readonly quoteTtlMs?: number | undefined
  /** Heartbeats to each connection that subscribed them, in real ms; `'manual'`: when asked. */
  readonly heartbeatMs?: number | 'manual' | undefined
}

/**
 * Every option of {@link PrimeSimulatorOptions}: the simulator refuses any other.
 *
 * @example
 * Object.hasOwn(PRIME_SIMULATOR_OPTION_NAMES, 'heartbeatMs') // true
 */
export const PRIME_SIMULATOR_OPTION_NAMES: SimulatorOptionNames<PrimeSimulatorOptions> = {
  ...VENUE_SIMULATOR_OPTION_NAMES,
  instruments: true,
  rateLimits: true,
  passphrase: true,
  serviceAccountId: true,
  portfolios: true,
  quoteTtlMs: true,
  heartbeatMs: true,
}

/**
 * The defaults of {@link PrimeSimulatorOptions.instruments}.
 *
 * @example
 * startSimulator({ venues: ['prime'], prime: { instruments: [DEFAULT_PRIME_INSTRUMENTS[0]!] } })
 */
export const DEFAULT_PRIME_INSTRUMENTS: readonly PrimeInstrumentOptions[] = [
  {
    symbol: 'BTC/USD',
    priceIncrement: '0.01',
    baseIncrement: '0.00000001',
    startPrice: '65000',
    maxLevelSize: '2',
  },
  {
    symbol: 'ETH/USD',
    priceIncrement: '0.01',
    baseIncrement: '0.00000001',
    startPrice: '3500',
    maxLevelSize: '40',
  },
]

/**
 * The defaults of {@link PrimeSimulatorOptions.balances}.
 *
 * @example
 * startSimulator({ venues: ['prime'], prime: { balances: { ...DEFAULT_PRIME_BALANCES, USDC: '500' } } })
 */
export const DEFAULT_PRIME_BALANCES: Readonly<Record<string, DecimalLike>> = {
  USD: '1000000',
  BTC: '10',
  ETH: '100',
}

/**
 * Prime's limit per portfolio: 25 requests a second (https://docs.cdp.coinbase.com/prime/rest-api/rate-limits).
 *
 * @example
 * startSimulator({ venues: ['prime'], prime: { rateLimits: DEFAULT_PRIME_RATE_LIMITS } })
 */
export const DEFAULT_PRIME_RATE_LIMITS: PrimeRateLimits = { perSecond: 25 }

/**
 * One listed product.
 *
 * @example
 * fixed(price, m.priceDp)
 */
export interface PrimeMarket extends SimMarket {
  readonly baseIncrement: Decimal
  readonly quoteMinSize: Decimal
  readonly priceDp: number
  readonly qtyDp: number
}

/**
 * Options with every default filled in and checked.
 *
 * @example
 * resolvePrimeOptions({ seed: 7 }).portfolios[0]
 */
export interface ResolvedPrimeOptions extends ResolvedVenueOptions<PrimeMarket> {
  readonly rateLimits: PrimeRateLimits
  readonly passphrase: string
  readonly serviceAccountId: string
  readonly portfolios: readonly string[]
  readonly quoteTtlMs: number
  readonly heartbeatMs: number | undefined
}

/**
 * Fills in defaults and checks options.
 *
 * @throws VenueError `invalid-request` for a bad option.
 * @example
 * resolvePrimeOptions({ seed: 42 }).markets.get('BTC/USD')?.venueSymbol // 'BTC-USD'
 */
export function resolvePrimeOptions(options: PrimeSimulatorOptions): ResolvedPrimeOptions {
  const bad = invalidOption('prime')
  const resolved = resolveVenueOptions('prime', options, {
    optionNames: PRIME_SIMULATOR_OPTION_NAMES,
    instruments: DEFAULT_PRIME_INSTRUMENTS,
    balances: DEFAULT_PRIME_BALANCES,
    apiKey: (tag) => `sim-prime-access-${tag}`,
    // a Prime signing key is text, used as it is
    secret: (tag) => `sim-prime-secret-${tag}+/=`,
    market: toMarket,
  })
  const tag = (resolved.seed >>> 0).toString(16).padStart(8, '0')
  const portfolios = options.portfolios ?? [`${tag}-0000-4000-a000-00000000000${resolved.seed % 10}`]
  if (portfolios.length === 0) throw bad('portfolios must list at least one id')
  const quoteTtlMs = options.quoteTtlMs ?? 5000
  if (!(quoteTtlMs > 0)) throw bad(`quoteTtlMs must be > 0, got ${quoteTtlMs}`)
  const heartbeatMs = options.heartbeatMs ?? (resolved.tickMs === undefined ? 'manual' : 1000)
  if (heartbeatMs !== 'manual' && !(heartbeatMs > 0))
    throw bad(`heartbeatMs must be > 0 or 'manual', got ${String(heartbeatMs)}`)
  return {
    ...resolved,
    rateLimits: limitsOf('prime', 'rate limit', DEFAULT_PRIME_RATE_LIMITS, options.rateLimits),
    passphrase: options.passphrase ?? `sim-pass-${tag}`,
    serviceAccountId: options.serviceAccountId ?? `sim-svc-${tag}`,
    portfolios,
    quoteTtlMs,
    heartbeatMs: heartbeatMs === 'manual' ? undefined : heartbeatMs,
  }
}

function toMarket(
  spec: PrimeInstrumentOptions,
  seed: number,
  bad: (message: string) => VenueError,
): PrimeMarket {
  const positive = positiveOf(spec.symbol, bad)
  const baseIncrement = positive(spec.baseIncrement, 'baseIncrement')
  const quoteMinSize = positive(spec.quoteMinSize ?? '1', 'quoteMinSize')
  const listed = listing(
    'prime',
    seed,
    {
      ...spec,
      tickSize: spec.priceIncrement,
      lotSize: baseIncrement,
      minSize: spec.baseMinSize ?? baseIncrement,
      minNotional: quoteMinSize,
    },
    { venueSymbol: (base, quote) => `${base}-${quote}`, seriesName: `prime:${spec.symbol}` },
    bad,
  )
  const [base, quote] = spec.symbol.split('/')
  const reference = spec.reference ?? (quote === 'USD' ? `${base}/USDT` : spec.symbol)
  return {
    ...listed,
    config: { ...listed.config, reference },
    baseIncrement,
    quoteMinSize,
    priceDp: listed.tickSize.decimalPlaces(),
    qtyDp: baseIncrement.decimalPlaces(),
  }
}
