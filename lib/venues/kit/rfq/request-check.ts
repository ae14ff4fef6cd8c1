/**
 * A request for quote, and an accept, checked before anything is sent.
 */
import { VenueError } from '../../../core/errors.js'
import type { Side, VenueId } from '../../../core/model.js'
import type { RfqQuote, RfqRequest } from '../../contract/rfq.js'
import { dateProblem, decimalProblem, shownValue } from '../decimal-input.js'

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null

/**
 * `request` when it asks for exactly one positive amount (`quantity` or `quoteQuantity`, a `Decimal`)
 * on a known side of a named symbol; otherwise an `invalid-request` error is thrown, and nothing is
 * sent. A number or a string where a `Decimal` belongs (plain JavaScript) is refused, naming the field.
 *
 * @throws VenueError `invalid-request` naming what is wrong.
 * @example
 * checkRfqRequest('falconx', { symbol: 'BTC/USD', side: 'buy', quantity: new Decimal('0.5') }) // the request
 * checkRfqRequest('falconx', { symbol: 'BTC/USD', side: 'buy' }) // throws: quantity or quoteQuantity
 */
export function checkRfqRequest(venue: VenueId, request: RfqRequest): RfqRequest {
  const refuse = (why: string) =>
    new VenueError({ kind: 'invalid-request', venue, message: `${venue} request for quote: ${why}` })
  const given: unknown = request
  if (!isObject(given)) throw refuse(`the request must be an object, got ${shownValue(given)}`)
  if (typeof request.symbol !== 'string' || !request.symbol.includes('/'))
    throw refuse('a symbol (BASE/QUOTE) is needed')
  if (!['buy', 'sell', 'two-way'].includes(request.side)) throw refuse(`unknown side ${String(request.side)}`)
  const { quantity, quoteQuantity } = request
  if ((quantity === undefined) === (quoteQuantity === undefined)) {
    throw refuse('give exactly one of quantity and quoteQuantity')
  }
  const problem =
    decimalProblem('quantity', quantity, true) ?? decimalProblem('quoteQuantity', quoteQuantity, true)
  if (problem !== undefined) throw refuse(problem)
  const amount = quantity ?? quoteQuantity
  if (amount === undefined || !amount.isFinite() || !amount.isPositive() || amount.isZero()) {
    throw refuse(`the amount must be positive, got ${String(amount)}`)
  }
  const id: unknown = request.clientQuoteId
  if (id !== undefined && typeof id !== 'string') {
    throw refuse(`clientQuoteId must be a string, got ${shownValue(id)}`)
  }
  return request
}

/**
 * Refuses (`invalid-request`, nothing sent) an accept of something that is not a quote as `quote$`
 * gives it (an id, a `Date` expiry, `Decimal` amounts and prices: a quote read back from JSON needs
 * them restored), on a side that is not buy or sell, or on the side a one-sided quote does not offer.
 *
 * @throws VenueError `invalid-request` naming what is wrong.
 * @example
 * checkRfqAccept('falconx', quote, 'buy') // nothing, or throws
 */
export function checkRfqAccept(venue: VenueId, quote: RfqQuote, side: Side): void {
  const refuse = (why: string) =>
    new VenueError({ kind: 'invalid-request', venue, message: `${venue} accept: ${why}` })
  const given: unknown = quote
  if (!isObject(given)) throw refuse(`the quote must be a quote from quote$, got ${shownValue(given)}`)
  if (typeof given.id !== 'string' || given.id === '') {
    throw refuse(`quote.id must be the venue's quote id, got ${shownValue(given.id)}`)
  }
  const fromJson = (problem: string, value: unknown) =>
    typeof value === 'string'
      ? `${problem} (a quote read back from JSON needs its Dates and Decimals restored)`
      : problem
  const dated = dateProblem('quote.expiresAt', given.expiresAt)
  if (dated !== undefined) throw refuse(fromJson(dated, given.expiresAt))
  for (const [field, optional] of [
    ['quantity', false],
    ['quoteQuantity', true],
    ['bid', true],
    ['ask', true],
  ] as const) {
    const problem = decimalProblem(`quote.${field}`, given[field], optional)
    if (problem !== undefined) throw refuse(fromJson(problem, given[field]))
  }
  if (side !== 'buy' && side !== 'sell') throw refuse(`side must be buy or sell, got ${shownValue(side)}`)
  if (quote.side !== 'two-way' && quote.side !== side) {
    throw new VenueError({
      kind: 'invalid-request',
      venue,
      message: `${venue} quote ${quote.id} is a ${quote.side} quote; it cannot be accepted to ${side}`,
    })
  }
}
