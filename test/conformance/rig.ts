/**
 * The venues the conformance suite runs over, derived from the list of venue modules (every module
 * with a simulator), and a rig per venue: its simulator, started through the module's own loader,
 * and clients pointed at it through the public client API.
 */
import { lastValueFrom } from 'rxjs'
import {
  VENUE_MODULES,
  createClient,
  silentLogger,
  type AnyVenueModule,
  type Client,
  type Instrument,
  type UnifiedSymbol,
  type VenueId,
  type VenueOptions,
} from 'rxvenue'
import { VenueSimulator, type SimulatorModule, type VenueSimulatorOptions } from 'rxvenue/testing'
import { record, type Recorder } from '../e2e/support.js'
import { simAdapter, type ConformanceSimulator, type SimAdapter, type SimEvent } from './sim-adapter.js'

/**
 * Every registered venue that has a simulator: a venue added to the list of venue modules with one
 * gets the whole suite.
 */
export const SIMULATED_VENUES: readonly AnyVenueModule[] = VENUE_MODULES.filter(
  (m) => m.simulator !== undefined,
)

/** Reconnects within a few ms, without jitter, so a test waits on signals, never on backoff. */
export const FAST_BACKOFF = { initialMs: 5, maxMs: 40, jitter: 'none' } as const

/** The symbol every case trades and watches: BTC/USDT where listed, else the first listed market. */
/**
 * The venue's account takes resting (good-till-canceled) limit orders, which the order cases (c), (d),
 * (e) and the account streams of (b) and (f) are built on. An RFQ venue's orders execute at once
 * (FalconX: market and fill-or-kill); its account is covered by the RFQ cases (`rfq.test.ts`).
 */
export function restsOrders(module: AnyVenueModule): boolean {
  return module.capabilities.trading?.timeInForce.includes('GTC') === true
}

/**
 * The venue streams market data over sockets, which the reconnect (b) and close (f) cases drive.
 */
export function streamsMarketData(module: AnyVenueModule): boolean {
  const m = module.capabilities.marketData
  return m.book || m.trades || m.ticker || m.candleIntervals.length > 0
}

const PREFERRED_SYMBOL: UnifiedSymbol = 'BTC/USDT'

/**
 * The book depth the cases watch: 50 where the venue serves fixed depths (its largest below that
 * otherwise), the whole book where any depth goes.
 */
export function bookDepthOf(module: AnyVenueModule): number | undefined {
  const depths = module.capabilities.marketData.bookDepths
  if (depths === undefined || depths.length === 0) return undefined
  const fit = depths.filter((d) => d <= 50)
  return fit.length > 0 ? Math.max(...fit) : Math.min(...depths)
}

/** A venue's simulator and the clients of a test, pointed at it. */
export interface Rig {
  readonly module: AnyVenueModule
  readonly id: VenueId
  readonly sim: ConformanceSimulator
  readonly adapter: SimAdapter
  /** Everything the simulator reported since it started. */
  readonly simEvents: Recorder<SimEvent>
  /** A client with the rig's driver options, made on first use. */
  readonly client: Client
  /** Another client on the simulator, with driver options of its own over the rig's. */
  clientWith(driver: Partial<VenueOptions>): Client
  /** The market the cases use, as the venue lists it. */
  instrument(): Promise<Instrument>
  /** Closes every client, then the simulator. */
  close(): Promise<void>
}

/** Options of {@link startRig}. */
export interface RigOptions {
  readonly seed: number
  /** The simulator's shared options beyond the seed; markets move only when the test says so. */
  readonly simulator?: VenueSimulatorOptions | undefined
  /** Driver options beyond the simulator's URLs and keys (and {@link FAST_BACKOFF}). */
  readonly driver?: Partial<VenueOptions> | undefined
}

/**
 * Loads a venue's simulator through its module's `simulator` loader and starts it on a free port, its
 * market still until stepped.
 *
 * @example
 * const rig = await startRig(BYBIT_MODULE, { seed: 42 })
 * rig.client.orderBook$(rig.id, 'BTC/USDT').subscribe(show)
 * await rig.close()
 */
export async function startRig(module: AnyVenueModule, options: RigOptions): Promise<Rig> {
  const simulator = await simulatorOf(module)
  const sim = await simulator.start({ seed: options.seed, tickMs: 'manual', ...options.simulator })
  const simEvents = record(sim.events$)
  const clients: Client[] = []
  const clientWith = (driver: Partial<VenueOptions>): Client => {
    const venue = {
      ...sim.clientOptions(),
      logger: silentLogger,
      backoff: FAST_BACKOFF,
      ...options.driver,
      ...driver,
    }
    const client = createClient({ venues: { [module.id]: venue }, logger: silentLogger })
    clients.push(client)
    return client
  }
  let client: Client | undefined
  let instrument: Promise<Instrument> | undefined
  const rig: Rig = {
    module,
    id: module.id,
    sim,
    adapter: simAdapter(module.id),
    simEvents,
    get client() {
      client ??= clientWith({})
      return client
    },
    clientWith,
    instrument: () => {
      instrument ??= lastValueFrom(rig.client.instruments$(module.id)).then((listed) => {
        const found = listed.find((i) => i.symbol === PREFERRED_SYMBOL) ?? listed[0]
        if (found === undefined) throw new Error(`${module.id} lists no instrument`)
        return found
      })
      return instrument
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.close()))
      simEvents.stop()
      await sim.close()
    },
  }
  return rig
}

/**
 * The simulator module in what a venue module's `simulator` loader gives: the one export whose `id` is
 * the venue's and that can `start`. (The loaders give a simulator folder's index, which names its
 * simulator after the venue: `BybitSimulator`, `BinanceSimulator`.)
 */
async function simulatorOf(
  module: AnyVenueModule,
): Promise<SimulatorModule<VenueId, VenueSimulatorOptions, ConformanceSimulator>> {
  if (module.simulator === undefined) throw new Error(`${module.id} has no simulator`)
  const exported = Object.values((await module.simulator()) as Record<string, unknown>)
  const found = exported.filter(
    (e): e is SimulatorModule<VenueId, VenueSimulatorOptions, ConformanceSimulator> =>
      typeof e === 'function' &&
      (e as { id?: unknown }).id === module.id &&
      typeof (e as { start?: unknown }).start === 'function',
  )
  const only = found[0]
  if (only === undefined || found.length > 1) {
    throw new Error(`the ${module.id} simulator loader gives ${found.length} simulator modules, not one`)
  }
  const started = only.start
  return {
    id: only.id,
    start: async (options) => {
      const sim = await started.call(only, options)
      if (!(sim instanceof VenueSimulator)) {
        throw new Error(
          `the ${module.id} simulator is not a VenueSimulator: the suite drives the shared shell`,
        )
      }
      return sim
    },
  }
}
