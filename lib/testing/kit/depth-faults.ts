/**
 * The faults of a venue that serves a diff-depth feed (`depth-books.ts`): the shared ones, and the
 * snapshot-versus-events race on demand: snapshots served from a lagging replica, and depth events
 * held back until the test releases them.
 */
import { SimFaults, type SimFaultHooks } from './faults.js'

/**
 * What the simulator does for a diff-depth feed's faults.
 *
 * @internal
 */
export interface DepthFaultHooks extends SimFaultHooks {
  /** Sends the depth events held back, in order. */
  releaseDepth(): void
}

/**
 * The shared faults, and control over a diff-depth feed's race cases.
 *
 * @example
 * faults.holdDepth()        // depth events queue up while the book moves
 * sim.step(5)
 * faults.staleSnapshot(3)   // the next REST snapshot is 3 update ids old
 * faults.releaseDepth()     // the queued events arrive
 */
export class DepthFeedFaults extends SimFaults {
  private lag: number[] = []
  private held = false

  /** @internal The simulator makes its own. */
  constructor(private readonly depthHooks: DepthFaultHooks) {
    super(depthHooks)
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
   * Holds back every depth event from now on (they queue, one per publication) until
   * {@link releaseDepth}: the client sees as few events as the test wants before its snapshot.
   */
  holdDepth(): void {
    this.held = true
  }

  /** Sends the held depth events in order, and stops holding. */
  releaseDepth(): void {
    this.held = false
    this.depthHooks.releaseDepth()
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
