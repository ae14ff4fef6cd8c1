/**
 * The account's order commands: create, cancel, amend, cancel all. Cancels and amends are acknowledged
 * before the venue's order queries show them: each is followed by lookups until the order settles.
 * https://bybit-exchange.github.io/docs/v5/order/create-order (and `amend-order`, `cancel-order`, `cancel-all`)
 */
import { concatMap, from, map, mergeMap, toArray } from 'rxjs'
import { Decimal } from '../../core/decimal.js'
import type { Order, OrderRef } from '../../core/model.js'
import { isTerminal } from '../../core/order-status.js'
import type { ReconcileOptions } from '../kit/trading/place-without-duplicates.js'
import { beforeSendDeadline } from '../kit/trading/send-deadline.js'
import {
  oldestFirst,
  orderOrNotFound,
  pendingCancel,
  settle,
  type TradingParts,
} from '../kit/trading/surface.js'
import type { BybitAccount } from './account.js'
import { bybitEnvelope } from './codecs.js'
import type { BybitOrderQueries } from './order-queries.js'
import { BybitCancelAllResult, BybitOrderAck } from './private-codecs.js'
import { timestampedMs } from './private-mappers.js'
import { prepareAmendment, prepareOrder } from './private-request.js'

/**
 * How the commands wait for an order to settle.
 *
 * @example
 * const options: OrderCommandOptions = { reconcile: { lookupDelayMs: 100 }, settleLookups: 2 }
 */
export interface OrderCommandOptions {
  /** Delays of the lookups (`lookupDelayMs`, doubling up to `maxLookupDelayMs`). */
  readonly reconcile?: ReconcileOptions | undefined
  /** How many lookups wait for a cancel or amend to show in the venue's order queries. Default 4. */
  readonly settleLookups?: number | undefined
}

const OrderAckAnswer = bybitEnvelope(BybitOrderAck)
const CancelAllAnswer = bybitEnvelope(BybitCancelAllResult)

const finished = (o: Order) => isTerminal(o.status)
const refBody = (venueSymbol: string, ref: OrderRef) => ({
  category: 'spot',
  symbol: venueSymbol,
  ...(ref.id !== undefined ? { orderId: ref.id } : { orderLinkId: ref.clientOrderId ?? '' }),
})

/**
 * The commands of an account, as the kit's trading surface takes them (it checks their input and holds
 * them to their deadline).
 *
 * @example
 * const commands = createOrderCommands(account, createOrderQueries(account))
 * commands.cancel({ symbol: 'BTC/USDT', clientOrderId: 'grid-1' }, account.api.commandSendBy())
 */
export function createOrderCommands(
  account: BybitAccount,
  queries: BybitOrderQueries,
  options: OrderCommandOptions = {},
): Pick<TradingParts, 'create' | 'cancel'> & Required<Pick<TradingParts, 'amend' | 'cancelAll'>> {
  const { api, send } = account
  const getOrder = orderOrNotFound('bybit', queries.lookup)
  const settling = {
    lookups: options.settleLookups ?? 4,
    delayMs: options.reconcile?.lookupDelayMs ?? 250,
    maxDelayMs: options.reconcile?.maxLookupDelayMs ?? 2000,
    scheduler: account.ctx.scheduler,
  }
  const settled = (ref: OrderRef, done: (o: Order) => boolean) => settle(getOrder, ref, done, settling)

  return {
    create: (request, instrument, sendBy) => {
      const { order, body, unit, qty } = prepareOrder(request, instrument)
      const { clientOrderId } = order
      account.sentIn(clientOrderId, unit)
      const create = { method: 'POST', path: '/v5/order/create', body: JSON.stringify(body) } as const
      return api
        .send({ ...create, codec: OrderAckAnswer, cost: { orders: 1 }, idempotent: false }, sendBy)
        .pipe(
          map(({ result, time }): Order => {
            const at = timestampedMs(time)
            const byQuote = unit === 'quoteCoin'
            const none = new Decimal(0)
            return {
              venue: 'bybit',
              symbol: instrument.symbol,
              id: result.orderId,
              clientOrderId,
              side: order.side,
              type: order.type,
              timeInForce: order.timeInForce,
              price: order.price,
              quantity: byQuote ? none : qty,
              quoteQuantity: byQuote ? qty : undefined,
              filledQuantity: none,
              status: 'new',
              createdAt: at.timestamp,
              ...at,
            }
          }),
        )
    },

    cancel: (ref, sendBy) =>
      api.symbolsBy(sendBy).pipe(
        concatMap((symbols) => {
          const body = refBody(symbols.toVenue(ref.symbol), ref)
          return send(
            '/v5/order/cancel',
            OrderAckAnswer,
            { method: 'POST', body, cost: { cancels: 1 } },
            sendBy,
          )
        }),
        concatMap((e) => settled({ ...ref, id: e.result.orderId }, finished)),
        map(pendingCancel),
      ),

    amend: (ref, changes, sendBy) =>
      api.symbolsBy(sendBy).pipe(
        concatMap((symbols) => {
          const instrument = symbols.instrument(ref.symbol)
          const body = { ...refBody(instrument.venueSymbol, ref), ...prepareAmendment(changes, instrument) }
          return send('/v5/order/amend', OrderAckAnswer, { method: 'POST', body }, sendBy)
        }),
        concatMap((e) =>
          settled(
            { ...ref, id: e.result.orderId },
            (o) =>
              finished(o) ||
              ((changes.price === undefined || (o.price?.eq(changes.price) ?? false)) &&
                (changes.quantity === undefined || o.quantity.eq(changes.quantity))),
          ),
        ),
      ),

    cancelAll: (symbol, sendBy) =>
      api.symbolsBy(sendBy).pipe(
        concatMap((symbols) =>
          // The acknowledgement names orders by id only: the listing taken first says which symbol each is.
          queries.openOrders(symbol).pipe(
            beforeSendDeadline(sendBy, account.ctx.scheduler, 'bybit', 'the open orders'),
            concatMap((before) => {
              const symbolOf = new Map(before.map((o) => [o.id, o.symbol]))
              const body = {
                category: 'spot',
                ...(symbol === undefined ? {} : { symbol: symbols.toVenue(symbol) }),
              }
              const call = { method: 'POST', body, cost: { cancels: 1 } } as const
              return send('/v5/order/cancel-all', CancelAllAnswer, call, sendBy).pipe(
                mergeMap((e) => from(e.result.list)),
                mergeMap((ack) => {
                  const known = symbolOf.get(ack.orderId) ?? symbol
                  return known === undefined
                    ? queries.byId(symbols, ack.orderId)
                    : settled({ symbol: known, id: ack.orderId }, finished)
                }, 4),
              )
            }),
            map(pendingCancel),
            toArray(),
            map(oldestFirst),
          ),
        ),
      ),
  }
}
