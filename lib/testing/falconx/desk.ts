/**
 * The simulator's RFQ desk: quotes priced off the engine's book with a spread, expiring on the
 * simulator's clock, each executed at most once, moving the account's balances; orders are quotes
 * executed at once.
 */
import { Decimal } from '../../core/decimal.js'
import type { Side } from '../../core/model.js'
import type { Exchange } from '../../sim/exchange.js'
import type { SimClock } from '../kit/clock.js'
import type { SimMarket } from '../kit/options.js'
import type { ResolvedFalconxOptions } from './options.js'
import { falconxError } from './wire.js'

/** FalconX's sides of a request. */
export type FalconxSideRequested = Side | 'two_way'

/**
 * One quote the desk gave, and what became of it.
 *
 * @example
 * desk.quote(request).expiresAt // simulator time, ms
 */
export interface SimQuote {
  readonly id: string
  readonly market: SimMarket
  readonly quantity: Decimal
  readonly side: FalconxSideRequested
  /** Where the account buys (the desk's ask). */
  readonly buyPrice: Decimal | undefined
  /** Where the account sells (the desk's bid). */
  readonly sellPrice: Decimal | undefined
  readonly quotedAt: number
  readonly expiresAt: number
  readonly clientOrderId: string | null
  readonly order?: SimOrderTerms | undefined
  executed?: { readonly side: Side; readonly price: Decimal; readonly at: number } | undefined
}

/**
 * The terms of an order (`POST /v1/order`).
 *
 * @example
 * const terms: SimOrderTerms = { type: 'limit', limitPrice: new Decimal('65000'), slippageBps: 2 }
 */
export interface SimOrderTerms {
  readonly type: 'market' | 'limit'
  readonly limitPrice: Decimal | undefined
  readonly slippageBps: number | undefined
}

/**
 * What a quote request asks.
 *
 * @example
 * const request: QuoteRequest = { market, quantity: new Decimal('1'), side: 'two_way', clientOrderId: null }
 */
export interface QuoteRequest {
  readonly market: SimMarket
  readonly quantity: Decimal
  readonly side: FalconxSideRequested
  readonly clientOrderId: string | null
}

const BPS = new Decimal(10_000)

/**
 * The desk of one simulator.
 *
 * @example
 * const desk = new FalconxDesk({ exchange, clock, options })
 * desk.execute(desk.quote(request).id, 'buy')
 */
export class FalconxDesk {
  private readonly quotes = new Map<string, SimQuote>()
  private readonly executions: SimQuote[] = []
  private next = 1
  /** Quotes marked expired by a fault, whatever their expiry. */
  private readonly lapsed = new Set<string>()

  constructor(
    private readonly ctx: {
      readonly exchange: Exchange
      readonly clock: SimClock
      readonly options: ResolvedFalconxOptions
    },
  ) {}

  /** A firm quote off the engine's best prices. */
  quote(request: QuoteRequest, order?: SimOrderTerms): SimQuote {
    const { market, side } = request
    const { bids, asks } = this.ctx.exchange.book(market.instrument.symbol, 1)
    const spread = new Decimal(this.ctx.options.spreadBps).div(BPS)
    const tick = market.tickSize
    const ask = asks[0]?.price
    const bid = bids[0]?.price
    const buyPrice =
      side === 'sell' || ask === undefined ? undefined : ask.mul(spread.plus(1)).div(tick).ceil().mul(tick)
    const sellPrice =
      side === 'buy' || bid === undefined
        ? undefined
        : bid.mul(new Decimal(1).minus(spread)).div(tick).floor().mul(tick)
    const now = this.ctx.clock.now()
    const quote: SimQuote = {
      id: this.newId(),
      market,
      quantity: request.quantity,
      side,
      buyPrice,
      sellPrice,
      quotedAt: now,
      expiresAt: now + this.ctx.options.quoteTtlMs,
      clientOrderId: request.clientOrderId,
      order,
    }
    this.quotes.set(quote.id, quote)
    return quote
  }

  /**
   * Executes a quote once, within its expiry, on a side it offers, with the funds for it.
   *
   * @throws VenueError `not-found`, `expired`, `invalid-request` (executed already, side not quoted),
   *   `insufficient-funds`.
   */
  execute(id: string, side: Side): SimQuote {
    const quote = this.get(id)
    if (quote.executed !== undefined) throw falconxError('executed', `quote ${id} has already been executed`)
    const now = this.ctx.clock.now()
    if (now >= quote.expiresAt || this.lapsed.has(id))
      throw falconxError('expired', `quote ${id} has expired`)
    const price = side === 'buy' ? quote.buyPrice : quote.sellPrice
    if (price === undefined) throw falconxError('invalid', `quote ${id} has no ${side} price`)
    this.settle(quote, side, price)
    quote.executed = { side, price, at: now }
    this.executions.push(quote)
    return quote
  }

  /**
   * An order: a quote on its side executed at once; a limit order only within its limit price and
   * slippage (fill-or-kill), else answered unfilled.
   */
  order(request: QuoteRequest & { readonly side: Side }, terms: SimOrderTerms): SimQuote {
    const quote = this.quote(request, terms)
    const price = (request.side === 'buy' ? quote.buyPrice : quote.sellPrice) as Decimal
    if (terms.type === 'limit' && terms.limitPrice !== undefined) {
      const slack = new Decimal(terms.slippageBps ?? 0).div(BPS)
      const within =
        request.side === 'buy'
          ? price.lte(terms.limitPrice.mul(slack.plus(1)))
          : price.gte(terms.limitPrice.mul(new Decimal(1).minus(slack)))
      if (!within) return quote
    }
    return this.execute(quote.id, request.side)
  }

  /** @throws VenueError `not-found` for an id the desk never gave. */
  get(id: string): SimQuote {
    const quote = this.quotes.get(id)
    if (quote === undefined) throw falconxError('notFound', `quote ${id} not found`)
    return quote
  }

  /** Executed quotes whose execution time is in `[from, to]`, oldest first. */
  executed(from: number, to: number): SimQuote[] {
    return this.executions.filter(
      (q) => q.executed !== undefined && q.executed.at >= from && q.executed.at <= to,
    )
  }

  /** Every execution, oldest first. */
  allExecutions(): readonly SimQuote[] {
    return this.executions
  }

  /** Makes every live quote expired now (the fault "expired quotes"). */
  expireAll(): void {
    for (const q of this.quotes.values()) if (q.executed === undefined) this.lapsed.add(q.id)
  }

  private settle(quote: SimQuote, side: Side, price: Decimal): void {
    const { base, quote: quoteAsset } = quote.market.instrument
    const cost = price.mul(quote.quantity)
    const [pay, payAmount, get, getAmount] =
      side === 'buy' ? [quoteAsset, cost, base, quote.quantity] : [base, quote.quantity, quoteAsset, cost]
    const free = this.ctx.exchange.balance(pay).free
    if (free.lt(payAmount)) {
      throw falconxError(
        'funds',
        `insufficient ${pay} balance: ${free.toFixed()} available, ${payAmount.toFixed()} needed`,
      )
    }
    this.ctx.exchange.transfer(pay, payAmount.neg())
    this.ctx.exchange.transfer(get, getAmount)
  }

  private newId(): string {
    const seed = (this.ctx.options.seed >>> 0).toString(16).padStart(8, '0')
    return `${seed}${(this.next++).toString(16).padStart(24, '0')}`
  }
}
