/**
 * Prime's request for quote as an {@link RfqWire}: `POST /rfq` for a firm quote, `POST /accept_quote`
 * to take it; the order it made is read by the order queries (by its client order id, the quote's
 * id, when an accept's outcome is unknown), its fill from the order's fills. https://docs.cdp.coinbase.com/prime/concepts/rfq
 */
import { concatMap, first, map, of, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { OrderRef, Side } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import type { RfqExecution, RfqQuote, RfqRequest, RfqWire } from '../contract/rfq.js'
import { PrimeCreateAnswer, PrimeQuoteAnswer } from './codecs.js'
import type { PrimeAccount, PrimeOrders } from './orders.js'

/**
 * The RFQ wire of a portfolio. Quotes are one-sided (`two-way` is `invalid-request`), by base quantity
 * or quote value.
 *
 * @example
 * const wire = createPrimeRfqWire(account, createPrimeOrders(account))
 * wire.requestQuote({ symbol: 'BTC/USD', side: 'buy', quantity: d('1') }).subscribe((q) => q.ask)
 */
export function createPrimeRfqWire(
  account: PrimeAccount,
  orders: Pick<PrimeOrders, 'lookup' | 'orderFills'>,
): RfqWire {
  const withSymbols = <T>(run: (symbols: SymbolMap) => Observable<T>) =>
    account.symbols().pipe(first(), concatMap(run))

  // the order a quote made, once filled, with its fill: the order's own, as its fills and fill history
  // list it (an RFQ fills once)
  const execution = (quote: RfqQuote, ref: OrderRef): Observable<RfqExecution | undefined> =>
    orders.lookup(ref).pipe(
      concatMap((order) =>
        order?.id === undefined || order.status !== 'filled'
          ? of(undefined)
          : orders.orderFills({ symbol: order.symbol, id: order.id }).pipe(
              map((fills) => {
                const fill = fills[fills.length - 1]
                return fill === undefined ? undefined : { quote, order, fill }
              }),
            ),
      ),
    )

  return {
    venue: 'prime',

    requestQuote: (request: RfqRequest) =>
      withSymbols((symbols) => {
        if (request.side === 'two-way')
          throw new VenueError({
            kind: 'invalid-request',
            venue: 'prime',
            message: 'prime quotes one side at a time',
          })
        const instrument = symbols.instrument(request.symbol)
        const side = request.side
        const body = {
          product_id: instrument.venueSymbol,
          side: side === 'buy' ? 'BUY' : 'SELL',
          ...(request.clientQuoteId === undefined ? {} : { client_quote_id: request.clientQuoteId }),
          ...(request.quantity !== undefined
            ? { base_quantity: request.quantity.toFixed() }
            : { quote_value: request.quoteQuantity?.toFixed() ?? '' }),
        }
        return account.send('/rfq', PrimeQuoteAnswer, { method: 'POST', body }).pipe(
          map((q): RfqQuote => {
            const price = q.quote_price
            const quantity = q.base_quantity ?? request.quantity ?? (q.quote_value ?? price.mul(0)).div(price)
            return {
              venue: 'prime',
              symbol: instrument.symbol,
              id: q.quote_id,
              side,
              quantity,
              quoteQuantity: q.quote_value ?? request.quoteQuantity,
              ...(side === 'buy' ? { ask: price } : { bid: price }),
              expiresAt: q.expiration_time.timestamp,
              clientQuoteId: request.clientQuoteId,
              timestamp: new Date(account.now()),
              rawTimestamp: account.now(),
            }
          }),
        )
      }),

    accept: (quote: RfqQuote, side: Side) =>
      withSymbols((symbols) => {
        const body = {
          product_id: symbols.instrument(quote.symbol).venueSymbol,
          side: side === 'buy' ? 'BUY' : 'SELL',
          client_order_id: quote.id,
          quote_id: quote.id,
        }
        return account
          .send('/accept_quote', PrimeCreateAnswer, { method: 'POST', idempotent: false, body })
          .pipe(
            concatMap((answer) => execution(quote, { symbol: quote.symbol, id: answer.order_id })),
            map((x) => {
              if (x !== undefined) return x
              const message = `quote ${quote.id} accepted, its order not yet filled`
              throw new VenueError({ kind: 'temporary', venue: 'prime', message })
            }),
          )
      }),

    lookup: (quote: RfqQuote) => execution(quote, { symbol: quote.symbol, clientOrderId: quote.id }),
  }
}
