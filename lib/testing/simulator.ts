/**
 * `startSimulator`: loopback venue simulators that speak each venue's real wire protocol on
 * 127.0.0.1, for end-to-end tests of the SDK and of users' own strategies.
 */
import { VenueError } from '../core/errors.js'
import type { SimulatorModule, VenueSimulatorHandle } from './kit/venue-simulator.js'
import { SIMULATORS } from './simulators.js'

/** @inline */
type Listed = (typeof SIMULATORS)[number]

/**
 * The options a venue's simulator takes, by venue id.
 *
 * @example
 * const bybit: SimulatorOptionsOf<'bybit'> = { seed: 7, rateLimits: { create: 2 } } // BybitSimulatorOptions
 */
export type SimulatorOptionsOf<V extends SimulatedVenue> = NonNullable<
  Parameters<Extract<Listed, { readonly id: V }>['start']>[0]
>

/**
 * A venue's running simulator type, by venue id.
 *
 * @example
 * const bybit: SimulatorOf<'bybit'> = sim.venue('bybit') // BybitSimulator
 */
export type SimulatorOf<V extends SimulatedVenue> = Awaited<
  ReturnType<Extract<Listed, { readonly id: V }>['start']>
>

/**
 * Venues the simulator can speak.
 *
 * @example
 * const venues: SimulatedVenue[] = ['bybit', 'binance']
 * const sim = await startSimulator({ venues })
 * for (const id of venues) sim.venue(id).step(10, 'BTC/USDT')
 */
export type SimulatedVenue = Listed['id']

/**
 * Options of {@link startSimulator}. `seed` and `tickMs` are shared so that one line gives a
 * reproducible pair of venues; a venue's own options override them.
 *
 * The markets move by themselves: every `tickMs` (100 ms by default) each listed market takes one
 * random step. Tests that compare exact books opt out with `tickMs: 'manual'` and move the market with
 * `step()`, `push()` and `trade()`.
 *
 * The venues started together quote around one reference price per symbol: one seeded random walk
 * (from `seed`), each venue a small fixed offset and its own seeded noise away from it, so their books
 * move together and a crossed pair of books (one venue's bid above the other's ask) is a rare, real
 * event rather than the rule. A venue started alone follows a walk of its own seed. The same seed
 * gives the same markets, step by step.
 *
 * @example
 * const options: SimulatorOptions = {
 *   venues: ['bybit', 'binance'],
 *   seed: 42,                                      // one reference walk for both venues
 *   tickMs: 50,                                    // markets move every 50 ms (default 100)
 *   bybit: { seed: 7, balances: { USDT: '500' } }, // Bybit's own book noise and ids, holding only 500 USDT
 * }
 * const sim = await startSimulator(options)
 *
 * // a test that steps the market itself
 * const frozen = await startSimulator({ venues: ['bybit'], seed: 42, tickMs: 'manual' })
 * frozen.venue('bybit').step(10, 'BTC/USDT')
 */
export type SimulatorOptions = SimulatorSharedOptions & {
  /** A venue's own options; `seed` and `tickMs` above apply unless given here. */
  readonly [V in SimulatedVenue]?: SimulatorOptionsOf<V> | undefined
}

/**
 * The options of {@link startSimulator} that are not a venue's own: which venues, and the seed and
 * tick they share.
 *
 * @example
 * const shared: SimulatorSharedOptions = { venues: ['bybit', 'binance'], seed: 42, tickMs: 'manual' }
 */
export interface SimulatorSharedOptions {
  /** The venues to start, each on its own free port. */
  readonly venues: readonly SimulatedVenue[]
  /** Seed of the shared reference price and of every venue's random market, ids and candle history. Default 1. */
  readonly seed?: number | undefined
  /**
   * Every `tickMs` ms each listed market takes one random step. `'manual'`: only `step()`, `push()` and
   * `trade()` move markets. Default 100.
   */
  readonly tickMs?: number | 'manual' | undefined
}

/**
 * The client options that point a client at the running simulators: each started venue's REST and
 * WebSocket URLs and the simulated account's API key and secret.
 *
 * @example
 * const options: SimulatorClientOptions = sim.clientOptions()
 * options.venues.bybit?.restUrl // 'http://127.0.0.1:40319' (a free port)
 * const client = createClient({ ...options, logger: silentLogger })
 */
export interface SimulatorClientOptions {
  /** One entry per started venue; a venue that was not started is absent. */
  readonly venues: { readonly [V in SimulatedVenue]?: ReturnType<SimulatorOf<V>['clientOptions']> }
  /**
   * The client's `onlyConfiguredVenues`: a client made from these options refuses, with
   * `invalid-request`, every venue the simulator does not serve (`binance is not served by this
   * simulator (it serves: bybit); …`) instead of reaching that venue's real endpoints. The mock venue
   * too: name it yourself (`venues: { ...options.venues, mock: {} }` or `drivers: { mock }`) to use it
   * beside the simulator.
   */
  readonly onlyConfiguredVenues: (venue: string) => string
}

/**
 * Running venue simulators, as {@link startSimulator} gives them: the options that point a client at
 * them, each venue's controls, and one `close` for all.
 *
 * @example
 * const sim: Simulator = await startSimulator({ venues: ['bybit', 'binance'], seed: 42 })
 * const client = createClient(sim.clientOptions())
 * client.bestBidAsk$([['bybit', 'BTC/USDT'], ['binance', 'BTC/USDT']]).subscribe(render)
 * sim.venue('binance').faults.dropSockets()
 * await client.close()
 * await sim.close()
 */
export interface Simulator {
  /**
   * Options for `createClient(...)`: every started venue's URLs and credentials, and
   * `onlyConfiguredVenues`, so that the client refuses a venue the simulator does not serve rather
   * than reach its real endpoints.
   */
  clientOptions(): SimulatorClientOptions
  /**
   * One started venue's simulator, typed as that venue's (`sim.venue('bybit')` is a
   * {@link BybitSimulator}): its truth (`book`, `balance`, `order`), market control (`step`, `push`,
   * `trade`, `fillOrder`), clock and `faults`. Given a union of venue ids, the union of their types.
   *
   * @throws VenueError `invalid-request` when the simulator was started without that venue.
   * @example
   * const bybit = sim.venue('bybit')
   * await bybit.subscribed('orderbook.50.BTCUSDT')
   * bybit.trade({ symbol: 'BTC/USDT', side: 'buy', qty: '0.5' })
   * sim.venue('binance').faults.terminateUserStream()
   * for (const id of ['bybit', 'binance'] as const) sim.venue(id).faults.dropSockets()
   */
  venue<V extends SimulatedVenue>(id: V): SimulatorOf<V>
  /** Closes every venue; resolves once all servers, sockets and timers are gone. */
  close(): Promise<void>
}

/**
 * Starts loopback simulators of the given venues on 127.0.0.1 and free ports. Their markets move by
 * themselves every 100 ms unless `tickMs` says otherwise (see {@link SimulatorOptions}).
 *
 * @example
 * const sim = await startSimulator({ venues: ['bybit'], seed: 42 })
 * const client = createClient(sim.clientOptions())
 * client.orderBook$('bybit', 'BTC/USDT', { depth: 50 }).pipe(take(3)).subscribe(render) // no step() needed
 * sim.venue('bybit').faults.dropSockets()          // the client reconnects and resyncs
 * await sim.close()
 *
 * const frozen = await startSimulator({ venues: ['bybit'], seed: 42, tickMs: 'manual' })
 * await frozen.venue('bybit').subscribed('orderbook.50.BTCUSDT')
 * frozen.venue('bybit').step(100)                  // 100 random changes, published now
 *
 * const both = await startSimulator({ venues: ['bybit', 'binance'] })
 * both.clientOptions().venues.binance // { restUrl, wsUrl, wsApiUrl, apiKey, secret }
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const modules: readonly SimulatorModule<SimulatedVenue, object>[] = SIMULATORS
  const wanted = new Set(options.venues)
  for (const v of wanted) {
    if (!modules.some((m) => m.id === v)) {
      throw new VenueError({ kind: 'invalid-request', message: `no simulator for venue ${String(v)}` })
    }
  }
  // One reference walk for every venue, even one given a seed of its own.
  const shared = { seed: options.seed, referenceSeed: options.seed ?? 1, tickMs: options.tickMs }
  const started = new Map<SimulatedVenue, VenueSimulatorHandle>()
  try {
    for (const m of modules) {
      if (wanted.has(m.id)) started.set(m.id, await m.start({ ...shared, ...options[m.id] }))
    }
  } catch (e) {
    await Promise.all([...started.values()].map((s) => s.close()))
    throw e
  }
  return {
    clientOptions: () => ({
      venues: Object.fromEntries([...started].map(([id, s]) => [id, s.clientOptions()])),
      onlyConfiguredVenues: (venue: string) => {
        const served = [...started.keys()]
        const asked = [...served, venue].map((v) => `'${v}'`).join(', ')
        return `${venue} is not served by this simulator (it serves: ${served.join(', ')}); start it with startSimulator({ venues: [${asked}] })`
      },
    }),
    venue: <V extends SimulatedVenue>(id: V): SimulatorOf<V> => {
      const s = started.get(id)
      if (s === undefined) {
        throw new VenueError({
          kind: 'invalid-request',
          message: `the simulator was not started with ${String(id)}`,
        })
      }
      return s as SimulatorOf<V>
    },
    close: async () => {
      await Promise.all([...started.values()].map((s) => s.close()))
    },
  }
}
