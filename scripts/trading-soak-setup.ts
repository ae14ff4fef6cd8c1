/**
 * The trading soak's venues: simulators funded for a long run with room for its order rate, and a
 * client tuned to notice a silence and recover from faults quickly.
 */
import { createLogger, silentLogger, type Logger } from '../lib/core/logging.js'
import type { ClientOptions } from '../streams/client.js'
import type { Simulator, SimulatorOptions } from '../lib/testing/index.js'
import type { LedgerVenue } from './trading-ledger.js'

const START = { USDT: '5000000', BTC: '50' }
/** The same funds where the market is quoted in dollars. */
const START_USD = { USD: START.USDT, BTC: START.BTC }
const FEES = { maker: '0.001', taker: '0.002' }
/** Shorter than every silence the soak injects (3 s or more), so each is noticed and the streams replaced. */
export const SOAK_STALE_AFTER_MS = 2_000

/**
 * How long a create whose answer was lost can still land at each venue: its receive window. Prime's
 * is the venue's own (a signature's timestamp is taken within 30 s); Coinbase's is the life of the
 * create's JWT, shortened here to 10 s (its default is two minutes).
 */
const RECEIVE_WINDOW_MS: Readonly<Partial<Record<LedgerVenue, number>>> = { coinbase: 10_000, prime: 30_000 }

/**
 * The manager's `absentAfterMs` for `venues`: longer than each one's receive window plus the driver's
 * search past it (2 s) and a lag; 15 s where the windows are short.
 */
export function soakAbsentAfterMs(venues: readonly LedgerVenue[]): number {
  return Math.max(15_000, ...venues.map((v) => (RECEIVE_WINDOW_MS[v] ?? 0) + 10_000))
}

/** Simulators of `venues`, markets moving every 100 ms. */
export function soakSimulatorOptions(venues: readonly LedgerVenue[], seed: number): SimulatorOptions {
  const own = {
    bybit: { balances: START, fees: FEES, rateLimits: { create: 10_000, cancel: 10_000 } },
    binance: {
      balances: START,
      fees: FEES,
      rateLimits: { ordersPer10s: 100_000, requestWeightPerMinute: 1_000_000 },
    },
    // their published limits (the client paces itself within them)
    coinbase: { balances: START_USD, fees: FEES },
    prime: { balances: START_USD, fees: FEES },
  }
  // options only for the venues started: startSimulator refuses those of a venue it does not start
  return { venues, seed, tickMs: 100, ...Object.fromEntries(venues.map((v) => [v, own[v]])) }
}

/** A client of the simulators: a breaker that probes again soon, streams that go stale quickly. */
export function soakClientOptions(
  sim: Simulator,
  venues: readonly LedgerVenue[],
  logger: Logger = silentLogger,
): ClientOptions {
  const reach = sim.clientOptions().venues
  const tuning = {
    circuitBreaker: { openMs: 500 },
    staleAfterMs: SOAK_STALE_AFTER_MS,
    backoff: { initialMs: 200, maxMs: 2_000 },
  }
  const window = (v: LedgerVenue) => {
    const ms = RECEIVE_WINDOW_MS[v]
    return ms === undefined ? {} : { recvWindowMs: ms }
  }
  return {
    venues: Object.fromEntries(venues.map((v) => [v, { ...reach[v], ...tuning, ...window(v) }])),
    logger,
  }
}

/** A logger keeping each error line (`logger: message`), to report; below error, nothing. */
export function errorLog(): { readonly logger: Logger; readonly lines: string[] } {
  const lines: string[] = []
  const none = () => undefined
  const error = (message: string, fields?: Record<string, unknown>) => {
    const cause = fields?.['error']
    lines.push(
      `${String(fields?.['logger'])}: ${message}${cause instanceof Error ? `: ${cause.message}` : ''}`,
    )
  }
  const sink = { trace: none, debug: none, info: none, warn: none, error }
  return { logger: createLogger({ sink, level: 'error' }), lines }
}
