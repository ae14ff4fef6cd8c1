/**
 * `startSimulator`: loopback venue simulators that speak each venue's real wire protocol on
 * 127.0.0.1, for end-to-end tests of the SDK and of users' own strategies.
 */
import { VenueError } from '../core/errors.js'
import { BinanceSimulator, type BinanceClientOptions } from './binance/binance-simulator.js'
import type { BinanceSimulatorOptions } from './binance/options.js'
import { BybitSimulator, type BybitClientOptions } from './bybit/bybit-simulator.js'
import type { BybitSimulatorOptions } from './bybit/options.js'

/** Venues the simulator can speak. */
export type SimulatedVenue = 'bybit' | 'binance'

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** The venues to start, each on its own free port. */
  readonly venues: readonly SimulatedVenue[]
  /** Seed of every venue's random market, ids and candle history. Default 1. */
  readonly seed?: number | undefined
  /** Step every watched market every `tickMs` ms. Default off: tests call `step()`. */
  readonly tickMs?: number | undefined
  /** Bybit-specific options; `seed` and `tickMs` above apply unless given here. */
  readonly bybit?: BybitSimulatorOptions | undefined
  /** Binance-specific options; `seed` and `tickMs` above apply unless given here. */
  readonly binance?: BinanceSimulatorOptions | undefined
}

/** The client options that point a client at the running simulators. */
export interface SimulatorClientOptions {
  readonly venues: { readonly bybit?: BybitClientOptions; readonly binance?: BinanceClientOptions }
}

/** Running venue simulators. */
export interface Simulator {
  /** Options for `createClient(...)`: every venue's URLs and credentials. */
  clientOptions(): SimulatorClientOptions
  /**
   * One simulated venue: its truth (`book`, `balance`), market control (`step`, `push`, `trade`,
   * `fillOrder`), clock and `faults`.
   *
   * @throws VenueError `invalid-request` for a venue that was not started.
   */
  venue(id: 'bybit'): BybitSimulator
  venue(id: 'binance'): BinanceSimulator
  /** Either venue, for code that treats them alike (`book`, `step`, `push`, `trade`, `faults`). */
  venue(id: SimulatedVenue): BybitSimulator | BinanceSimulator
  /** Closes every venue; resolves once all servers, sockets and timers are gone. */
  close(): Promise<void>
}

/**
 * Starts loopback simulators of the given venues on 127.0.0.1 and free ports.
 *
 * @example
 * const sim = await startSimulator({ venues: ['bybit'], seed: 42 })
 * const client = createClient(sim.clientOptions())
 * client.orderBook$('bybit', 'BTC/USDT').subscribe(render)
 * await sim.venue('bybit').subscribed('orderbook.50.BTCUSDT')
 * sim.venue('bybit').step(100)
 * sim.venue('bybit').faults.dropSockets()          // the client reconnects and resyncs
 * await sim.close()
 *
 * const both = await startSimulator({ venues: ['bybit', 'binance'] })
 * both.clientOptions().venues.binance // { restUrl, wsUrl, wsApiUrl, apiKey, secret }
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const wanted = new Set(options.venues)
  for (const v of wanted) {
    if (v !== 'bybit' && v !== 'binance') {
      throw new VenueError({ kind: 'invalid-request', message: `no simulator for venue ${String(v)}` })
    }
  }
  const bybit = wanted.has('bybit')
    ? await BybitSimulator.start({ seed: options.seed, tickMs: options.tickMs, ...options.bybit })
    : undefined
  let binance: BinanceSimulator | undefined
  try {
    binance = wanted.has('binance')
      ? await BinanceSimulator.start({ seed: options.seed, tickMs: options.tickMs, ...options.binance })
      : undefined
  } catch (e) {
    await bybit?.close()
    throw e
  }
  function venue(id: 'bybit'): BybitSimulator
  function venue(id: 'binance'): BinanceSimulator
  function venue(id: SimulatedVenue): BybitSimulator | BinanceSimulator
  function venue(id: SimulatedVenue): BybitSimulator | BinanceSimulator {
    if (id === 'bybit' && bybit !== undefined) return bybit
    if (id === 'binance' && binance !== undefined) return binance
    throw new VenueError({
      kind: 'invalid-request',
      message: `the simulator was not started with ${String(id)}`,
    })
  }
  return {
    clientOptions: () => ({
      venues: {
        ...(bybit === undefined ? {} : { bybit: bybit.clientOptions() }),
        ...(binance === undefined ? {} : { binance: binance.clientOptions() }),
      },
    }),
    venue,
    close: async () => {
      await Promise.all([bybit?.close(), binance?.close()])
    },
  }
}
