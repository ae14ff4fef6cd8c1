/**
 * Coinbase's private routes and user channel mounted the way a simulator server mounts them: the kit's
 * server, intake, faults and REST API around `COINBASE_TRADING_ROUTES`, `verifyCoinbaseRequest` as the
 * guard and `CoinbaseUserFeed` on `/`, over the shared engine with one BTC-USD market whose book the
 * test sets.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { Exchange } from '../../../lib/sim/exchange.js'
import type { BookStep } from '../../../lib/sim/step.js'
import { verifyCoinbaseRequest, type CoinbaseSimKey } from '../../../lib/testing/coinbase/auth.js'
import { CoinbaseOrders, type CoinbaseTradingContext } from '../../../lib/testing/coinbase/account-orders.js'
import {
  COINBASE_TRADING_ROUTES,
  withoutOrderId,
  type CoinbaseTradingRoute,
} from '../../../lib/testing/coinbase/private-routes.js'
import { coinbaseParams, coinbaseRestAnswer } from '../../../lib/testing/coinbase/private-wire.js'
import { CoinbaseUserFeed } from '../../../lib/testing/coinbase/user-feed.js'
import { SimClock } from '../../../lib/testing/kit/clock.js'
import { SimFaults } from '../../../lib/testing/kit/faults.js'
import { SimHttpIntake } from '../../../lib/testing/kit/http-intake.js'
import { listing, type SimMarket } from '../../../lib/testing/kit/options.js'
import { RestApi } from '../../../lib/testing/kit/rest-api.js'
import { Routes } from '../../../lib/testing/kit/routes.js'
import { SimServer } from '../../../lib/testing/kit/server.js'

export const KEY_NAME = 'organizations/sim-org/apiKeys/sim-key-1'
export const SYMBOL = 'BTC/USD'
export const PRODUCT = 'BTC-USD'

/** A fixture of `test/fixtures/coinbase`, parsed. */
export function fixture(name: string): Record<string, unknown> {
  const url = new URL(`../../fixtures/coinbase/${name}`, import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>
}

/** A fresh P-256 key pair; the private key as the key file gives it (SEC1 PEM). */
export function keyPair(): {
  readonly pem: string
  readonly publicKey: KeyObject
  readonly privateKey: KeyObject
} {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return { pem: privateKey.export({ type: 'sec1', format: 'pem' }).toString(), publicKey, privateKey }
}

/**
 * A compact JWT made here with node:crypto alone (not the SDK's signer), so the simulator's check is
 * tested on its own.
 */
export function handJwt(
  privateKey: KeyObject,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const signed = `${part(header)}.${part(claims)}`
  const signature = sign('sha256', Buffer.from(signed), { key: privateKey, dsaEncoding: 'ieee-p1363' })
  return `${signed}.${signature.toString('base64url')}`
}

/** One answered request, as the REST API reported it. */
export interface Seen {
  readonly method: string
  readonly path: string
  readonly query: string
  readonly status: number
}

export interface Rig {
  readonly restUrl: string
  readonly wsUrl: string
  readonly pem: string
  readonly privateKey: KeyObject
  readonly key: CoinbaseSimKey
  readonly clock: SimClock
  readonly ctx: CoinbaseTradingContext
  readonly market: SimMarket
  readonly faults: SimFaults
  readonly feed: CoinbaseUserFeed
  readonly seen: Seen[]
  /** Sets the market's own liquidity. */
  push(step: BookStep): void
  close(): Promise<void>
}

/**
 * Starts the rig. `clockAt`: a frozen simulator time; default the machine's clock, running (a client
 * signs with venue time measured from it).
 */
export async function startRig(
  options: { readonly clockAt?: number; readonly balances?: Record<string, string> } = {},
): Promise<Rig> {
  const { pem, publicKey, privateKey } = keyPair()
  const key: CoinbaseSimKey = { name: KEY_NAME, publicKey }
  const clock = new SimClock()
  if (options.clockAt !== undefined) clock.set(options.clockAt)
  const bad = (message: string) => new VenueError({ kind: 'invalid-request', venue: 'coinbase', message })
  const market = listing(
    'coinbase',
    7,
    {
      symbol: SYMBOL,
      tickSize: '0.01',
      lotSize: '0.00000001',
      minSize: '0.00001',
      minNotional: '1',
      startPrice: '50000',
    },
    { venueSymbol: (b, q) => `${b}-${q}`, seriesName: SYMBOL },
    bad,
  )
  // made after the engine, whose reports they take
  const late: { feed?: CoinbaseUserFeed; orders?: CoinbaseOrders; server?: SimServer } = {}
  const exchange = new Exchange(
    {
      id: 'coinbase',
      seed: 7,
      now: () => clock.now(),
      mode: 'scripted',
      levels: 10,
      changesPerStep: 1,
      markets: new Map([[SYMBOL, market.config]]),
      balances: options.balances ?? { USD: '100000', BTC: '2' },
      makerFee: new Decimal('0.004'),
      takerFee: new Decimal('0.006'),
      historyLimit: 1000,
      postOnlyTaking: 'reject',
      feeAsset: 'quote',
    },
    {
      trade: () => undefined,
      order: (o) => late.feed?.changed(late.orders?.update(o)?.entry),
      fill: (f) => late.orders?.fill(f),
      balance: () => undefined,
      changed: () => undefined,
    },
  )
  const run = <T>(work: () => T): T => work()
  const orders = new CoinbaseOrders({ exchange, clock, run }, 7)
  late.orders = orders
  const ctx: CoinbaseTradingContext = {
    exchange,
    clock,
    run,
    markets: new Map([[PRODUCT, market]]),
    orders,
    userId: 'sim-user-1',
  }
  const faults = new SimFaults({
    dropSockets: () => late.server?.dropSockets(),
    skipUpdateId: () => undefined,
    shiftClock: (ms) => clock.advance(ms),
    silenceEnded: () => undefined,
    refuseConnections: (on) => late.server?.refuseConnections(on),
  })
  const seen: Seen[] = []
  const rest = new RestApi<CoinbaseTradingRoute>(
    {
      venue: 'coinbase',
      routes: new Routes(COINBASE_TRADING_ROUTES),
      contentType: 'application/json',
      notFound: () => ({ status: 404, text: '404 page not found', contentType: 'text/plain' }),
      guard: (_route, request) =>
        verifyCoinbaseRequest(request.req.headers, request.method, request.path, clock.now(), key),
      params: coinbaseParams,
      handle: (route, params, pathParams) => route.handle(ctx, params, pathParams),
      answer: (result, error) => coinbaseRestAnswer(result, error),
      placement: (route) => (route.placement === true ? withoutOrderId : undefined),
      report: (request, status) =>
        seen.push({ method: request.method, path: request.path, query: request.rawQuery, status }),
    },
    faults,
  )
  const intake = new SimHttpIntake(
    { emit: () => undefined, faults },
    (request, res) => rest.answer(request, res),
    (request, status) =>
      seen.push({ method: request.method, path: request.path, query: request.rawQuery, status }),
  )
  const server = new SimServer(
    (req, res) => intake.handle(req, res),
    (url) => (url.pathname === '/' ? (ws) => feed.connect(ws) : undefined),
    faults,
  )
  late.server = server
  const feed = new CoinbaseUserFeed(ctx, (o) => server.hub(o), key, { heartbeatMs: 60_000 })
  late.feed = feed
  await server.listen('127.0.0.1', 0)
  const port = server.port
  return {
    restUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/`,
    pem,
    privateKey,
    key,
    clock,
    ctx,
    market,
    faults,
    feed,
    seen,
    push: (step) => exchange.push(SYMBOL, step),
    close: async () => {
      feed.close()
      faults.dispose()
      intake.dispose()
      await server.close()
    },
  }
}
