/**
 * `startSimulator`: loopback venue simulators that speak each venue's real wire protocol on
 * 127.0.0.1, for end-to-end tests of the SDK and of users' own strategies.
 */
import { VenueError } from '../core/errors.js'
import { checkOptions, type OptionKind } from '../core/option-check.js'
import { BINANCE_SIMULATOR_OPTION_NAMES } from './binance/options.js'
import { BYBIT_SIMULATOR_OPTION_NAMES } from './bybit/options.js'
import { COINBASE_SIMULATOR_OPTION_NAMES } from './coinbase/options.js'
import { FALCONX_SIMULATOR_OPTION_NAMES } from './falconx/options.js'
import { FORDEFI_SIMULATOR_OPTION_NAMES } from './fordefi/options.js'
import { VENUE_SIMULATOR_OPTION_NAMES } from './kit/options.js'
import type { SimulatorModule, VenueSimulatorHandle } from './kit/venue-simulator.js'
import { PRIME_SIMULATOR_OPTION_NAMES } from './prime/options.js'
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
 * An option `startSimulator` or a venue lacks is refused (`invalid-request`), not ignored: a venue's
 * own option given at the top level says where it goes (`clock is an option of each venue: give it as
 * bybit: { clock }`), a misspelt one names the closest (`bybit: unknown option clok; did you mean
 * clock?`), and so are options of a venue `venues` does not list (they would start nothing). An
 * option set to `undefined` counts as not given.
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

/** Each venue's option names, to say where an option given at the top level goes. */
const VENUE_OPTION_NAMES: { readonly [V in SimulatedVenue]: Readonly<Record<string, true>> } = {
  bybit: BYBIT_SIMULATOR_OPTION_NAMES,
  binance: BINANCE_SIMULATOR_OPTION_NAMES,
  coinbase: COINBASE_SIMULATOR_OPTION_NAMES,
  prime: PRIME_SIMULATOR_OPTION_NAMES,
  falconx: FALCONX_SIMULATOR_OPTION_NAMES,
  fordefi: FORDEFI_SIMULATOR_OPTION_NAMES,
}

/** The top-level options: the shared ones and one object per venue. */
const TOP_LEVEL: { readonly [K in keyof SimulatorOptions]-?: OptionKind } = {
  venues: 'object',
  seed: 'any',
  tickMs: 'any',
  bybit: 'object',
  binance: 'object',
  coinbase: 'object',
  prime: 'object',
  falconx: 'object',
  fordefi: 'object',
}

const and = (names: readonly string[]): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`

/**
 * Refuses what `startSimulator` would otherwise ignore: a venue's option given at the top level
 * (saying where it goes), options of a venue not in `venues`, and an option it lacks (with the closest
 * ones). Options set to `undefined` pass.
 */
function checkSimulatorOptions(options: unknown): void {
  const refuse = (message: string) =>
    new VenueError({ kind: 'invalid-request', message: `startSimulator: ${message}` })
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) {
    const venues: unknown = (options as { venues?: unknown }).venues
    if (!Array.isArray(venues)) {
      throw refuse(`venues must be a list of venue ids (${Object.keys(VENUE_OPTION_NAMES).join(', ')})`)
    }
    const listed = venues.filter((v): v is SimulatedVenue => Object.hasOwn(VENUE_OPTION_NAMES, String(v)))
    const all = Object.keys(VENUE_OPTION_NAMES) as SimulatedVenue[]
    for (const [name, value] of Object.entries(options)) {
      if (value === undefined) continue
      if (Object.hasOwn(VENUE_OPTION_NAMES, name) && !listed.includes(name as SimulatedVenue)) {
        const lists = listed.length === 0 ? 'none' : listed.join(', ')
        throw refuse(
          `${name}: { … } is given but venues does not list ${name} (it lists: ${lists}), so they would be ignored: add ${name} to venues, or leave its options out`,
        )
      }
      if (Object.hasOwn(TOP_LEVEL, name)) continue
      const owners = listed.filter((v) => Object.hasOwn(VENUE_OPTION_NAMES[v], name))
      if (owners.length > 0) {
        const each = owners.length === listed.length && Object.hasOwn(VENUE_SIMULATOR_OPTION_NAMES, name)
        throw refuse(
          `${name} is an option of ${each ? 'each venue' : and(owners)}: give it as ${owners[0]}: { ${name} }`,
        )
      }
      const others = all.filter((v) => Object.hasOwn(VENUE_OPTION_NAMES[v], name))
      if (others.length > 0) {
        const of = listed.map((v) => ` or ${v}`).join('')
        throw refuse(`${name} is not an option of startSimulator${of}; ${and(others)} take it`)
      }
    }
  }
  checkOptions('startSimulator', options, TOP_LEVEL)
}

/** A venue's options over the shared ones; a venue's option set to `undefined` keeps the shared one. */
function merged(shared: object, own: object | undefined): object {
  const given = Object.entries(own ?? {}).filter(([, value]) => value !== undefined)
  return { ...shared, ...Object.fromEntries(given) }
}

/**
 * Starts loopback simulators of the given venues on 127.0.0.1 and free ports. Their markets move by
 * themselves every 100 ms unless `tickMs` says otherwise (see {@link SimulatorOptions}).
 *
 * @throws VenueError `invalid-request` for a venue it cannot simulate, or an option that is unknown
 * (`startSimulator: clock is an option of each venue: give it as bybit: { clock }`) or bad.
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
  checkSimulatorOptions(options)
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
      if (wanted.has(m.id)) started.set(m.id, await m.start(merged(shared, options[m.id])))
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
        const refused = `${venue} is not served by this simulator (it serves: ${served.join(', ')})`
        // the in-process mock has no simulator: the client makes it when named
        if (!modules.some((m) => m.id === venue))
          return `${refused}; name it beside them: createClient({ ...options, venues: { ...options.venues, ${venue}: {} } })`
        const asked = [...served, venue].map((v) => `'${v}'`).join(', ')
        return `${refused}; start it with startSimulator({ venues: [${asked}] })`
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
