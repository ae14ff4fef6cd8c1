/**
 * `DeskSimulator`: the shell of a venue without markets (an RFQ desk, a custodian). It serves no
 * WebSocket, publishes no book, trades or candles and pushes nothing: its workflows move on
 * `Timeline`s and its clients poll them over REST.
 */
import type { VenueId } from '../../core/model.js'
import type { SimFaults } from './faults.js'
import type { ResolvedVenueOptions, SimMarket } from './options.js'
import type { UpgradeAnswer } from './server.js'
import { VenueSimulator, type MarketOf } from './venue-simulator.js'

/**
 * The shell of one simulated venue without markets. Start a venue's simulator with
 * {@link startSimulator} (or its own static `start`).
 *
 * @example
 * const falconx = await FalconxSimulator.start({ seed: 42 }) // a DeskSimulator
 * falconx.faults.loseNextResponse()                          // the next execution's answer never arrives
 * await falconx.close()
 */
export abstract class DeskSimulator<
  Id extends VenueId,
  E extends { readonly type: string },
  F extends SimFaults,
  O extends ResolvedVenueOptions<SimMarket> = ResolvedVenueOptions<SimMarket>,
> extends VenueSimulator<Id, E, F, O> {
  /** @internal No socket is served: every upgrade is refused. */
  protected override upgrade(): UpgradeAnswer | undefined {
    return undefined
  }

  /** @internal No market is watched. */
  protected override watchedMarkets(): MarketOf<O>[] {
    return []
  }

  /** @internal No book is published. */
  protected override bookSequence(): number | undefined {
    return undefined
  }

  /** @internal No book stream to skip an update id of. */
  protected override skipUpdateId(): void {}

  /** @internal Nothing is pushed: the venue is polled. */
  protected override flush(): void {}
}
