/**
 * Order entry on the shared engine: the account's journal plus the commands every venue's order
 * endpoints carry out (place, amend, cancel, cancel all) and the lookups they make (by the venue's id
 * or its client id, open orders, newest first), with the engine's refusals put in the venue's words.
 */
import { VenueError } from '../../core/errors.js'
import type { OrderAmendment, OrderRequest } from '../../core/model.js'
import type { Exchange } from '../../sim/exchange.js'
import type { SimClock } from './clock.js'
import type { SimMarket } from './options.js'
import {
  isOpen,
  OrderJournal,
  type JournalEntry,
  type JournalFill,
  type JournalTerms,
} from './order-journal.js'

/**
 * How a venue words what the engine refuses.
 *
 * @example
 * const refusals: EngineRefusals = {
 *   insufficientFunds: (message) => reject('balance', message),
 *   notFound: () => reject('notExist'),
 *   other: (message) => reject('params', message),
 * }
 */
export interface EngineRefusals {
  /** The account lacks the funds. */
  insufficientFunds(message: string): VenueError
  /** The engine does not know the order, or it is no longer open. */
  notFound(message: string): VenueError
  /** Anything else the engine refused. */
  other(message: string): VenueError
  /** A failure that is not the engine's refusal at all; default {@link other}. */
  unexpected?(message: string): VenueError
}

/**
 * What an order desk needs: the journal's terms, the venue's client id of an order, its refusals, and
 * the engine (work on it runs through `run`, so the venue publishes what changed).
 *
 * @example
 * const terms: DeskTerms<BinanceTerms, number, object> = {
 *   orderId: Number, fillExtras: () => ({}), clientId: (t) => t.clientOrderId, refusals, engine: ctx,
 * }
 */
export interface DeskTerms<D, K, X> extends JournalTerms<D, K, X> {
  /** The venue's client order id of an order (`''` when it has none). */
  clientId(terms: D): string
  readonly refusals: EngineRefusals
  readonly engine: { readonly exchange: Exchange; readonly clock: SimClock; run<T>(work: () => T): T }
}

/**
 * An order as the engine takes it, without the client id (the desk gives the engine its own).
 *
 * @example
 * const request: DeskOrder = { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price, quantity, timeInForce: 'GTC' }
 */
export type DeskOrder = Omit<OrderRequest, 'clientOrderId'>

/**
 * The account's orders of one simulated venue, and the commands on them.
 *
 * @example
 * const entry = desk.place(terms, { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price, quantity })
 * desk.cancel(entry)
 * desk.named({ clientId: 'grid-1' }, market) // the newest order of the market with that client id
 */
export class OrderDesk<D extends { readonly market: SimMarket }, K, X> extends OrderJournal<D, K, X> {
  constructor(private readonly desk: DeskTerms<D, K, X>) {
    super(desk)
  }

  /**
   * Places an order on the engine: recorded first (under `engineClientId`, or a generated one) so the
   * engine's reports during the placement find it, forgotten again if the engine refuses it.
   *
   * @throws VenueError the engine's refusal, in the venue's words.
   */
  place(terms: D, request: DeskOrder, engineClientId?: string): JournalEntry<D, K> {
    const entry = this.prepare(terms, this.desk.engine.clock.now(), engineClientId)
    try {
      this.engine(() => this.desk.engine.exchange.place({ ...request, clientOrderId: entry.engineClientId }))
    } catch (e) {
      this.discard(entry)
      throw e
    }
    return entry
  }

  /** Cancels an order on the engine. */
  cancel(entry: JournalEntry<D, K>): void {
    this.engine(() =>
      this.desk.engine.exchange.cancel({ symbol: entry.market.instrument.symbol, id: entry.engineId }),
    )
  }

  /** A new price or quantity for an open limit order. */
  amend(entry: JournalEntry<D, K>, change: OrderAmendment): void {
    this.engine(() =>
      this.desk.engine.exchange.amend({ symbol: entry.market.instrument.symbol, id: entry.engineId }, change),
    )
  }

  /** Cancels every open order of the account, or those of `market`. */
  cancelAll(market?: SimMarket): void {
    this.engine(() => this.desk.engine.exchange.cancelAll(market?.instrument.symbol))
  }

  /** The newest order with this client id (of `market`, when given). */
  byClientId(clientId: string, market?: SimMarket): JournalEntry<D, K> | undefined {
    if (clientId === '') return undefined
    return this.newest(
      (e) => this.desk.clientId(e) === clientId && (market === undefined || e.market === market),
    )
  }

  /**
   * The order a request names: by the venue's id when it gives one, else by client id; of `market`
   * when given (an order of another market is not found).
   */
  named(
    ref: { readonly orderId?: K | undefined; readonly clientId?: string | undefined },
    market?: SimMarket,
  ) {
    const entry =
      ref.orderId !== undefined && ref.orderId !== ''
        ? this.byId(ref.orderId)
        : ref.clientId === undefined
          ? undefined
          : this.byClientId(ref.clientId, market)
    return entry === undefined || (market !== undefined && entry.market !== market) ? undefined : entry
  }

  /** Open orders, oldest first (of `market`, when given). */
  openOrders(market?: SimMarket): JournalEntry<D, K>[] {
    return this.all().filter((e) => isOpen(e) && (market === undefined || e.market === market))
  }

  /** Every order, newest first. */
  newestFirst(): JournalEntry<D, K>[] {
    return [...this.all()].reverse()
  }

  /** Every fill, newest first. */
  fillsNewestFirst(): JournalFill<D, K, X>[] {
    return [...this.fills()].reverse()
  }

  /** Runs engine work, putting a refusal in the venue's words. */
  private engine<T>(work: () => T): T {
    try {
      return this.desk.engine.run(work)
    } catch (e) {
      throw refusal(e, this.desk.refusals)
    }
  }
}

function refusal(e: unknown, r: EngineRefusals): VenueError {
  if (!(e instanceof VenueError)) {
    const message = e instanceof Error ? e.message : String(e)
    return (r.unexpected ?? r.other)(message)
  }
  if (typeof e.code === 'number') return e
  if (e.kind === 'insufficient-funds') return r.insufficientFunds(e.message)
  if (e.kind === 'not-found') return r.notFound(e.message)
  return r.other(e.message)
}
