/**
 * A venue's options checked when it is made: a misspelt option (`wsURL`, `apikey`) is refused by name
 * instead of being ignored, which would leave the driver on the venue's mainnet URLs or without trading,
 * and a common option of the wrong kind (`staleAfterMs: -1`, a reconnect on every frame) is refused.
 */
import { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'
import { checkOptions, type OptionKind } from '../../core/option-check.js'
import type { VenueOptions } from './options.js'

/**
 * Every option a venue adds to {@link VenueOptions}: `true` (its value is checked where the driver reads
 * it) or the kind it must be. The compiler checks that the list names them all and nothing else.
 *
 * @example
 * const own: OwnOptionNames<PrimeOptions> = { passphrase: 'credential', serviceAccountId: 'credential', portfolioId: true }
 */
export type OwnOptionNames<O> = {
  readonly [K in Exclude<keyof O, keyof VenueOptions>]-?: true | OptionKind
}

const COMMON: { readonly [K in keyof VenueOptions]-?: OptionKind } = {
  testnet: 'flag',
  restUrl: 'url',
  wsUrl: 'url',
  apiKey: 'credential',
  secret: 'credential',
  recvWindowMs: 'ms',
  orderDeadlineMs: 'ms',
  maxBodyBytes: 'count',
  maxFrameBytes: 'count',
  logger: 'object',
  transport: 'object',
  WebSocketCtor: 'any',
  scheduler: 'object',
  backoff: 'object',
  staleAfterMs: 'ms',
  circuitBreaker: 'object',
}

/**
 * Names other SDKs and the venues' own docs give the options, lower case without separators, and the
 * option each one is here: far from it in spelling, so no "did you mean" finds it.
 */
const ALIASES: Readonly<Record<string, string>> = {
  apisecret: 'secret',
  secretkey: 'secret',
  apisecretkey: 'secret',
  key: 'apiKey',
  accesskey: 'apiKey',
  password: 'passphrase',
  apipassphrase: 'passphrase',
  sandbox: 'testnet',
  baseurl: 'restUrl',
  apiurl: 'restUrl',
  url: 'restUrl',
  endpoint: 'restUrl',
  websocketurl: 'wsUrl',
  streamurl: 'wsUrl',
}

/**
 * Refuses an option `venue` does not have, naming the closest ones it has (or its own; or the option a
 * name from elsewhere means here: `api_secret` is `secret`, `password` a `passphrase`), and a common
 * option of the wrong kind; the venue's own options are checked where it reads them.
 *
 * @throws VenueError `invalid-request`: `bybit: unknown option wsURL; did you mean wsUrl?`
 * @example
 * checkOptionNames('bybit', { wsURL: 'ws://127.0.0.1:9' }, { demo: true, privateWsUrl: true }) // throws
 */
export function checkOptionNames(
  venue: VenueId,
  options: object,
  own: Readonly<Record<string, true | OptionKind>>,
): void {
  const kinds: Record<string, OptionKind> = { ...COMMON }
  for (const [name, kind] of Object.entries(own)) kinds[name] = kind === true ? 'any' : kind
  for (const [name, value] of typeof options === 'object' && options !== null
    ? Object.entries(options)
    : []) {
    if (value === undefined || Object.hasOwn(kinds, name)) continue
    const meant = ALIASES[name.toLowerCase().replace(/[_\-\s]/g, '')]
    if (meant !== undefined && Object.hasOwn(kinds, meant)) {
      const message = `${venue}: unknown option ${name}; did you mean ${meant}?`
      throw new VenueError({ kind: 'invalid-request', venue, message })
    }
  }
  checkOptions(venue, options, kinds, { venue, hint: { label: 'its own options', names: Object.keys(own) } })
}
