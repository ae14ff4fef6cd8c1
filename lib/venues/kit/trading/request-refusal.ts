/**
 * The one refusal of a request a venue will not send, whatever the request: an order, an amendment, a
 * venue's own order terms.
 */
import { VenueError } from '../../../core/errors.js'
import type { VenueId } from '../../../core/model.js'

/**
 * A refusal of a `what` (`order`, `amendment`) of `venue` before anything is sent: each call throws
 * `invalid-request` with the message `<venue> <what> refused before sending: <why>`.
 *
 * @example
 * const refuse = requestRefusal('falconx', 'order')
 * if (slippageBps !== undefined && type !== 'limit') refuse('slippageBps applies to fill-or-kill limit orders only')
 * // throws VenueError(invalid-request): falconx order refused before sending: slippageBps applies to …
 */
export function requestRefusal(venue: VenueId, what: string): (why: string) => never {
  return (why) => {
    throw new VenueError({
      kind: 'invalid-request',
      venue,
      message: `${venue} ${what} refused before sending: ${why}`,
    })
  }
}
