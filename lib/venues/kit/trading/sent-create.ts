/**
 * The create of a venue whose answer names the new order (Prime, Coinbase): the venue's body sent once
 * (never resent underneath: the trading surface settles a lost answer by looking the order up), and the
 * order acknowledged `new`, as checked, at venue time.
 */
import type * as t from 'io-ts'
import { map } from 'rxjs'
import type { Instrument, VenueId } from '../../../core/model.js'
import { timestampedMs } from '../timestamps.js'
import { acceptedOrder } from './accepted-order.js'
import type { CheckedOrder } from './checked-order.js'
import type { DriverAccount } from './driver-account.js'
import type { IdentifiedOrderRequest, TradingParts } from './surface.js'

/**
 * How a venue's create reads: its path, the codec of its answer, the checked order and body of a
 * request (throwing the refusal of one it will not send), and the order id an answer names (throwing
 * when the answer is a refusal).
 *
 * @example
 * const create: CreateWire<PrimeCreateAnswer> = { path: '/order', codec: PrimeCreateAnswer, prepare: preparePrimeOrder, idOf: (a) => a.order_id }
 */
export interface CreateWire<A> {
  readonly path: string
  readonly codec: t.Decoder<unknown, A>
  prepare(
    request: IdentifiedOrderRequest,
    instrument: Instrument,
  ): { readonly order: CheckedOrder; readonly body: object }
  idOf(answer: A): string
}

/**
 * The trading surface's create: `POST` of the prepared body through `account.send` (not idempotent:
 * sent once), then the order the answer names, `new`, at the account's venue time when answered.
 *
 * @example
 * const create = sentCreate('prime', account, { path: '/order', codec: PrimeCreateAnswer, prepare: preparePrimeOrder, idOf: (a) => a.order_id })
 */
export function sentCreate<A>(
  venue: VenueId,
  account: Pick<DriverAccount, 'send' | 'now'>,
  wire: CreateWire<A>,
): TradingParts['create'] {
  return (request, instrument, sendBy) => {
    const { order, body } = wire.prepare(request, instrument)
    return account.send(wire.path, wire.codec, { method: 'POST', body, idempotent: false }, sendBy).pipe(
      map((answer) => {
        const id = wire.idOf(answer)
        return acceptedOrder(venue, instrument.symbol, id, order, timestampedMs(account.now()))
      }),
    )
  }
}
