/**
 * The account's order commands: create, and cancel, amend and cancel-all as the kit's settled commands
 * take them. https://bybit-exchange.github.io/docs/v5/order/create-order (and `amend-order`,
 * `cancel-order`, `cancel-all`)
 */
import { map } from 'rxjs'
import { acceptedOrder } from '../kit/trading/accepted-order.js'
import { createSettledCommands, type SettleOptions } from '../kit/trading/settled-commands.js'
import type { TradingParts } from '../kit/trading/surface.js'
import type { BybitAccount } from './account.js'
import { timestampedMs } from '../kit/timestamps.js'
import { bybitEnvelope } from './codecs.js'
import type { BybitOrderQueries } from './order-queries.js'
import { BybitCancelAllResult, BybitOrderAck } from './private-codecs.js'
import { prepareAmendment, prepareOrder, refBody } from './private-request.js'

const OrderAckAnswer = bybitEnvelope(BybitOrderAck)
const CancelAllAnswer = bybitEnvelope(BybitCancelAllResult)

/** The commands of an account, as the kit's trading surface takes them. */
export function createOrderCommands(
  account: BybitAccount,
  queries: BybitOrderQueries,
  options: SettleOptions = {},
): Pick<TradingParts, 'create' | 'cancel'> & Required<Pick<TradingParts, 'amend' | 'cancelAll'>> {
  const { api, send } = account
  const post = (path: string, body: object, sendBy: number, cost?: { cancels: number }) =>
    send(path, OrderAckAnswer, { method: 'POST', body, cost }, sendBy).pipe(map((e) => e.result.orderId))
  return {
    create: (request, instrument, sendBy) => {
      const { order, body, unit } = prepareOrder(request, instrument)
      account.sentIn(order.clientOrderId, unit)
      const create = { method: 'POST', path: '/v5/order/create', body: JSON.stringify(body) } as const
      return api
        .send({ ...create, codec: OrderAckAnswer, cost: { orders: 1 }, idempotent: false }, sendBy)
        .pipe(
          map(({ result, time }) =>
            acceptedOrder('bybit', instrument.symbol, result.orderId, order, timestampedMs(time)),
          ),
        )
    },

    ...createSettledCommands(
      {
        venue: 'bybit',
        scheduler: account.ctx.scheduler,
        symbolsBy: (sendBy) => api.symbolsBy(sendBy),
        cancel: (ref, symbols, sendBy) =>
          post('/v5/order/cancel', refBody(symbols.toVenue(ref.symbol), ref), sendBy, { cancels: 1 }),
        amend: (ref, changes, symbols, sendBy) => {
          const instrument = symbols.instrument(ref.symbol)
          const body = { ...refBody(instrument.venueSymbol, ref), ...prepareAmendment(changes, instrument) }
          return post('/v5/order/amend', body, sendBy)
        },
        // the acknowledgement names orders by id only
        cancelAll: (symbol, symbols, sendBy) => {
          const body = {
            category: 'spot',
            ...(symbol === undefined ? {} : { symbol: symbols.toVenue(symbol) }),
          }
          return send(
            '/v5/order/cancel-all',
            CancelAllAnswer,
            { method: 'POST', body, cost: { cancels: 1 } },
            sendBy,
          ).pipe(map((e) => e.result.list.map((ack) => ack.orderId)))
        },
        lookup: queries.lookup,
        openOrders: queries.openOrders,
        byId: queries.byId,
      },
      options,
    ),
  }
}
