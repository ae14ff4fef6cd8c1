/**
 * Options of the FalconX simulator: the common ones, its pairs, the key's passphrase, how quotes are
 * priced and how long they live, and its request limits.
 */
import type { DecimalLike } from '../../core/decimal.js'
import {
  invalidOption,
  limitsOf,
  listing,
  resolveVenueOptions,
  VENUE_SIMULATOR_OPTION_NAMES,
  type ListedInstrumentOptions,
  type ResolvedVenueOptions,
  type SimMarket,
  type SimulatorOptionNames,
  type VenueSimulatorOptions,
} from '../kit/options.js'

/**
 * One pair the simulator quotes, on an engine market of its own.
 *
 * @example
 * const sol: FalconxInstrumentOptions = { symbol: 'SOL/USD', tickSize: '0.001', startPrice: '150' }
 */
export interface FalconxInstrumentOptions extends ListedInstrumentOptions {
  /** The engine book's tick; quotes are rounded to it. Default `0.01`. */
  readonly tickSize?: DecimalLike | undefined
  /** Default `0.00000001`. */
  readonly lotSize?: DecimalLike | undefined
}

/**
 * Requests the simulator takes from the key, per second and per minute; past them it answers 429.
 *
 * @example
 * startSimulator({ venues: ['falconx'], falconx: { rateLimits: { perSecond: 2 } } })
 */
export interface FalconxRateLimits {
  readonly perSecond: number
  readonly perMinute: number
}

/**
 * The options of a FalconX simulator. Every field has a default; `secret` is base64 (the HMAC key is
 * its decoded bytes, as at FalconX).
 *
 * @example
 * const falconx = await FalconxSimulator.start({ seed: 7, quoteTtlMs: 2000, spreadBps: 10 })
 */
export interface FalconxSimulatorOptions extends VenueSimulatorOptions {
  readonly instruments?: readonly FalconxInstrumentOptions[] | undefined
  /** The key's passphrase. Default: drawn from the seed. */
  readonly passphrase?: string | undefined
  /** How long a quote is executable, on the simulator's clock. Default 5000 ms. */
  readonly quoteTtlMs?: number | undefined
  /** The quote's spread around the engine's best prices, each side, in basis points. Default 5. */
  readonly spreadBps?: number | undefined
  /** The limits left out stay at {@link DEFAULT_FALCONX_RATE_LIMITS}. */
  readonly rateLimits?: Partial<FalconxRateLimits> | undefined
}

/**
 * Every option of {@link FalconxSimulatorOptions}: the simulator refuses any other.
 *
 * @example
 * Object.hasOwn(FALCONX_SIMULATOR_OPTION_NAMES, 'rateLimits') // true
 */
export const FALCONX_SIMULATOR_OPTION_NAMES: SimulatorOptionNames<FalconxSimulatorOptions> = {
  ...VENUE_SIMULATOR_OPTION_NAMES,
  instruments: true,
  passphrase: true,
  quoteTtlMs: true,
  spreadBps: true,
  rateLimits: true,
}

/**
 * The default pairs.
 *
 * @example
 * startSimulator({ venues: ['falconx'], falconx: { instruments: [DEFAULT_FALCONX_INSTRUMENTS[0]!] } })
 */
export const DEFAULT_FALCONX_INSTRUMENTS: readonly FalconxInstrumentOptions[] = [
  { symbol: 'BTC/USD', startPrice: '65000', maxLevelSize: '2' },
  { symbol: 'ETH/USD', startPrice: '3500', maxLevelSize: '40' },
]

/**
 * The default balances.
 *
 * @example
 * startSimulator({ venues: ['falconx'], falconx: { balances: { ...DEFAULT_FALCONX_BALANCES, USD: '5' } } })
 */
export const DEFAULT_FALCONX_BALANCES: Readonly<Record<string, DecimalLike>> = {
  USD: '1000000',
  BTC: '10',
  ETH: '100',
}

/**
 * The simulator's default limits: more than the driver's own conservative window ever sends.
 *
 * @example
 * DEFAULT_FALCONX_RATE_LIMITS.perSecond // 10
 */
export const DEFAULT_FALCONX_RATE_LIMITS: FalconxRateLimits = { perSecond: 10, perMinute: 300 }

/**
 * {@link FalconxSimulatorOptions} with every default filled in.
 *
 * @example
 * resolveFalconxOptions({}).quoteTtlMs // 5000
 */
export interface ResolvedFalconxOptions extends ResolvedVenueOptions<SimMarket> {
  readonly passphrase: string
  readonly quoteTtlMs: number
  readonly spreadBps: number
  readonly rateLimits: FalconxRateLimits
}

/**
 * Fills in defaults and checks options.
 *
 * @throws VenueError `invalid-request` for a bad option.
 * @example
 * resolveFalconxOptions({ seed: 42 }).markets.get('BTC/USD')?.venueSymbol // 'BTC-USD'
 */
export function resolveFalconxOptions(options: FalconxSimulatorOptions): ResolvedFalconxOptions {
  const bad = invalidOption('falconx')
  const resolved = resolveVenueOptions<FalconxInstrumentOptions, SimMarket>('falconx', options, {
    optionNames: FALCONX_SIMULATOR_OPTION_NAMES,
    instruments: DEFAULT_FALCONX_INSTRUMENTS,
    balances: DEFAULT_FALCONX_BALANCES,
    apiKey: (tag) => `sim-falconx-key-${tag}`,
    secret: (tag) => Buffer.from(`falconx simulator secret ${tag}`).toString('base64'),
    market: (spec, seed, refuse) =>
      listing(
        'falconx',
        seed,
        {
          symbol: spec.symbol,
          tickSize: spec.tickSize ?? '0.01',
          lotSize: spec.lotSize ?? '0.00000001',
          minNotional: '0.01',
          startPrice: spec.startPrice,
          maxLevelSize: spec.maxLevelSize,
        },
        { venueSymbol: (base, quote) => `${base}-${quote}`, seriesName: `falconx:${spec.symbol}` },
        refuse,
      ),
  })
  const quoteTtlMs = options.quoteTtlMs ?? 5000
  if (!Number.isInteger(quoteTtlMs) || quoteTtlMs < 1)
    throw bad(`quoteTtlMs must be an integer >= 1, got ${quoteTtlMs}`)
  const spreadBps = options.spreadBps ?? 5
  if (!(spreadBps >= 0 && spreadBps < 10_000)) throw bad(`spreadBps must be in [0, 10000), got ${spreadBps}`)
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(resolved.secret))
    throw bad('secret must be base64, as FalconX issues it')
  return {
    ...resolved,
    passphrase: options.passphrase ?? `sim-passphrase-${(resolved.seed >>> 0).toString(36)}`,
    quoteTtlMs,
    spreadBps,
    rateLimits: limitsOf('falconx', 'rate limit', DEFAULT_FALCONX_RATE_LIMITS, options.rateLimits),
  }
}
