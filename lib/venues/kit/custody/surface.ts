/**
 * `createCustody`: the custody surface every custodian's driver shares, over the wire it supplies:
 * requests checked and amounts converted exactly before anything is sent, an idempotence id on every
 * create, and transactions watched to their final state.
 */
import { defer, type MonoTypeOperatorFunction, type Observable } from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import type { CustodyWire, VenueCustody } from '../../contract/custody.js'
import { toBaseUnits } from './base-units.js'
import { watchTransaction, type TransactionWatchHost } from './transaction-watch.js'

/**
 * What the surface takes of its driver besides the wire.
 *
 * @example
 * const host: CustodyHost = { scheduler, poll, emit: ctx.emit, untilClosed: ctx.untilClosed, newId: () => crypto.randomUUID() }
 */
export interface CustodyHost extends Omit<TransactionWatchHost, 'get' | 'updates$'> {
  /** Completes a stream when the driver closes. */
  untilClosed<T>(): MonoTypeOperatorFunction<T>
  /** A fresh idempotence id, for a transfer that brings none. */
  newId(): string
}

/**
 * The custody surface over a venue's wire.
 *
 * @example
 * const custody = createCustody(fordefiCustodyWire(ctx), { scheduler, poll, emit: ctx.emit, untilClosed: ctx.untilClosed, newId })
 * custody.transfer(request).subscribe((tx) => console.log(tx.id, tx.state))
 */
export function createCustody(wire: CustodyWire, host: CustodyHost): VenueCustody {
  const closing = <T>(o: Observable<T>) => o.pipe(host.untilClosed<T>())
  const watchHost: TransactionWatchHost = { ...host, get: (id) => wire.get(id), updates$: wire.updates$ }
  const abort = wire.abort?.bind(wire)
  const custody: VenueCustody = {
    vaults$: () => closing(wire.vaults()),
    balances: (vaultId) => closing(wire.balances(vaultId)),
    transfer: (request) =>
      closing(
        defer(() => {
          if (request.to.trim() === '') {
            throw new VenueError({
              kind: 'invalid-request',
              venue: wire.venue,
              message: 'transfer needs a destination address',
            })
          }
          const baseUnits = toBaseUnits(request.amount, request.asset.decimals, wire.venue)
          return wire.create({ ...request, baseUnits, idempotenceId: request.idempotenceId ?? host.newId() })
        }),
      ),
    transaction: (id) => closing(wire.get(id)),
    transaction$: (id, options) => closing(watchTransaction(id, watchHost, options)),
    transactions: (query = {}) => closing(wire.list(query)),
  }
  return abort === undefined ? custody : { ...custody, abort: (id) => closing(abort(id)) }
}
