/**
 * The faults of the Fordefi simulator: the shared ones and the approval workflow's own.
 */
import { SimFaults } from '../kit/faults.js'
import type { FlowFault } from './desk.js'

/**
 * The faults of one simulated Fordefi, as `sim.venue('fordefi').faults`: the shared ones (`failNext`
 * for 429 and 5xx, `loseNextResponse` for a create whose answer is lost after the transaction was
 * made, …) and the workflow's own, each for the next transaction created.
 *
 * @example
 * const faults = sim.venue('fordefi').faults
 * faults.revertNext()        // mined_reverted: the fee is spent, the amount stays
 * faults.loseNextResponse()  // created, answer dropped
 */
export class FordefiFaults extends SimFaults {
  private readonly flows: FlowFault[] = []

  /** The next transaction created gets `stuck` after it was pushed to the chain. */
  stuckNext(): void {
    this.flows.push('stuck')
  }

  /** The next transaction created fails as it is signed (`error_signing`). */
  failSigningNext(): void {
    this.flows.push('sign-error')
  }

  /** The next transaction created is mined and reverts (`mined_reverted`): the fee is spent, the amount stays. */
  revertNext(): void {
    this.flows.push('revert')
  }

  /** @internal The workflow fault of the transaction being created now, if one is queued. */
  takeFlowFault(): FlowFault | undefined {
    return this.flows.shift()
  }
}
