/**
 * The order manager's options, checked when it is made: a misspelt option would otherwise be its
 * default, silently.
 */
import { VenueError } from '../core/errors.js'
import { checkOptions, type OptionKind } from '../core/option-check.js'
import type { OrderManagerOptions } from './manager-types.js'

const KINDS: { readonly [K in keyof OrderManagerOptions]-?: OptionKind } = {
  client: 'object',
  store: 'object',
  risk: 'object',
  venues: 'object',
  markets: 'object',
  scheduler: 'object',
  absentAfterMs: 'ms',
  reconcileEveryMs: 'ms',
  // a whole number or Infinity, checked where it is read
  keepFinishedOrders: 'any',
  keepFillKeys: 'any',
  newClientOrderId: 'function',
  logger: 'object',
}

/**
 * Refuses an unknown option (naming the closest), a missing client and an option of the wrong kind;
 * the risk configuration and the counts are checked where they are read.
 *
 * @throws VenueError `invalid-request`
 * @example
 * checkManagerOptions({ client, absentAfterMS: 5000 }) // throws: order manager: unknown option absentAfterMS; did you mean absentAfterMs?
 */
export function checkManagerOptions(options: OrderManagerOptions): void {
  const refuse = (message: string): never => {
    throw new VenueError({ kind: 'invalid-request', message: `order manager: ${message}` })
  }
  checkOptions('order manager', options, KINDS)
  if (options.client === undefined) refuse('a client is needed')
}
