/**
 * Prime's request for quote as an {@link RfqWire}: `POST /rfq` for a firm quote, `POST /accept_quote`
 * to take it; the order it made is read by the order queries (by its client order id, the quote's id,
 * when an accept's outcome is unknown), its fill from the order's fills.
 * https://docs.cdp.coinbase.com/prime/concepts/rfq
 */
import { concatMap, map } from 'rxjs'
import type { Side } from '../../core/model.js'
import type { RfqQuote, RfqRequest, RfqWire } from '../contract/rfq.js'
import { oneSide, oneSidedQuote } from '../kit/rfq/one-sided-quote.js'
import { withSymbols } from '../kit/with-symbols.js'
import { acceptedExecution, orderExecution, type ExecutionOrders } from '../kit/rfq/order-execution.js'
import { PrimeCreateAnswer, PrimeQuoteAnswer } from './codecs.js'
import type { PrimeAccount } from './orders.js'

/** The RFQ wire of a portfolio. Quotes are one-sided (`two-way` is `invalid-request`), by base quantity or quote value. */
export function createPrimeRfqWire(account: PrimeAccount, orders: ExecutionOrders): RfqWire {
  return {
    venue: 'prime',

    requestQuote: (request: RfqRequest) =>
      withSymbols(account, (symbols) => {
        const side = oneSide('prime', request)
        const instrument = symbols.instrument(request.symbol)
        const body = {
          product_id: instrument.venueSymbol,
          side: side === 'buy' ? 'BUY' : 'SELL',
          ...(request.clientQuoteId === undefined ? {} : { client_quote_id: request.clientQuoteId }),
          ...(request.quantity !== undefined
            ? { base_quantity: request.quantity.toFixed() }
            : { quote_value: request.quoteQuantity?.toFixed() ?? '' }),
        }
        return account.send('/rfq', PrimeQuoteAnswer, { method: 'POST', body }).pipe(
          map((q) => {
            const answer = {
              id: q.quote_id,
              price: q.quote_price,
              quantity: q.base_quantity,
              quoteQuantity: q.quote_value,
              expiresAt: q.expiration_time.timestamp,
            }
            return oneSidedQuote('prime', instrument.symbol, request, side, answer, account.now())
          }),
        )
      }),

    accept: (quote: RfqQuote, side: Side) =>
      withSymbols(account, (symbols) => {
        const body = {
          product_id: symbols.instrument(quote.symbol).venueSymbol,
          side: side === 'buy' ? 'BUY' : 'SELL',
          client_order_id: quote.id,
          quote_id: quote.id,
        }
        return account
          .send('/accept_quote', PrimeCreateAnswer, { method: 'POST', idempotent: false, body })
          .pipe(concatMap((answer) => acceptedExecution('prime', orders, quote, answer.order_id)))
      }),

    lookup: (quote: RfqQuote) =>
      orderExecution(orders, quote, { symbol: quote.symbol, clientOrderId: quote.id }),
  }
}
