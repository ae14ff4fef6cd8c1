/**
 * The order manager's options, checked when it is made: a misspelt option would otherwise be its
 * default, silently.
 */
import { VenueError } from '../core/errors.js'
import { didYouMean } from '../core/suggest.js'
import type { OrderManagerOptions } from './manager-types.js'

const NAMES: { readonly [K in keyof OrderManagerOptions]-?: true } = {
  client: true,
  store: true,
  risk: true,
  venues: true,
  markets: true,
  scheduler: true,
  absentAfterMs: true,
  keepFinishedOrders: true,
  keepFillKeys: true,
  newClientOrderId: true,
  logger: true,
}

/**
 * Refuses an unknown option (naming the closest), a missing client and an `absentAfterMs` that is not
 * a number of ms >= 0; the other values are checked where they are read.
 *
 * @throws VenueError `invalid-request`
 * @example
 * checkManagerOptions({ client, absentAfterMS: 5000 }) // throws: unknown order manager option absentAfterMS; did you mean absentAfterMs?
 */
export function checkManagerOptions(options: OrderManagerOptions): void {
  const refuse = (message: string): never => {
    throw new VenueError({ kind: 'invalid-request', message })
  }
  if (typeof options !== 'object' || options === null) refuse('order manager options must be an object')
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined && !Object.hasOwn(NAMES, name)) {
      refuse(`unknown order manager option ${name}${didYouMean(name, Object.keys(NAMES))}`)
    }
  }
  if (typeof options.client !== 'object' || options.client === null)
    refuse('the order manager needs a client')
  const absent = options.absentAfterMs
  if (absent !== undefined && !(typeof absent === 'number' && absent >= 0 && Number.isFinite(absent))) {
    refuse(`absentAfterMs must be a number of ms >= 0, got ${JSON.stringify(absent)}`)
  }
}
