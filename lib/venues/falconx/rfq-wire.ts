/**
 * FalconX's {@link RfqWire}: ask for a quote (`POST /v1/quotes`), execute it
 * (`POST /v1/quotes/execute`), and its status (`GET /v1/quotes/{id}`).
 */
import { concatMap, map, throwError, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Side } from '../../core/model.js'
import type { RestClient } from '../../transport/rest.js'
import { unsupported } from '../contract/capability-check.js'
import type { RfqExecution, RfqQuote, RfqRequest, RfqWire } from '../contract/rfq.js'
import { FxQuote } from './codecs.js'
import type { FalconxContext } from './context.js'
import { fxSide, logWarnings, toExecution, toRfqQuote } from './mappers.js'

/**
 * The RFQ wire of a FalconX driver with credentials.
 *
 * @example
 * const { rfq, fills$ } = rfqSurface(falconxRfqWire(ctx, ctx.privateRest), { resendOnce: true })
 */
export function falconxRfqWire(ctx: FalconxContext, rest: RestClient): RfqWire {
  const log = ctx.logger.child('rfq')
  const read = (where: string) =>
    map((q: FxQuote) => {
      logWarnings(log, q, where)
      return q
    })

  const requestQuote = (request: RfqRequest): Observable<RfqQuote> => {
    if (request.quantity === undefined)
      return throwError(() => unsupported('falconx', 'quotes by quote quantity'))
    const quantity = request.quantity
    return ctx.symbols().pipe(
      concatMap((symbols) => {
        const { base, quote } = symbols.instrument(request.symbol)
        return rest.request$({
          method: 'POST',
          path: '/v1/quotes',
          body: JSON.stringify({
            token_pair: { base_token: base, quote_token: quote },
            quantity: { token: base, value: quantity.toFixed() },
            side: fxSide(request.side),
            client_order_id: request.clientQuoteId ?? null,
          }),
          codec: FxQuote,
          // asking again changes nothing at the venue
          idempotent: true,
        })
      }),
      read('POST /v1/quotes'),
      map(toRfqQuote),
    )
  }

  const accept = (quote: RfqQuote, side: Side): Observable<RfqExecution> =>
    rest
      .request$({
        method: 'POST',
        path: '/v1/quotes/execute',
        body: JSON.stringify({ fx_quote_id: quote.id, side }),
        codec: FxQuote,
      })
      .pipe(
        read('POST /v1/quotes/execute'),
        map((answer) => {
          const execution = toExecution(answer, quote)
          if (execution !== undefined) return execution
          // answered, not refused, not filled: what happened is for the quote's status to say
          throw new VenueError({
            kind: 'temporary',
            venue: 'falconx',
            message: `falconx answered the execution of quote ${quote.id} without filling it`,
          })
        }),
      )

  const lookup = (quote: RfqQuote): Observable<RfqExecution | undefined> =>
    rest.request$({ path: `/v1/quotes/${encodeURIComponent(quote.id)}`, codec: FxQuote }).pipe(
      read('GET /v1/quotes/{id}'),
      map((answer) => toExecution(answer, quote)),
    )

  return { venue: 'falconx', requestQuote, accept, lookup }
}
