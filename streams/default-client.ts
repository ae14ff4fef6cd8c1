/**
 * The client behind the top-level stream functions: made on first use, on the venues' real endpoints
 * unless the environment points it elsewhere.
 */
import type { BinanceOptions } from '../lib/venues/binance/index.js'
import type { BybitOptions } from '../lib/venues/bybit/index.js'
import { createClient, type Client, type ClientOptions } from './client.js'

/**
 * Environment variables, as `process.env` holds them; {@link defaultClientOptions} reads the
 * `RXVENUE_*` ones.
 *
 * @example
 * const env: Environment = { RXVENUE_BINANCE_API_KEY: 'key', RXVENUE_BINANCE_SECRET: 'secret' }
 * const client = createClient(defaultClientOptions({ ...process.env, ...env }))
 */
export type Environment = Readonly<Record<string, string | undefined>>

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
 * @example
 * defaultClientOptions({ RXVENUE_BYBIT_REST_URL: 'http://127.0.0.1:8080' })
 * // { venues: { bybit: { restUrl: 'http://127.0.0.1:8080' } } }
 * defaultClientOptions({ RXVENUE_BYBIT_TESTNET: '1' })
 * // { venues: { bybit: { testnet: true } } }
 */
export function defaultClientOptions(env: Environment): ClientOptions {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const on = (name: string): true | undefined => (SWITCH_ON.test(read(name) ?? '') ? true : undefined)
  const common = (venue: string) => ({
    testnet: on(`RXVENUE_${venue}_TESTNET`),
    restUrl: read(`RXVENUE_${venue}_REST_URL`),
    wsUrl: read(`RXVENUE_${venue}_WS_URL`),
    apiKey: read(`RXVENUE_${venue}_API_KEY`),
    secret: read(`RXVENUE_${venue}_SECRET`),
  })
  const bybit: BybitOptions = {
    ...common('BYBIT'),
    demo: on('RXVENUE_BYBIT_DEMO'),
    privateWsUrl: read('RXVENUE_BYBIT_PRIVATE_WS_URL'),
  }
  const binance: BinanceOptions = { ...common('BINANCE'), wsApiUrl: read('RXVENUE_BINANCE_WS_API_URL') }
  const venues = { bybit: defined(bybit), binance: defined(binance) }
  const connectTimeoutMs = Number(read('RXVENUE_CONNECT_TIMEOUT_MS'))
  return {
    venues: Object.fromEntries(Object.entries(venues).filter(([, v]) => v !== undefined)),
    ...(connectTimeoutMs > 0 ? { connectTimeoutMs } : {}),
  }
}

const SWITCH_ON = /^(1|true|yes|on)$/i

/** The object without its undefined fields, or `undefined` when none is left. */
function defined<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T)
}
