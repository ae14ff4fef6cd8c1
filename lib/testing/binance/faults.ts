/** The Binance simulator's faults: a diff-depth feed's, and the user data stream ending. */
import { DepthFeedFaults, type DepthFaultHooks } from '../kit/depth-faults.js'

/**
 * The faults of one simulated Binance venue, as `sim.venue('binance').faults`. `loseNextResponse`
 * and `spoilNextOrderAnswer` apply to `POST /api/v3/order`.
 *
 * @example
 * const faults = sim.venue('binance').faults
 * faults.holdDepth()            // depth events queue up while the book moves
 * binance.step(5)
 * faults.staleSnapshot(3)       // the next REST snapshot is 3 update ids old
 * faults.releaseDepth()         // the queued events arrive
 * faults.terminateUserStream()  // eventStreamTerminated on every user data subscription
 */
export class BinanceFaults extends DepthFeedFaults {
  /** @internal The simulator makes its own. */
  constructor(private readonly userStream: DepthFaultHooks & { terminateUserStream(): void }) {
    super(userStream)
  }

  /** Ends every user data stream subscription now with `eventStreamTerminated`; the client must resubscribe. */
  terminateUserStream(): void {
    this.userStream.terminateUserStream()
  }
}
