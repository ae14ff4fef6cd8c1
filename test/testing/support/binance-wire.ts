/**
 * A minimal, independent Binance client for testing the simulator: signs with node:crypto straight
 * from the documented rule (HMAC-SHA256 hex over query string + body), and reads frames in order.
 */
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { BinanceSimulator, type BinanceSimulatorOptions } from '../../../lib/testing/index.js'

/** The simulator's frozen time at start. */
export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 0)

/** The known book: bids 64999 x 1, 64998 x 2, 64990 x 3; asks 65001 x 0.5, 65002 x 1, 65010 x 2. */
export const KNOWN_BOOK = {
  bids: [
    ['64999.00', '1'],
    ['64998.00', '2'],
    ['64990.00', '3'],
  ],
  asks: [
    ['65001.00', '0.5'],
    ['65002.00', '1'],
    ['65010.00', '2'],
  ],
} as const

/** Starts a simulator at {@link T0}, frozen, with {@link KNOWN_BOOK} as the BTC/USDT market. */
export async function startKnown(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
  const sim = await BinanceSimulator.start({ seed: 7, tickMs: 'manual', ...options })
  sim.setClock(T0)
  sim.push('BTC/USDT', { snapshot: true, bids: KNOWN_BOOK.bids, asks: KNOWN_BOOK.asks })
  return sim
}

/** A fixture of `test/fixtures/binance`, parsed. */
export function fixture(name: string): unknown {
  const url = new URL(`../../fixtures/binance/${name}`, import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8')) as unknown
}

/** hex(HMAC_SHA256(secret, text)). */
export function sign(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex')
}

/** A parsed REST answer. */
export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly body: any // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly text: string
}

async function read(res: Response): Promise<Answer> {
  const text = await res.text()
  let body: unknown = undefined
  try {
    body = JSON.parse(text)
  } catch {
    // Non-JSON bodies (injected 5xx) are checked through `text`.
  }
  return { status: res.status, headers: res.headers, body, text }
}

/** A public GET. */
export async function get(sim: { restUrl: string }, path: string, query = ''): Promise<Answer> {
  return read(await fetch(`${sim.restUrl}${path}${query === '' ? '' : `?${query}`}`))
}

/** Options of a signed request. */
export interface SignOptions {
  readonly timestamp?: number
  readonly apiKey?: string | null
  readonly secret?: string
  readonly signature?: string
  /** Where the parameters go. Default: the query for GET/DELETE, the body for POST. */
  readonly in?: 'query' | 'body'
}

/** A signed request: `timestamp` appended, signature over the query string + body as sent. */
export async function signed(
  sim: { restUrl: string; apiKey: string; secret: string; now(): number },
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  params: string,
  opts: SignOptions = {},
): Promise<Answer> {
  const total = `${params === '' ? '' : `${params}&`}timestamp=${opts.timestamp ?? sim.now()}`
  const signature = opts.signature ?? sign(opts.secret ?? sim.secret, total)
  const where = opts.in ?? (method === 'POST' ? 'body' : 'query')
  const full = `${total}&signature=${signature}`
  const headers: Record<string, string> = {}
  if (opts.apiKey !== null) headers['X-MBX-APIKEY'] = opts.apiKey ?? sim.apiKey
  if (where === 'body') headers['Content-Type'] = 'application/x-www-form-urlencoded'
  const res = await fetch(`${sim.restUrl}${path}${where === 'query' ? `?${full}` : ''}`, {
    method,
    headers,
    ...(where === 'body' ? { body: full } : {}),
  })
  return read(res)
}
