/**
 * What the FalconX simulator's handlers share.
 */
import type { SimFaults } from '../kit/faults.js'
import type { RestRequestEvent } from '../kit/rest-api.js'
import type { SimContext, SimShellEvent } from '../kit/venue-simulator.js'
import type { FalconxSimKey } from './auth.js'
import type { FalconxDesk } from './desk.js'
import type { ResolvedFalconxOptions } from './options.js'

/**
 * What the FalconX simulator reports on `events$`: each answered request (status 0: its answer was
 * lost), and each execution.
 *
 * @example
 * falconx.events$.pipe(filter((e) => e.type === 'executed')).subscribe((e) => console.log(e.quoteId))
 */
export type FalconxSimEvent =
  | RestRequestEvent<string>
  | { readonly type: 'executed'; readonly quoteId: string; readonly side: 'buy' | 'sell' }
  | SimShellEvent

/**
 * The simulator's context: the shell's, the desk and the key.
 *
 * @example
 * const ctx: FalconxContext = { ...this.context(), desk, key }
 */
export interface FalconxContext extends SimContext<ResolvedFalconxOptions, SimFaults, FalconxSimEvent> {
  readonly desk: FalconxDesk
  readonly key: FalconxSimKey
}
