/**
 * The one shape every venue registers under: what the client, the default client's environment, the
 * package root and the simulator list know of a venue before its driver is loaded.
 */
import { VenueError } from '../../core/errors.js'
import type { Logger } from '../../core/logging.js'
import type { VenueId } from '../../core/model.js'
import { didYouMean } from '../../core/suggest.js'
import type { HttpTransport } from '../../transport/http.js'
import type { WebSocketCtor } from '../../transport/socket.js'
import type { VenueCapabilities } from '../contract/capabilities.js'
import type { Venue } from '../contract/venue.js'

/**
 * Environment variables, as `process.env` holds them.
 *
 * @example
 * const env: Environment = { RXVENUE_BINANCE_API_KEY: 'key', RXVENUE_BINANCE_SECRET: 'secret' }
 */
export type Environment = Readonly<Record<string, string | undefined>>

/**
 * What a client shares with every driver it makes; a venue's own settings win over it.
 *
 * @example
 * const defaults: DriverDefaults = { logger: silentLogger, transport: recorder }
 */
export interface DriverDefaults {
  readonly logger?: Logger | undefined
  readonly transport?: HttpTransport | undefined
  readonly WebSocketCtor?: WebSocketCtor | undefined
}

/**
 * A venue, registered: its id and capabilities as data, how to make its driver (loaded on first use),
 * how to read its options from the environment, and where its simulator is.
 *
 * @example
 * const bybit: VenueModule<'bybit', BybitOptions, BybitVenue> = BYBIT_MODULE
 * const venue = bybit.create({ ...bybit.fromEnv(process.env), logger })
 */
export interface VenueModule<Id extends VenueId = VenueId, O = never, V extends Venue = Venue> {
  readonly id: Id
  readonly capabilities: VenueCapabilities
  /** Makes the driver; its code loads when a stream or request is first subscribed. */
  create(options?: O): V
  /**
   * Refuses options the venue does not have (`invalid-request` naming the closest), as `create` does:
   * a client checks its settings with it when it is made. Absent: any options are taken.
   */
  checkOptions?(options: object): void
  /**
   * The venue's options from `RXVENUE_<ID>_*` environment variables (REST and WebSocket URLs,
   * credentials, test network); `undefined` when none is set.
   */
  fromEnv(env: Environment): O | undefined
}

/**
 * A venue-specific environment variable and the option it sets: `text` as given, `switch` true when
 * the value is `1`, `true`, `yes` or `on` (any case).
 *
 * @example
 * const extra: EnvOption = { name: 'PRIVATE_WS_URL', option: 'privateWsUrl', kind: 'text' }
 */
export interface EnvOption {
  /** After `RXVENUE_<ID>_`. */
  readonly name: string
  readonly option: string
  readonly kind: 'text' | 'switch'
}

/** What every venue reads: `RXVENUE_<ID>_REST_URL`, `_WS_URL`, `_API_KEY`, `_SECRET`, `_TESTNET`. */
const COMMON_ENV: readonly EnvOption[] = [
  { name: 'TESTNET', option: 'testnet', kind: 'switch' },
  { name: 'REST_URL', option: 'restUrl', kind: 'text' },
  { name: 'WS_URL', option: 'wsUrl', kind: 'text' },
  { name: 'API_KEY', option: 'apiKey', kind: 'text' },
  { name: 'SECRET', option: 'secret', kind: 'text' },
]

const SWITCH_ON = /^(1|true|yes|on)$/i

/**
 * A venue's options from the environment: the common variables plus the venue's own; unset or empty
 * variables are left out, and no variable at all gives `undefined`.
 *
 * @throws VenueError `invalid-request` for a `RXVENUE_<ID>_` variable the venue does not read, naming
 * the closest (`RXVENUE_BYBIT_APIKEY`: did you mean `RXVENUE_BYBIT_API_KEY`?).
 * @example
 * optionsFromEnv('bybit', { RXVENUE_BYBIT_TESTNET: '1' }) // { testnet: true }
 */
export function optionsFromEnv<O>(
  id: VenueId,
  env: Environment,
  extra: readonly EnvOption[] = [],
): O | undefined {
  const prefix = `RXVENUE_${id.toUpperCase()}_`
  const variables = [...COMMON_ENV, ...extra]
  // a misspelt variable (RXVENUE_BYBIT_APIKEY) would leave its setting unset, silently
  const names = variables.map((v) => `${prefix}${v.name}`)
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(prefix) || names.includes(name) || value === undefined) continue
    throw new VenueError({
      kind: 'invalid-request',
      venue: id,
      message: `${name} is not a variable rxvenue reads${didYouMean(name, names, 0)}`,
    })
  }
  const out: Record<string, string | boolean> = {}
  for (const variable of variables) {
    const value = env[`${prefix}${variable.name}`]?.trim()
    if (value === undefined || value === '') continue
    if (variable.kind === 'text') out[variable.option] = value
    else if (SWITCH_ON.test(value)) out[variable.option] = true
  }
  return Object.keys(out).length === 0 ? undefined : (out as O)
}
