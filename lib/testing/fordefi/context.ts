/**
 * What the parts of the Fordefi simulator share: the shell's context and the organisation's desk.
 */
import type { SimContext, SimShellEvent } from '../kit/venue-simulator.js'
import type { FordefiDesk } from './desk.js'
import type { FordefiFaults } from './faults.js'
import type { ResolvedFordefiOptions } from './options.js'

/**
 * Something that happened in the Fordefi simulator, for tests to wait on instead of sleeping.
 *
 * @example
 * const refused = firstValueFrom(fordefi.events$.pipe(filter((e) => e.type === 'signature-refused')))
 */
export type FordefiSimEvent =
  | { readonly type: 'request'; readonly method: string; readonly path: string; readonly status: number }
  | { readonly type: 'signature-refused'; readonly path: string }
  | SimShellEvent

/**
 * The shared state of one Fordefi simulator.
 *
 * @example
 * const vaults = (ctx: FordefiContext) => ctx.desk.vaults()
 */
export interface FordefiContext extends SimContext<ResolvedFordefiOptions, FordefiFaults, FordefiSimEvent> {
  readonly desk: FordefiDesk
}
