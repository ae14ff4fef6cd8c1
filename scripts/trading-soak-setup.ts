/**
 * The trading soak's venues: simulators funded for a long run with room for its order rate, and a
 * client tuned to notice a silence and recover from faults quickly.
 */
import { createLogger, silentLogger, type Logger } from '../lib/core/logging.js'
import type { ClientOptions } from '../streams/client.js'
import type { Simulator, SimulatorOptions } from '../lib/testing/index.js'
import type { LedgerVenue } from './trading-ledger.js'

const START = { USDT: '5000000', BTC: '50' }
const FEES = { maker: '0.001', taker: '0.002' }
/** Shorter than every silence the soak injects (3 s or more), so each is noticed and the streams replaced. */
export const SOAK_STALE_AFTER_MS = 2_000

/** Simulators of `venues`, markets moving every 100 ms. */
export function soakSimulatorOptions(venues: readonly LedgerVenue[], seed: number): SimulatorOptions {
  return {
    venues,
    seed,
    tickMs: 100,
    bybit: { balances: START, fees: FEES, rateLimits: { create: 10_000, cancel: 10_000 } },
    binance: {
      balances: START,
      fees: FEES,
      rateLimits: { ordersPer10s: 100_000, requestWeightPerMinute: 1_000_000 },
    },
  }
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
  return {
    venues: Object.fromEntries(venues.map((v) => [v, { ...reach[v], ...tuning }])),
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
