/**
 * The driver contract every venue implements (Bybit, Binance, Coinbase, Coinbase Prime, FalconX,
 * Fordefi, the mock), and the declared capabilities the stream layer checks before it calls one.
 *
 * Shape, and why:
 * - Market data and history are members of every {@link Venue}. The stream layer addresses venues by id
 *   and composes them generically (`bestBidAsk$` over a list), so these calls always exist; a venue that
 *   lacks one returns an Observable that fails with `invalid-request`, and {@link VenueCapabilities}
 *   says so up front, with details types cannot carry (book depths, candle intervals).
 * - Account-level surfaces are optional sub-objects: {@link Venue.trading}, {@link Venue.rfq},
 *   {@link Venue.custody}. They exist only on an instance that can use them (the venue offers them and
 *   credentials were given), so the compiler makes callers narrow first ({@link hasTrading}).
 *   Inside one, a method only some venues have (`amendOrder`, `cancelAllOrders`) is optional too,
 *   and present exactly when its capability flag is true.
 *
 * Everything returns an Observable. Request-like calls (`instruments()`, `placeOrder()`) are cold and
 * lazy: nothing is sent until subscription, each subscription is one request (the REST drivers keep
 * one `instruments()` request in flight, shared), and they emit one value and complete. Streams (`bookChanges$()`, `orderUpdates$()`) are hot and shared by the driver: one
 * venue subscription however many observers, released when the last one unsubscribes.
 */
import type { Observable } from 'rxjs'
import type { SequenceRule } from '../book/sequence-rule.js'
import type { Decimal } from '../core/decimal.js'
import { VenueError, type DecodeError } from '../core/errors.js'
import type { VenueHealthSnapshot } from './health.js'
import type {
  Balance,
  BookChange,
  Candle,
  CandleInterval,
  Instrument,
  Order,
  OrderRequest,
  OrderType,
  Fill,
  Position,
  Side,
  Ticker,
  TimeInForce,
  Timestamped,
  Trade,
  UnifiedSymbol,
  VenueId,
} from '../core/model.js'

/**
 * Which public market-data streams a venue offers.
 *
 * @example
 * const { bookDepths } = client.venue('bybit').capabilities.marketData
 * const depth = bookDepths?.includes(50) ? 50 : bookDepths?.[0]
 */
export interface MarketDataCapabilities {
  /** `bookChanges$` works. */
  readonly book: boolean
  /** Depths (levels per side) `bookChanges$` accepts; absent: any depth, the driver trims. */
  readonly bookDepths?: readonly number[] | undefined
  /** `trades$` works. */
  readonly trades: boolean
  /** `ticker$` works. */
  readonly ticker: boolean
  /** Intervals `candles$` streams; empty when the venue has no live candles. */
  readonly candleIntervals: readonly CandleInterval[]
}

/**
 * Which historical queries a venue answers.
 *
 * @example
 * if (client.venue('binance').capabilities.history.candleIntervals.includes('1h')) {
 *   history.candles('binance', 'BTC/USDT', { interval: '1h', from, to }).subscribe(save)
 * }
 */
export interface HistoryCapabilities {
  /** Intervals `candleHistory` pages through; empty when there is no candle history. */
  readonly candleIntervals: readonly CandleInterval[]
  /** `tradeHistory` works. */
  readonly trades: boolean
}

/**
 * Which private account streams a venue pushes (or the driver polls for).
 *
 * @example
 * if (venue.capabilities.trading?.privateStreams.fills) venue.trading?.fills$().subscribe(record)
 */
export interface PrivateStreamCapabilities {
  /** `trading.orderUpdates$` emits. */
  readonly orders: boolean
  /** `trading.fills$` emits. */
  readonly fills: boolean
  /** `trading.balanceUpdates$` emits. */
  readonly balances: boolean
}

/**
 * What order entry a venue accepts.
 *
 * @example
 * const tif = venue.capabilities.trading?.timeInForce.includes('PostOnly') ? 'PostOnly' : 'GTC'
 */
export interface TradingCapabilities {
  /** Order types `placeOrder` accepts. */
  readonly orderTypes: readonly OrderType[]
  /** Time-in-force values for limit orders. Market orders are always immediate-or-cancel. */
  readonly timeInForce: readonly TimeInForce[]
  /** A market buy may give `quoteQuantity` (spend this much quote) instead of a base quantity. */
  readonly quoteQuantityMarketOrders: boolean
  /** `trading.amendOrder` exists. */
  readonly amend: boolean
  /** `trading.cancelAllOrders` exists. */
  readonly cancelAll: boolean
  /** `trading.positions` exists. */
  readonly positions: boolean
  /** Which account streams emit. */
  readonly privateStreams: PrivateStreamCapabilities
}

/**
 * What a request-for-quote venue offers.
 *
 * @example
 * const side = venue.capabilities.rfq?.twoWay ? 'two-way' : 'buy'
 */
export interface RfqCapabilities {
  /** A quote may be asked for both sides at once (`side: 'two-way'`). */
  readonly twoWay: boolean
  /** A quote may be asked for a quote-asset amount. */
  readonly quoteQuantity: boolean
}

/**
 * What a custody venue offers.
 *
 * @example
 * if (venue.capabilities.custody?.abort) venue.custody?.abortTransfer?.(id).subscribe()
 */
export interface CustodyCapabilities {
  /** Transfers wait for policy approvers before they are signed. */
  readonly approvals: boolean
  /** `custody.abortTransfer` exists. */
  readonly abort: boolean
}

/**
 * What a venue can do, declared by its driver. A group is present when the venue offers it at all,
 * whether or not this instance has the credentials to use it. Check before asking, or let the call
 * fail with `invalid-request` naming what is missing.
 *
 * @example
 * const caps: VenueCapabilities = client.venue('bybit').capabilities
 * caps.marketData.candleIntervals.includes('1m') // true
 * caps.trading !== undefined                     // Bybit offers trading, with credentials or not
 */
export interface VenueCapabilities {
  /** Live public streams. */
  readonly marketData: MarketDataCapabilities
  /** Paged historical queries. */
  readonly history: HistoryCapabilities
  /** Order entry; present when the venue offers it. */
  readonly trading?: TradingCapabilities | undefined
  /** Request for quote; present when the venue offers it. */
  readonly rfq?: RfqCapabilities | undefined
  /** Custody transfers; present when the venue offers them. */
  readonly custody?: CustodyCapabilities | undefined
}

/**
 * Options of {@link Venue.bookChanges$}.
 *
 * @example
 * venue.bookChanges$('BTC/USDT', { depth: 50 } satisfies BookChangesOptions)
 */
export interface BookChangesOptions {
  /** Levels per side; one of `capabilities.marketData.bookDepths` when declared. Default: full depth. */
  readonly depth?: number | undefined
}

/**
 * A time range for history queries: `from` inclusive, `to` exclusive, so consecutive ranges never
 * return a record twice.
 *
 * @example
 * const lastHour: HistoryRange = { from: new Date(Date.now() - 3_600_000), to: new Date() }
 * history.trades('binance', 'BTC/USDT', lastHour).subscribe(save)
 */
export interface HistoryRange {
  readonly from: Date
  readonly to: Date
}

/**
 * Arguments of {@link Venue.candleHistory} and `history.candles`.
 *
 * @example
 * const request: CandleHistoryRequest = { interval: '1h', from: new Date('2024-01-01'), to: new Date('2024-02-01') }
 * history.candles('bybit', 'BTC/USDT', request).pipe(toArray()).subscribe((candles) => console.log(candles.length)) // 744
 */
export interface CandleHistoryRequest extends HistoryRange {
  readonly interval: CandleInterval
}

/**
 * Names one order: by the venue's id, or by the client order id. An {@link Order} is a valid ref.
 * When both are given the venue id wins, as it does on the venues themselves.
 *
 * @example
 * const ref: OrderRef = { symbol: 'BTC/USDT', clientOrderId: 'grid-1-buy' }
 * account.cancelOrder(ref).subscribe((o) => console.log(o.status)) // 'canceled'
 */
export type OrderRef =
  | { readonly symbol: UnifiedSymbol; readonly clientOrderId: string; readonly id?: string | undefined }
  | { readonly symbol: UnifiedSymbol; readonly id: string; readonly clientOrderId?: string | undefined }

/**
 * Changes to a resting order; at least one field. Venues may reset queue priority on a price change.
 *
 * @example
 * account.amendOrder?.(ref, { price: new Decimal('64950') } satisfies OrderAmendment).subscribe()
 */
export interface OrderAmendment {
  readonly price?: Decimal | undefined
  readonly quantity?: Decimal | undefined
}

/**
 * The trading surface of one account on one venue: what `client.account(venue)` returns.
 *
 * @example
 * const account: VenueTrading = client.account('bybit')
 * account.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: new Decimal('60000'), quantity: new Decimal('0.001') })
 *   .subscribe((order) => console.log(order.id, order.status))
 * account.orderUpdates$().subscribe((order) => console.log(order.clientOrderId, order.status))
 */
export interface VenueTrading {
  /**
   * Places an order. Emits the order as the venue acknowledged it, then completes; the status may
   * already be `filled` where the venue reports immediate fills. Later progress arrives on
   * {@link VenueTrading.orderUpdates$}. Every refusal is a VenueError (`invalid-request`,
   * `insufficient-funds`, ...). Not retried blindly: after a timeout, ask {@link VenueTrading.getOrder}
   * by client order id first.
   */
  placeOrder(request: OrderRequest): Observable<Order>
  /** Cancels a resting order; emits it in its final state. A finished order is `invalid-request`. */
  cancelOrder(ref: OrderRef): Observable<Order>
  /** One order, by venue id or client order id; `not-found` when the venue does not know it. */
  getOrder(ref: OrderRef): Observable<Order>
  /** Orders resting now, optionally of one symbol, oldest first. */
  openOrders(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** Present when `capabilities.trading.amend`. */
  amendOrder?(ref: OrderRef, changes: OrderAmendment): Observable<Order>
  /** Present when `capabilities.trading.cancelAll`; emits the orders it canceled. */
  cancelAllOrders?(symbol?: UnifiedSymbol): Observable<readonly Order[]>
  /** Every state change of every order of the account, as the whole order after the change. */
  orderUpdates$(): Observable<Order>
  /** Every execution of the account's orders. */
  fills$(): Observable<Fill>
  /** All balances now. */
  balances(): Observable<readonly Balance[]>
  /** Each balance as it changes. */
  balanceUpdates$(): Observable<Balance>
  /** Present when `capabilities.trading.positions`. */
  positions?(): Observable<readonly Position[]>
}

/**
 * A request for a firm quote. Exactly one of `quantity` (base) and `quoteQuantity`.
 *
 * @example
 * const request: RfqRequest = { symbol: 'BTC/USD', side: 'buy', quantity: new Decimal('0.5') }
 * venue.rfq?.requestQuote(request).subscribe((quote) => console.log(quote.ask?.toString()))
 */
export interface RfqRequest {
  readonly symbol: UnifiedSymbol
  /** `two-way` asks for both prices where `capabilities.rfq.twoWay`. */
  readonly side: Side | 'two-way'
  readonly quantity?: Decimal | undefined
  readonly quoteQuantity?: Decimal | undefined
  readonly clientQuoteId?: string | undefined
}

/**
 * A firm quote, executable until `expiresAt`.
 *
 * @example
 * const acceptable = (q: RfqQuote) => q.ask !== undefined && q.ask.lte(limit) && q.expiresAt.getTime() > Date.now()
 */
export interface RfqQuote extends Timestamped {
  readonly venue: VenueId
  readonly symbol: UnifiedSymbol
  readonly id: string
  readonly side: Side | 'two-way'
  /** Base quantity quoted. */
  readonly quantity: Decimal
  /** The price at which the venue buys (you sell); absent on a buy-only quote. */
  readonly bid?: Decimal | undefined
  /** The price at which the venue sells (you buy); absent on a sell-only quote. */
  readonly ask?: Decimal | undefined
  readonly expiresAt: Date
}

/**
 * The request-for-quote surface (FalconX, Coinbase Prime RFQ).
 *
 * @example
 * rfq.requestQuote(request).pipe(mergeMap((quote) => rfq.acceptQuote(quote, 'buy'))).subscribe(console.log)
 */
export interface VenueRfq {
  /** Asks for a firm quote. */
  requestQuote(request: RfqRequest): Observable<RfqQuote>
  /** Executes a quote on one side; emits the resulting order (filled, or rejected once expired). */
  acceptQuote(quote: Pick<RfqQuote, 'id' | 'symbol'>, side: Side): Observable<Order>
}

/**
 * A custody vault (wallet) that can send assets.
 *
 * @example
 * custody.vaults().subscribe((vaults: readonly CustodyVault[]) => vaults.map((v) => `${v.name} (${v.chain ?? '?'})`))
 */
export interface CustodyVault {
  readonly venue: VenueId
  readonly id: string
  readonly name: string
  /** The chain or network it lives on, as the custodian names it (`evm_ethereum_mainnet`). */
  readonly chain?: string | undefined
}

/**
 * A request to move assets out of a vault.
 *
 * @example
 * const request: CustodyTransferRequest = {
 *   vaultId, asset: 'ETH', to: '0x00000000219ab540356cBB839Cbe05303d7705Fa',
 *   amount: new Decimal('1000000000000000000'), // 1 ETH in wei
 *   idempotencyKey: 'payout-2024-06-01',
 * }
 */
export interface CustodyTransferRequest {
  readonly vaultId: string
  /** The asset as the custodian identifies it (a native coin or a token contract on a chain). */
  readonly asset: string
  /** Destination address. */
  readonly to: string
  /** Amount in the asset's smallest unit (wei, satoshi): custodians count integers. */
  readonly amount: Decimal
  readonly note?: string | undefined
  /** Makes a retried create idempotent where the custodian supports it. */
  readonly idempotencyKey?: string | undefined
}

/**
 * Where a transfer is in the approval and signing workflow. `completed`, `rejected`, `aborted` and
 * `failed` are terminal.
 *
 * @example
 * const done = (s: CustodyTransferStatus) => ['completed', 'rejected', 'aborted', 'failed'].includes(s)
 */
export type CustodyTransferStatus =
  'waiting-approval' | 'approved' | 'signed' | 'broadcast' | 'completed' | 'rejected' | 'aborted' | 'failed'

/**
 * A transfer out of a custody vault.
 *
 * @example
 * custody.transferUpdates$(id).subscribe((t: CustodyTransfer) => console.log(t.status, t.hash ?? ''))
 */
export interface CustodyTransfer extends Timestamped {
  readonly venue: VenueId
  readonly id: string
  readonly vaultId: string
  readonly asset: string
  readonly to: string
  readonly amount: Decimal
  readonly status: CustodyTransferStatus
  /** The custodian's own state name, for states the common set folds together. */
  readonly venueStatus: string
  /** Transaction hash once broadcast. */
  readonly hash?: string | undefined
  readonly reason?: string | undefined
}

/**
 * The custody surface (Fordefi): vaults and approval-gated transfers.
 *
 * @example
 * custody.createTransfer(request).pipe(mergeMap((t) => custody.transferUpdates$(t.id))).subscribe(console.log)
 */
export interface VenueCustody {
  /** The vaults this credential can see. */
  vaults(): Observable<readonly CustodyVault[]>
  /** Creates a transfer; emits it as created (usually `waiting-approval`). */
  createTransfer(request: CustodyTransferRequest): Observable<CustodyTransfer>
  /** One transfer now; `not-found` when the custodian does not know it. */
  getTransfer(id: string): Observable<CustodyTransfer>
  /** The transfer at each status change, completing once it reaches a terminal status. */
  transferUpdates$(id: string): Observable<CustodyTransfer>
  /** Present when `capabilities.custody.abort`. */
  abortTransfer?(id: string): Observable<CustodyTransfer>
}

/**
 * Why a book was rebuilt from a fresh snapshot: `reconnect` (the socket came back), `gap` (an update
 * was missed), `stale` (the feed went silent), `crossed` (bid ≥ ask locally), `invalid` (a level with
 * a price or size that is not a positive decimal), `venue` (the venue sent a new snapshot on its own),
 * `venue-reset` (the venue restarted its book service and replaced the book, e.g. a Bybit delta with
 * `u` = 1).
 *
 * @example
 * const worrying: ResyncReason[] = ['gap', 'crossed']
 * events$().subscribe((e) => {
 *   if (e.type === 'resync' && worrying.includes(e.reason)) console.warn(`${e.venue} ${e.symbol}: ${e.reason}`)
 * })
 */
export type ResyncReason = 'reconnect' | 'gap' | 'stale' | 'crossed' | 'invalid' | 'venue' | 'venue-reset'

/**
 * Fields every {@link VenueEvent} carries.
 *
 * @example
 * const line = (e: VenueEventBase) => `${e.at.toISOString()} ${e.venue}`
 */
export interface VenueEventBase {
  readonly venue: VenueId
  readonly at: Date
}

/**
 * What happened to a venue's connections, for health reporting and logs. Discriminated by `type`;
 * `channel` names a connection (`public`, `private`, or a venue's own name for it).
 *
 * @example
 * events$().subscribe((e: VenueEvent) => {
 *   if (e.type === 'reconnecting') console.warn(`${e.venue} ${e.channel}: retry #${e.attempt} in ${e.delayMs} ms`)
 *   if (e.type === 'rate-limited') console.warn(`${e.venue} paused for ${e.retryAfterMs ?? '?'} ms`)
 * })
 */
export type VenueEvent =
  | (VenueEventBase & { readonly type: 'connected'; readonly channel: string; readonly reconnect: boolean })
  | (VenueEventBase & {
      readonly type: 'disconnected'
      readonly channel: string
      readonly reason: string
      readonly error?: VenueError | undefined
    })
  | (VenueEventBase & {
      readonly type: 'reconnecting'
      readonly channel: string
      readonly attempt: number
      readonly delayMs: number
      /** Why the connection was lost or could not be made. */
      readonly error?: VenueError | undefined
    })
  | (VenueEventBase & {
      /** A REST attempt got no answer (refused, reset, DNS, timeout); it may be retried. */
      readonly type: 'request-failed'
      readonly channel: string
      /** Host (and port) the request went to. */
      readonly host: string
      readonly error: VenueError
    })
  | (VenueEventBase & {
      readonly type: 'resync'
      readonly symbol: UnifiedSymbol
      readonly reason: ResyncReason
    })
  | (VenueEventBase & {
      readonly type: 'decode-error'
      readonly channel: string
      readonly error: DecodeError
    })
  | (VenueEventBase & {
      readonly type: 'rate-limited'
      readonly retryAfterMs?: number | undefined
      readonly error: VenueError
    })
  | (VenueEventBase & {
      readonly type: 'circuit'
      readonly state: 'open' | 'half-open' | 'closed'
      /** On `open`: the latest failure to reach the venue, the likely cause. */
      readonly error?: VenueError | undefined
    })

/**
 * The `type` of each {@link VenueEvent}.
 *
 * @example
 * const counts: Partial<Record<VenueEventType, number>> = {}
 * events$().subscribe((e) => (counts[e.type] = (counts[e.type] ?? 0) + 1))
 */
export type VenueEventType = VenueEvent['type']

/**
 * One venue, as a driver presents it.
 *
 * @example
 * venue.bookChanges$('BTC/USDT', { depth: 50 }).subscribe((change) => book.apply(change))
 * if (hasTrading(venue)) venue.trading.placeOrder(order).subscribe(console.log)
 */
export interface Venue {
  readonly id: VenueId
  readonly capabilities: VenueCapabilities
  /**
   * The continuity rule of this venue's book messages, for consumers that keep their own book
   * (`orderBook$` does). Absent: the venue's changes carry no checkable sequence.
   */
  readonly bookSequence?: SequenceRule | undefined
  /** The venue's tradable instruments. */
  instruments(): Observable<readonly Instrument[]>
  /**
   * L2 book changes: a snapshot first, then deltas; after any resync (reconnect, gap) a new snapshot.
   * Sequence numbers are the venue's where it has them. Consumers should still check them.
   */
  bookChanges$(symbol: UnifiedSymbol, options?: BookChangesOptions): Observable<BookChange>
  /** Public trades as they happen. */
  trades$(symbol: UnifiedSymbol): Observable<Trade>
  /** Best prices and 24 h statistics as they change. */
  ticker$(symbol: UnifiedSymbol): Observable<Ticker>
  /** Live candles: the forming candle as it changes (`closed: false`), then once closed. */
  candles$(symbol: UnifiedSymbol, interval: CandleInterval): Observable<Candle>
  /** Past candles in the range, oldest first, fetched page by page only as far as they are consumed. */
  candleHistory(symbol: UnifiedSymbol, request: CandleHistoryRequest): Observable<Candle>
  /** Past public trades in the range, oldest first, paged lazily like {@link Venue.candleHistory}. */
  tradeHistory(symbol: UnifiedSymbol, range: HistoryRange): Observable<Trade>
  /** Present when this instance can trade: the venue offers it and credentials were given. */
  readonly trading?: VenueTrading | undefined
  /** Present when this instance can ask for quotes. */
  readonly rfq?: VenueRfq | undefined
  /** Present when this instance can use custody. */
  readonly custody?: VenueCustody | undefined
  /** Connection, reconnect, resync, decode and rate-limit events. Hot; never errors. */
  readonly events$: Observable<VenueEvent>
  /**
   * The driver's health counters now (connections, REST latency, rate budget, breaker); sampled by
   * `health$`. Optional for drivers written outside this package: `health$` then reports what
   * `events$` tells it.
   */
  health?(): VenueHealthSnapshot
  /**
   * Completes every stream and releases sockets, timers and pools; later calls fail. Resolves once
   * released.
   */
  close(): Promise<void>
}

/**
 * A venue instance that can trade, as {@link hasTrading} narrows it.
 *
 * @example
 * function flatten(venue: TradingVenue) { return venue.trading.cancelAllOrders?.() }
 */
export type TradingVenue = Venue & { readonly trading: VenueTrading }
/**
 * A venue instance that can ask for quotes, as {@link hasRfq} narrows it.
 *
 * @example
 * const quote = (venue: RfqVenue, request: RfqRequest) => venue.rfq.requestQuote(request)
 */
export type RfqVenue = Venue & { readonly rfq: VenueRfq }
/**
 * A venue instance that can use custody, as {@link hasCustody} narrows it.
 *
 * @example
 * const vaults = (venue: CustodyVenue) => venue.custody.vaults()
 */
export type CustodyVenue = Venue & { readonly custody: VenueCustody }

/**
 * Narrows a venue to one that can trade.
 *
 * @example
 * if (hasTrading(venue)) venue.trading.balances().subscribe(show)
 */
export function hasTrading(venue: Venue): venue is TradingVenue {
  return venue.trading !== undefined
}

/**
 * Narrows a venue to one that can ask for quotes.
 *
 * @example
 * if (hasRfq(venue)) venue.rfq.requestQuote(request).subscribe(show)
 */
export function hasRfq(venue: Venue): venue is RfqVenue {
  return venue.rfq !== undefined
}

/**
 * Narrows a venue to one that can use custody.
 *
 * @example
 * if (hasCustody(venue)) venue.custody.vaults().subscribe(show)
 */
export function hasCustody(venue: Venue): venue is CustodyVenue {
  return venue.custody !== undefined
}

/**
 * Something a caller is about to ask of a venue, for {@link capabilityError}. `order` checks the
 * order type, time in force and quote quantity of the request.
 *
 * @example
 * const need: CapabilityNeed = { kind: 'order', request: { type: 'limit', timeInForce: 'PostOnly' } }
 * capabilityError(venue, need)?.message // undefined when the venue takes post-only orders
 */
export type CapabilityNeed =
  | { readonly kind: 'book'; readonly depth?: number | undefined }
  | { readonly kind: 'trades' }
  | { readonly kind: 'ticker' }
  | { readonly kind: 'candles'; readonly interval: CandleInterval }
  | { readonly kind: 'candle-history'; readonly interval: CandleInterval }
  | { readonly kind: 'trade-history' }
  | { readonly kind: 'trading' }
  | { readonly kind: 'order'; readonly request: Pick<OrderRequest, 'type' | 'timeInForce' | 'quoteQuantity'> }
  | { readonly kind: 'amend' }
  | { readonly kind: 'cancel-all' }
  | { readonly kind: 'positions' }
  | { readonly kind: 'private-stream'; readonly stream: keyof PrivateStreamCapabilities }
  | { readonly kind: 'rfq' }
  | { readonly kind: 'custody' }

/**
 * The error a caller should fail with when `venue` cannot do `need`, or `undefined` when it can.
 * A feature the venue lacks is `invalid-request` ("bybit does not support ..."); an account-level
 * feature it has but this instance holds no credentials for is `auth`.
 *
 * @example
 * const refused = capabilityError(venue, { kind: 'candles', interval: '1M' })
 * return refused ? throwError(() => refused) : venue.candles$(symbol, '1M')
 */
export function capabilityError(
  venue: Pick<Venue, 'id' | 'capabilities' | 'trading' | 'rfq' | 'custody'>,
  need: CapabilityNeed,
): VenueError | undefined {
  const caps = venue.capabilities
  const refuse = (what: string) => unsupported(venue.id, what)
  const account = (group: 'trading' | 'rfq' | 'custody'): VenueError | undefined => {
    if (caps[group] === undefined) return refuse(group)
    if (venue[group] === undefined) {
      return new VenueError({
        kind: 'auth',
        venue: venue.id,
        message: `${venue.id} ${group} needs credentials`,
      })
    }
    return undefined
  }
  switch (need.kind) {
    case 'book': {
      if (!caps.marketData.book) return refuse('order book streams')
      const depths = caps.marketData.bookDepths
      if (need.depth !== undefined) {
        if (!Number.isInteger(need.depth) || need.depth <= 0) return refuse(`book depth ${need.depth}`)
        if (depths !== undefined && !depths.includes(need.depth)) {
          return refuse(`book depth ${need.depth} (supported: ${depths.join(', ')})`)
        }
      }
      return undefined
    }
    case 'trades':
      return caps.marketData.trades ? undefined : refuse('trade streams')
    case 'ticker':
      return caps.marketData.ticker ? undefined : refuse('ticker streams')
    case 'candles':
      return caps.marketData.candleIntervals.includes(need.interval)
        ? undefined
        : refuse(`live ${need.interval} candles`)
    case 'candle-history':
      return caps.history.candleIntervals.includes(need.interval)
        ? undefined
        : refuse(`${need.interval} candle history`)
    case 'trade-history':
      return caps.history.trades ? undefined : refuse('trade history')
    case 'trading':
    case 'rfq':
    case 'custody':
      return account(need.kind)
    default:
      break
  }
  const trading = caps.trading
  if (trading === undefined) return refuse('trading')
  switch (need.kind) {
    case 'order': {
      const { type, timeInForce, quoteQuantity } = need.request
      if (!trading.orderTypes.includes(type)) return refuse(`${type} orders`)
      if (type === 'limit' && timeInForce !== undefined && !trading.timeInForce.includes(timeInForce)) {
        return refuse(`time in force ${timeInForce}`)
      }
      if (quoteQuantity !== undefined && !trading.quoteQuantityMarketOrders) {
        return refuse('orders by quote quantity')
      }
      return account('trading')
    }
    case 'amend':
      return trading.amend ? account('trading') : refuse('amending orders')
    case 'cancel-all':
      return trading.cancelAll ? account('trading') : refuse('cancel-all')
    case 'positions':
      return trading.positions ? account('trading') : refuse('positions')
    case 'private-stream':
      return trading.privateStreams[need.stream]
        ? account('trading')
        : refuse(`private ${need.stream} streams`)
  }
}

/**
 * The `invalid-request` error for a feature a venue does not have.
 *
 * @example
 * unsupported('falconx', 'order book streams').message // 'falconx does not support order book streams'
 */
export function unsupported(venue: VenueId, what: string): VenueError {
  return new VenueError({ kind: 'invalid-request', venue, message: `${venue} does not support ${what}` })
}

/**
 * Differences between what a venue declares in `capabilities` and the optional members it actually
 * has. Empty for a consistent driver; every driver's tests should assert that.
 *
 * @example
 * expect(capabilityMismatches(createMockVenue())).to.deep.equal([])
 */
export function capabilityMismatches(venue: Venue): string[] {
  const out: string[] = []
  const caps = venue.capabilities
  for (const group of ['trading', 'rfq', 'custody'] as const) {
    if (venue[group] !== undefined && caps[group] === undefined) {
      out.push(`${group} is present but not declared`)
    }
  }
  const check = (declared: boolean | undefined, present: boolean, what: string) => {
    if (declared !== undefined && declared !== present) {
      out.push(`${what} is ${declared ? 'declared but missing' : 'present but not declared'}`)
    }
  }
  if (venue.trading !== undefined) {
    check(caps.trading?.amend, venue.trading.amendOrder !== undefined, 'trading.amendOrder')
    check(caps.trading?.cancelAll, venue.trading.cancelAllOrders !== undefined, 'trading.cancelAllOrders')
    check(caps.trading?.positions, venue.trading.positions !== undefined, 'trading.positions')
  }
  if (venue.custody !== undefined) {
    check(caps.custody?.abort, venue.custody.abortTransfer !== undefined, 'custody.abortTransfer')
  }
  return out
}

export type { ConnectionHealth, ConnectivityError, RestHealth, VenueHealthSnapshot } from './health.js'
