/**
 * Quotes of a venue that quotes one side at a time (Prime): a `two-way` request refused before anything
 * is sent, and the one price the venue answers read as the ask of a buy or the bid of a sell.
 */
import type { Decimal } from '../../../core/decimal.js'
import { VenueError } from '../../../core/errors.js'
import type { Side, UnifiedSymbol, VenueId } from '../../../core/model.js'
import type { RfqQuote, RfqRequest } from '../../contract/rfq.js'

/**
 * The side of a request to a venue that quotes one side at a time.
 *
 * @throws VenueError `invalid-request` (`<venue> quotes one side at a time`) for `two-way`.
 * @example
 * oneSide('prime', { symbol: 'BTC/USD', side: 'buy', quantity: d('1') })      // 'buy'
 * oneSide('prime', { symbol: 'BTC/USD', side: 'two-way', quantity: d('1') })  // throws invalid-request
 */
export function oneSide(venue: VenueId, request: RfqRequest): Side {
  if (request.side !== 'two-way') return request.side
  throw new VenueError({ kind: 'invalid-request', venue, message: `${venue} quotes one side at a time` })
}

/**
 * What a venue answers to a one-sided request, in the model's words.
 *
 * @example
 * const answer: OneSidedAnswer = { id: q.quote_id, price: q.quote_price, quantity: q.base_quantity, quoteQuantity: q.quote_value, expiresAt }
 */
export interface OneSidedAnswer {
  /** The venue's quote id. */
  readonly id: string
  /** The one price quoted. */
  readonly price: Decimal
  /** The base quantity quoted, when the venue says it. */
  readonly quantity?: Decimal | undefined
  /** The quote-asset amount quoted, when the venue says it. */
  readonly quoteQuantity?: Decimal | undefined
  readonly expiresAt: Date
}

/**
 * The quote a venue answered to `request` for `side`, at venue time `now` (ms): the price is the ask of
 * a buy, the bid of a sell; the base quantity is the venue's, else the request's, else the quote
 * amount (the venue's, else the request's) over the price; the quote amount is the venue's, else the
 * request's.
 *
 * @example
 * oneSidedQuote('prime', 'BTC/USD', request, 'buy', { id: 'q-1', price: d('60000'), quoteQuantity: d('600'), expiresAt }, now).quantity // Decimal 0.01
 */
export function oneSidedQuote(
  venue: VenueId,
  symbol: UnifiedSymbol,
  request: RfqRequest,
  side: Side,
  answer: OneSidedAnswer,
  now: number,
): RfqQuote {
  const { price } = answer
  // a quote asked by value is for that value, where the venue's answer does not say it again
  const quoteAmount = answer.quoteQuantity ?? request.quoteQuantity ?? price.mul(0)
  return {
    venue,
    symbol,
    id: answer.id,
    side,
    quantity: answer.quantity ?? request.quantity ?? quoteAmount.div(price),
    quoteQuantity: answer.quoteQuantity ?? request.quoteQuantity,
    ...(side === 'buy' ? { ask: price } : { bid: price }),
    expiresAt: answer.expiresAt,
    clientQuoteId: request.clientQuoteId,
    timestamp: new Date(now),
    rawTimestamp: now,
  }
}
