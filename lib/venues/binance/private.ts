/**
 * Binance's requests and pushes on the kit's trading surface, plus order and trade history.
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints
 */
import type * as t from 'io-ts'
import { concatMap, defer, filter, from, map, merge, mergeMap, share, Subject, type Observable } from 'rxjs'
import type { Balance, Fill, Order, OrderRef, UnifiedSymbol } from '../../core/model.js'
import { SymbolMap } from '../../core/symbols.js'
import { listedItems } from '../kit/account-socket.js'
import { balanceOf } from '../kit/balance.js'
import { decodedPushes } from '../kit/decoded-pushes.js'
import type { SettleOptions } from '../kit/trading/settled-commands.js'
import { fillHistoryWithin } from '../kit/trading/fill-window.js'
import { cancelPerSymbol } from '../kit/trading/cancel-per-symbol.js'
import { pushedBalances } from '../kit/trading/pushed-balances.js'
import { timestampedMs } from '../kit/timestamps.js'
import { acceptedOrder } from '../kit/trading/accepted-order.js'
import { tradingAccount } from '../kit/trading/account.js'
import { createTradingSurface, oldestFirst, type TradingWith } from '../kit/trading/surface.js'
import {
  createOrderQueries,
  type AccountHistoryQuery,
  type VenueHistoryRange,
} from '../kit/trading/order-queries.js'
import { isDuplicateOrder } from '../kit/trading/order-refusals.js'
import { unknownAsUndefined } from '../kit/trading/unknown-order.js'
import { signedCall, type Query } from '../kit/trading/signed-call.js'
import type { BinanceContext } from './context.js'
import {
  BinanceAccount,
  BinanceAccountPosition,
  BinanceBalanceUpdate,
  BinanceCancelAllResult,
  BinanceExecutionReport,
  BinanceMyTrades,
  BinanceOrderAck,
  BinanceOrderList,
  BinanceOrderRecord,
} from './private-codecs.js'
import { ackFills, reportFill, reportOrder, toOrder, tradeFill } from './private-mappers.js'
import { prepareOrder } from './private-request.js'
import type { ResolvedBinanceOptions } from './options.js'
import { createBinanceUserData, USER_DATA_CHANNEL, type UserDataContext } from './private-ws.js'
import { BINANCE_SPEC, BINANCE_TRADING_CAPABILITIES, BINANCE_WEIGHTS as W } from './spec.js'

const ERRORS = BINANCE_SPEC.errors

/**
 * A symbol and time range for the history queries; Binance needs the symbol, allows at most 24 h
 * between `from` and `to`, and returns at most 1 000 records (500 unless `limit` says).
 *
 * @example
 * const lastHour: BinanceHistoryQuery = { symbol: 'BTC/USDT', from: new Date(Date.now() - 3_600_000), to: new Date() }
 * binance.trading?.myTrades(lastHour).subscribe((fills) => console.log(fills.length))
 */
export interface BinanceHistoryQuery extends AccountHistoryQuery {
  readonly symbol: UnifiedSymbol
  /** myTrades only: the trades of one order (venue id). */
  readonly orderId?: string | undefined
}

/**
 * Binance's trading surface: the {@link VenueTrading} contract with cancel-all (of a symbol, or of every
 * symbol with open orders, one request each, as Binance cancels per symbol) and fill history (at most
 * 24 h back from `to`, 1 000 fills), plus order and trade history. Reach it on a Binance driver made
 * with credentials.
 *
 * @example
 * const binance = createBinanceVenue({ apiKey, secret })
 * binance.trading?.orderHistory({ symbol: 'BTC/USDT', limit: 50 }).subscribe((orders) => console.log(orders.length))
 */
export interface BinanceTrading extends TradingWith<'cancelAllOrders' | 'fillHistory'> {
  /** Past orders of one symbol (any status), oldest first (`GET /api/v3/allOrders`). */
  orderHistory(query: BinanceHistoryQuery): Observable<readonly Order[]>
  /** Past trades of the account in one symbol, oldest first (`GET /api/v3/myTrades`). */
  myTrades(query: BinanceHistoryQuery): Observable<readonly Fill[]>
}

/** What {@link createBinanceTrading} needs of the driver's context (a `BinanceContext` has it all). */
export interface BinanceTradingContext
  extends UserDataContext, Pick<BinanceContext, 'privateRest' | 'symbols' | 'untilClosed'> {
  readonly options: UserDataContext['options'] &
    Pick<ResolvedBinanceOptions, 'apiKey' | 'secret' | 'privateKey' | 'recvWindowMs' | 'orderDeadlineMs'>
  readonly clock: UserDataContext['clock'] & Pick<BinanceContext['clock'], 'sync$'>
}

/**
 * The trading surface of a Binance context with credentials. An order also spends the `orders` windows
 * the venue reports in `X-MBX-ORDER-COUNT-*`; the fills its answer carries come on `fills$` too. The
 * private streams share one WebSocket API connection; `options.reconcile` times the lookups after a
 * placement whose outcome is unknown.
 */
export function createBinanceTrading(
  ctx: BinanceTradingContext,
  options: Pick<SettleOptions, 'reconcile'> = {},
): BinanceTrading {
  const rest = ctx.privateRest
  const { apiKey, secret, privateKey, recvWindowMs } = ctx.options
  if (rest === undefined || !apiKey || !(secret || privateKey)) {
    throw new RangeError('binance trading needs an API key and a secret or Ed25519 private key')
  }
  const { scheduler, clock } = ctx
  const symbols = () => ctx.symbols()
  const { api, context } = tradingAccount(ctx, rest, options.reconcile)
  // every call names its weight: one path costs differently by method and by its parameters
  const send = signedCall(api, () => undefined)
  const key = (symbol: string, r: OrderRef): Query =>
    r.id !== undefined ? { symbol, orderId: r.id } : { symbol, origClientOrderId: r.clientOrderId ?? '' }
  const orders = (listing: SymbolMap) =>
    map((list: readonly BinanceOrderRecord[]) => oldestFirst(list.flatMap((r) => toOrder(r, listing) ?? [])))
  const now = () => timestampedMs(clock.now())
  const each = <A>(list$: Observable<readonly A[]>): Observable<A> => list$.pipe(concatMap((l) => from(l)))
  const history = (range: VenueHistoryRange, q: BinanceHistoryQuery): Query => ({
    symbol: range.venueSymbol,
    startTime: range.fromMs,
    endTime: range.toMs,
    limit: q.limit,
  })

  const queries = createOrderQueries({
    symbols,
    // the venue does not know the order: -2013 NO_SUCH_ORDER
    lookupSteps: (symbol, r) => [
      () =>
        send('/api/v3/order', BinanceOrderRecord, { query: key(symbol, r), cost: W.queryOrder }).pipe(
          unknownAsUndefined('binance'),
        ),
    ],
    openOrders: (symbol) =>
      each(
        send('/api/v3/openOrders', BinanceOrderList, {
          query: { symbol },
          cost: symbol === undefined ? W.openOrdersAll : W.openOrdersOfSymbol,
        }),
      ),
    orderHistory: (range, q: BinanceHistoryQuery) =>
      each(
        send('/api/v3/allOrders', BinanceOrderList, {
          query: history(range, q),
          cost: W.allOrders,
          priority: 'data',
        }),
      ),
    fills: (range, q) =>
      each(
        send('/api/v3/myTrades', BinanceMyTrades, {
          query: { ...history(range, q), orderId: q.orderId },
          cost: W.myTrades,
          priority: 'data',
        }),
      ),
    toOrder,
    toFill: tradeFill,
    historyLimit: 500,
  })

  /** Every open order of one symbol, by `DELETE /api/v3/openOrders` (order lists report each order). */
  const cancelSymbol = (listing: SymbolMap, symbol: UnifiedSymbol, sendBy: number) =>
    send(
      '/api/v3/openOrders',
      BinanceCancelAllResult,
      { method: 'DELETE', query: { symbol: listing.toVenue(symbol) }, cost: W.cancelAll },
      sendBy,
    ).pipe(
      // the venue answers -2011 when the symbol has no open order (none left, or finished since listed)
      unknownAsUndefined('binance'),
      map((list) => (list ?? []).flatMap((x) => ('orderReports' in x ? x.orderReports : [x]))),
      orders(listing),
    )

  // ---- pushes ----

  let userData: ReturnType<typeof createBinanceUserData> | undefined
  const user = () => (userData ??= createBinanceUserData(ctx, { apiKey, secret, privateKey, recvWindowMs }))
  /** The pushes of event type `e`, decoded; one that cannot be is a `decode-error` event. */
  const pushes = <A>(e: string, codec: t.Decoder<unknown, A>): Observable<A> =>
    defer(() => user().events$).pipe(
      filter((event) => event.e === e),
      decodedPushes(ctx, USER_DATA_CHANNEL, `binance ${e}`, codec),
    )
  const reports$ = pushes('executionReport', BinanceExecutionReport).pipe(share())
  const fromReports = <B>(f: (report: BinanceExecutionReport, listing: SymbolMap) => B | undefined) =>
    listedItems(symbols, reports$, (report, listing) => [f(report, listing)])
  const placedFills = new Subject<Fill>()
  // the balances read after a reconnect: deltas and the deduplication go on from them
  const balancesRead = new Subject<Balance>()

  const surface = createTradingSurface(context, {
    venue: 'binance',
    capabilities: BINANCE_TRADING_CAPABILITIES,
    create: (request, instrument, sendBy) =>
      defer(() => {
        const prepared = prepareOrder(request, instrument)
        const cost = { weight: W.newOrder, orders: 1 }
        const post = { path: '/api/v3/order', query: prepared.params, codec: BinanceOrderAck, cost }
        return api.send({ ...post, method: 'POST', idempotent: false }, sendBy).pipe(
          map((ack) => {
            const at = ack.transactTime ?? now()
            const order = 'status' in ack ? toOrder(ack, new SymbolMap('binance', [instrument])) : undefined
            if (order === undefined || !('status' in ack)) {
              return acceptedOrder('binance', instrument.symbol, ack.orderId, prepared.order, at)
            }
            for (const fill of ackFills(ack.fills ?? [], order, at)) placedFills.next(fill)
            return order
          }),
        )
      }),
    lookup: queries.lookup,
    // the answer is the canceled order, final: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/trading-endpoints#cancel-order-trade
    cancel: (r, sendBy) =>
      api.symbolsBy(sendBy).pipe(
        concatMap((listing) =>
          send(
            '/api/v3/order',
            BinanceOrderRecord,
            { method: 'DELETE', query: key(listing.toVenue(r.symbol), r), cost: W.cancelOrder },
            sendBy,
          ).pipe(
            map((record) => toOrder(record, listing)),
            filter((o): o is Order => o !== undefined),
          ),
        ),
      ),
    // the venue cancels per symbol only
    cancelAll: (symbol, sendBy) =>
      api.symbolsBy(sendBy).pipe(
        concatMap((listing) =>
          cancelPerSymbol(symbol, sendBy, {
            venue: 'binance',
            scheduler,
            openOrders: () => queries.openOrders(),
            cancelSymbol: (s) => cancelSymbol(listing, s, sendBy),
          }),
        ),
      ),
    openOrders: queries.openOrders,
    balances: () =>
      send('/api/v3/account', BinanceAccount, { query: { omitZeroBalances: 'true' }, cost: W.account }).pipe(
        map((account) =>
          account.balances.map((b) =>
            balanceOf('binance', b.asset, b.free, b.locked, account.updateTime ?? now()),
          ),
        ),
      ),
    pushes: {
      orders$: fromReports(reportOrder),
      fills$: merge(fromReports(reportFill), placedFills),
      // a delta applies to a balance already known; the `outboundAccountPosition` that follows every
      // change carries the full figures either way
      balances$: pushedBalances(
        pushes('outboundAccountPosition', BinanceAccountPosition).pipe(
          mergeMap((p) => p.B.map((b) => balanceOf('binance', b.a, b.f, b.l, p.u))),
        ),
        pushes('balanceUpdate', BinanceBalanceUpdate).pipe(map((u) => ({ asset: u.a, delta: u.d, at: u.T }))),
        balancesRead,
      ),
      balancesCaughtUp: (b) => balancesRead.next(b),
      resubscribed$: defer(() => user().socket.events$).pipe(filter((e) => e.type === 'resubscribed')),
    },
    isDuplicate: (e) => isDuplicateOrder(e, 'binance', ERRORS),
  })

  return {
    ...surface,
    orderHistory: queries.orderHistory,
    myTrades: queries.fills,
    // myTrades spans at most 24 h: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/account-endpoints#account-trade-list-user_data
    fillHistory: fillHistoryWithin(86_400_000, () => clock.now(), queries.fills),
  }
}
