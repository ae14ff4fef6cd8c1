/**
 * The names of a venue's options, as data: a misspelt option (`wsURL`, `apikey`) is refused by name
 * instead of being ignored, which would leave the driver on the venue's mainnet URLs or without trading.
 */
import { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'
import { didYouMean } from '../../core/suggest.js'
import type { VenueOptions } from './options.js'

/**
 * Every option a venue adds to {@link VenueOptions}, each `true`: the compiler checks that the list
 * names them all and nothing else.
 *
 * @example
 * const own: OwnOptionNames<BybitOptions> = { demo: true, privateWsUrl: true }
 */
export type OwnOptionNames<O> = { readonly [K in Exclude<keyof O, keyof VenueOptions>]-?: true }

const COMMON: { readonly [K in keyof VenueOptions]-?: true } = {
  testnet: true,
  restUrl: true,
  wsUrl: true,
  apiKey: true,
  secret: true,
  recvWindowMs: true,
  orderDeadlineMs: true,
  maxBodyBytes: true,
  maxFrameBytes: true,
  logger: true,
  transport: true,
  WebSocketCtor: true,
  scheduler: true,
  backoff: true,
  staleAfterMs: true,
  circuitBreaker: true,
}

/**
 * Refuses an option `venue` does not have, naming the closest ones it has.
 *
 * @throws VenueError `invalid-request`: `bybit: unknown option wsURL; did you mean wsUrl?`
 * @example
 * checkOptionNames('bybit', { wsURL: 'ws://127.0.0.1:9' }, { demo: true, privateWsUrl: true }) // throws
 */
export function checkOptionNames(venue: VenueId, options: object, own: Readonly<Record<string, true>>): void {
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || Object.hasOwn(COMMON, name) || Object.hasOwn(own, name)) continue
    const close = didYouMean(name, [...Object.keys(COMMON), ...Object.keys(own)], 0)
    const owned = Object.keys(own)
    const hint = close !== '' || owned.length === 0 ? close : `; its own options: ${owned.join(', ')}`
    throw new VenueError({
      kind: 'invalid-request',
      venue,
      message: `${venue}: unknown option ${name}${hint}`,
    })
  }
}
