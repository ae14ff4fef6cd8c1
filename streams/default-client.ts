/**
 * The client behind the top-level stream functions: made on first use, on the venues' real endpoints
 * unless the environment points it elsewhere.
 */
import { VenueError } from '../lib/core/errors.js'
import type { Environment } from '../lib/venues/kit/module.js'
import { settingsFromEnv, VENUE_MODULES } from '../lib/venues/registry.js'
import { createClient, type Client, type ClientOptions } from './client.js'

export type { Environment }

let current: Client | undefined

/**
 * The client the top-level functions (`orderBook$`, `bestBidAsk$`, ...) use, created on first use with
 * {@link defaultClientOptions} of `process.env`. After {@link closeDefaultClient}, the next use makes a
 * new one.
 *
 * @example
 * defaultClient().venue('bybit').capabilities.marketData.bookDepths // [1, 50, 200]
 */
export function defaultClient(): Client {
  current ??= createClient(defaultClientOptions(typeof process === 'undefined' ? {} : process.env))
  return current
}

/**
 * Closes the default client, if one was made: every socket, timer and connection pool it holds. A
 * script that used the top-level functions calls it to let the process exit at once.
 *
 * @example
 * await firstValueFrom(orderBook$('bybit', 'BTC/USDT'))
 * await closeDefaultClient()
 */
export async function closeDefaultClient(): Promise<void> {
  const client = current
  current = undefined
  await client?.close()
}

/**
 * The default client's options from environment variables: per venue `RXVENUE_<VENUE>_REST_URL`,
 * `RXVENUE_<VENUE>_WS_URL`, `RXVENUE_<VENUE>_API_KEY`, `RXVENUE_<VENUE>_SECRET` and
 * `RXVENUE_<VENUE>_TESTNET`, plus `RXVENUE_BYBIT_DEMO`, `RXVENUE_BYBIT_PRIVATE_WS_URL` and
 * `RXVENUE_BINANCE_WS_API_URL`, and `RXVENUE_CONNECT_TIMEOUT_MS` (ms a never-reached venue is given
 * before its streams fail). A switch is on when set to `1`, `true`, `yes` or `on` (any case).
 * Unset or empty variables leave the venue's own defaults (its real endpoints, no credentials).
 *
 * @throws VenueError `invalid-request` for a `RXVENUE_<VENUE>_` variable no venue reads (naming the
 * closest) or a `RXVENUE_CONNECT_TIMEOUT_MS` that is not a number of ms.
 * @example
 * defaultClientOptions({ RXVENUE_BYBIT_REST_URL: 'http://127.0.0.1:8080' })
 * // { venues: { bybit: { restUrl: 'http://127.0.0.1:8080' } } }
 * defaultClientOptions({ RXVENUE_BYBIT_TESTNET: '1' })
 * // { venues: { bybit: { testnet: true } } }
 */
export function defaultClientOptions(env: Environment): ClientOptions {
  const timeout = env['RXVENUE_CONNECT_TIMEOUT_MS']?.trim()
  const connectTimeoutMs = Number(timeout)
  if (timeout !== undefined && timeout !== '' && !(connectTimeoutMs > 0)) {
    throw new VenueError({
      kind: 'invalid-request',
      message: `RXVENUE_CONNECT_TIMEOUT_MS must be a number of ms > 0, got ${JSON.stringify(timeout)}`,
    })
  }
  return {
    venues: settingsFromEnv(VENUE_MODULES, env),
    ...(connectTimeoutMs > 0 ? { connectTimeoutMs } : {}),
  }
}
