/**
 * `createCustody`: the custody surface every custodian's driver shares, over the wire it supplies:
 * requests checked and amounts converted exactly before anything is sent, an idempotence id on every
 * create, and transactions watched to their final state.
 */
import { defer, type MonoTypeOperatorFunction, type Observable } from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import type { VenueId } from '../../../core/model.js'
import type { CustodyTransferRequest, CustodyWire, VenueCustody } from '../../contract/custody.js'
import { decimalProblem, shownValue } from '../decimal-input.js'
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
  // an id from plain JavaScript that is not one is refused before it is put in a path
  const withId = <T>(field: string, id: unknown, call: () => Observable<T>): Observable<T> =>
    defer(() => {
      if (typeof id !== 'string' || id.trim() === '') {
        throw new VenueError({
          kind: 'invalid-request',
          venue: wire.venue,
          message: `${wire.venue} custody: ${field} must be a non-empty string, got ${shownValue(id)}`,
        })
      }
      return call()
    })
  const custody: VenueCustody = {
    vaults$: () => closing(wire.vaults()),
    balances: (vaultId) => closing(withId('vaultId', vaultId, () => wire.balances(vaultId))),
    transfer: (request) =>
      closing(
        defer(() => {
          checkTransfer(wire.venue, request)
          const baseUnits = toBaseUnits(request.amount, request.asset.decimals, wire.venue)
          return wire.create({ ...request, baseUnits, idempotenceId: request.idempotenceId ?? host.newId() })
        }),
      ),
    transaction: (id) => closing(withId('id', id, () => wire.get(id))),
    transaction$: (id, options) => closing(withId('id', id, () => watchTransaction(id, watchHost, options))),
    transactions: (query = {}) => closing(wire.list(query)),
  }
  return abort === undefined
    ? custody
    : { ...custody, abort: (id) => closing(withId('id', id, () => abort(id))) }
}

/**
 * Refuses (`invalid-request`, nothing sent) a transfer request that is not one as the types say: plain
 * JavaScript may pass a number or a string for the `Decimal` amount, or leave a field out.
 *
 * @throws VenueError `invalid-request` naming the field.
 * @example
 * checkTransfer('fordefi', { ...request, amount: 5 }) // throws: amount must be a Decimal (new Decimal('…')), got number 5
 */
export function checkTransfer(venue: VenueId, request: CustodyTransferRequest): void {
  const refuse = (why: string): never => {
    throw new VenueError({ kind: 'invalid-request', venue, message: `${venue} transfer: ${why}` })
  }
  const r: unknown = request
  if (typeof r !== 'object' || r === null)
    return refuse(`the request must be an object, got ${shownValue(r)}`)
  const given = r as Record<string, unknown>
  const text = (field: string, optional = false) => {
    const value = given[field]
    if (optional && value === undefined) return
    if (typeof value !== 'string' || value.trim() === '') {
      refuse(`${field} must be a non-empty string, got ${shownValue(value)}`)
    }
  }
  text('vaultId')
  if (typeof given['to'] !== 'string' || given['to'].trim() === '') {
    refuse(`to (the destination address) must be a non-empty string, got ${shownValue(given['to'])}`)
  }
  const asset = given['asset']
  if (typeof asset !== 'object' || asset === null)
    refuse(`asset must be a CustodyAsset, got ${shownValue(asset)}`)
  const amount = decimalProblem('amount', given['amount'])
  if (amount !== undefined) refuse(amount)
  if (given['note'] !== undefined && typeof given['note'] !== 'string') {
    refuse(`note must be a string, got ${shownValue(given['note'])}`)
  }
  text('idempotenceId', true)
}
