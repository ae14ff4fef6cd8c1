/**
 * What {@link startSimulator} needs of a venue's simulator: its id and how to start it, and what a
 * running one offers whatever its venue.
 */
import type { UnifiedSymbol, VenueId } from '../../core/model.js'
import type { SimFaults } from './faults.js'

/**
 * What every running venue simulator offers, whatever its venue: what {@link startSimulator} needs of it.
 *
 * @example
 * const handles: VenueSimulatorHandle[] = [sim.venue('bybit'), sim.venue('binance')]
 * for (const h of handles) h.faults.dropSockets()
 */
export interface VenueSimulatorHandle {
  readonly id: VenueId
  /** What the client's options for this venue need to reach it. */
  clientOptions(): object
  readonly faults: SimFaults
  /** Moves the venue on now: `n` market steps (or workflow steps, for a venue without markets). */
  step(n?: number, symbol?: UnifiedSymbol): void
  /** Stops it; resolves once its server, sockets and timers are gone. */
  close(): Promise<void>
}

/**
 * A simulator as {@link startSimulator} lists it: its venue id and how to start it. A simulator class
 * is one (a static `id` and `start`).
 *
 * @example
 * const module: SimulatorModule<'bybit', BybitSimulatorOptions, BybitSimulator> = BybitSimulator
 * const bybit = await module.start({ seed: 42 })
 */
export interface SimulatorModule<
  Id extends VenueId = VenueId,
  Options = never,
  Handle extends VenueSimulatorHandle = VenueSimulatorHandle,
> {
  readonly id: Id
  /** Starts the venue's simulator on a free port. */
  start(options: Options): Promise<Handle>
}
