/**
 * The Binance simulator's faults: the shared ones, the user data stream ending, and control over the
 * diff-depth race cases.
 */
import { SimFaults, type SimFaultHooks } from '../kit/faults.js'

/** @internal */
export interface BinanceFaultHooks extends SimFaultHooks {
  terminateUserStream(): void
  releaseDepth(): void
}

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
export class BinanceFaults extends SimFaults {
  private lag: number[] = []
  private held = false

  /** @internal The simulator makes its own. */
  constructor(private readonly binanceHooks: BinanceFaultHooks) {
    super(binanceHooks)
  }

  /** Ends every user data stream subscription now with `eventStreamTerminated`; the client must resubscribe. */
  terminateUserStream(): void {
    this.binanceHooks.terminateUserStream()
  }

  /**
   * The next REST depth snapshot shows the book as it was `updates` update ids ago (its
   * `lastUpdateId` too), as a snapshot served from a lagging replica: older than events already sent.
   */
  staleSnapshot(updates: number): void {
    if (!Number.isInteger(updates) || updates < 1)
      throw new RangeError(`staleSnapshot needs updates >= 1, got ${updates}`)
    this.lag.push(updates)
  }

  /**
   * Holds back every `depthUpdate` event from now on (they queue, one per publication) until
   * {@link releaseDepth}: the client sees as few events as the test wants before its snapshot.
   */
  holdDepth(): void {
    this.held = true
  }

  /** Sends the held depth events in order, and stops holding. */
  releaseDepth(): void {
    this.held = false
    this.binanceHooks.releaseDepth()
  }

  /** True while depth events are held back. */
  get depthHeld(): boolean {
    return this.held
  }

  /** @internal How many update ids old the snapshot being answered now is. */
  takeSnapshotLag(): number {
    return this.lag.shift() ?? 0
  }
}
