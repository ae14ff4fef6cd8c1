/** Fault injection for the Bybit simulator: the shared faults of every simulated venue. */
import { SimFaults } from '../kit/faults.js'

export type { HttpFailure, MalformedKind, SpoiledAnswer } from '../kit/faults.js'

/**
 * The faults of one simulated Bybit venue, as `sim.venue('bybit').faults`. `loseNextResponse` and
 * `spoilNextOrderAnswer` apply to `POST /v5/order/create`.
 *
 * @example
 * const faults = sim.venue('bybit').faults
 * faults.failNext(2, 503)        // the next two HTTP requests answer 503
 * faults.failNext(1, 429)        // then one 429 with Retry-After: 1
 * faults.skipUpdateId()          // the next book delta skips a `u`
 * await faults.silence(200)      // nothing is sent on any socket for 200 ms (no pongs either)
 */
export class BybitFaults extends SimFaults {}
