/**
 * Prime's request for quote: `POST .../rfq` quotes one side of a product a little through the book's
 * best price, good for `quoteTtlMs` on the simulator's clock; `POST .../accept_quote` executes it at
 * that price (outside the book: the balances move by the quote) once, or refuses it as expired. An
 * executed quote is an order of type `RFQ` with one fill, listed with the portfolio's others.
 * https://docs.cdp.coinbase.com/prime/concepts/rfq
 */
import { Decimal } from '../../core/decimal.js'
import type { Params } from '../kit/params.js'
import type { PrimeFillEntry, PrimeOrderContext, PrimeOrderEntry } from './orders.js'
import type { PrimeMarket } from './options.js'
import { fixed, isoTime, plain, primeError, primeRefusal, uuidOf } from './wire.js'

/** What the simulator's dealer adds to the best price, in basis points. */
const SPREAD_BPS = 5

interface Quote {
  readonly id: string
  readonly market: PrimeMarket
  readonly side: 'buy' | 'sell'
  readonly qty: Decimal
  readonly price: Decimal
  readonly expiresAt: number
  accepted: PrimeOrderEntry | undefined
}

/**
 * The quotes of the portfolio and the orders their accepts made.
 *
 * @example
 * const desk = new RfqDesk(ctx, seed)
 * desk.quote(params, portfolioId) // { quote_id, expiration_time, quote_price, … }
 */
export class RfqDesk {
  private readonly quotes = new Map<string, Quote>()
  private readonly executed: PrimeOrderEntry[] = []
  private readonly executions: PrimeFillEntry[] = []
  private n = 0

  constructor(
    private readonly ctx: PrimeOrderContext,
    private readonly seed: number,
    private readonly changed: (entry: PrimeOrderEntry) => void,
  ) {}

  /** The orders accepts made, oldest first. */
  orders(): readonly PrimeOrderEntry[] {
    return this.executed
  }

  /** The one fill of each accept, oldest first. */
  fills(): readonly PrimeFillEntry[] {
    return this.executions
  }

  /** `POST .../rfq`. */
  quote(params: Params, portfolioId: string): Record<string, unknown> {
    const str = (name: string) => {
      const v = params.get(name)
      return typeof v === 'string' && v !== '' ? v : undefined
    }
    if (str('portfolio_id') !== portfolioId)
      throw primeError('invalid', 'portfolio_id does not match the path')
    const market = this.ctx.product(str('product_id'))
    const side = str('side') === 'BUY' ? 'buy' : str('side') === 'SELL' ? 'sell' : undefined
    if (side === undefined) throw primeError('invalid', 'side must be BUY or SELL')
    const { bids, asks } = this.ctx.exchange.book(market.instrument.symbol, 1)
    const best = (side === 'buy' ? asks : bids)[0]?.price
    if (best === undefined) throw primeError('invalid', 'no liquidity to quote')
    const through = best.mul(SPREAD_BPS).div(10_000)
    const price = (side === 'buy' ? best.plus(through) : best.minus(through)).toDecimalPlaces(
      market.priceDp,
      side === 'buy' ? Decimal.ROUND_UP : Decimal.ROUND_DOWN,
    )
    const base = str('base_quantity')
    const quote = str('quote_value')
    if ((base === undefined) === (quote === undefined))
      throw primeError('invalid', 'give exactly one of base_quantity and quote_value')
    const qty =
      base !== undefined
        ? new Decimal(base)
        : new Decimal(quote ?? '0').div(price).toDecimalPlaces(market.qtyDp, Decimal.ROUND_DOWN)
    if (!qty.gt(0)) throw primeError('invalid', 'the quantity must be positive')
    const id = uuidOf(this.seed, 0x4000_0000 + ++this.n)
    const expiresAt = this.ctx.clock.now() + this.ctx.options.quoteTtlMs
    this.quotes.set(id, { id, market, side, qty, price, expiresAt, accepted: undefined })
    return {
      quote_id: id,
      expiration_time: isoTime(expiresAt),
      quote_price: fixed(price, market.priceDp),
      base_quantity: fixed(qty, market.qtyDp),
      quote_value: plain(qty.mul(price)),
      best_price: fixed(best, market.priceDp),
      order_total: plain(qty.mul(price)),
    }
  }

  /** `POST .../accept_quote`: the order it made, `{ order_id }`. */
  accept(params: Params, portfolioId: string): Record<string, unknown> {
    if (params.get('portfolio_id') !== portfolioId)
      throw primeError('invalid', 'portfolio_id does not match the path')
    const q = this.quotes.get(String(params.get('quote_id') ?? ''))
    if (q === undefined) throw primeError('notFound', 'quote not found')
    const side = params.get('side') === 'BUY' ? 'buy' : params.get('side') === 'SELL' ? 'sell' : undefined
    if (side !== q.side || params.get('product_id') !== q.market.venueSymbol)
      throw primeError('invalid', 'the accept does not match the quote')
    if (q.accepted !== undefined)
      throw primeRefusal('DUPLICATE_CLIENT_ORDER_ID', `quote ${q.id} was accepted already`)
    const now = this.ctx.clock.now()
    if (now >= q.expiresAt)
      throw primeRefusal('QUOTE_EXPIRED', `quote ${q.id} expired at ${isoTime(q.expiresAt)}`)
    const { base, quote } = q.market.instrument
    const value = q.qty.mul(q.price)
    const fee = value.mul(this.ctx.options.takerFee)
    this.ctx.run(() => {
      if (side === 'buy') {
        this.ctx.exchange.transfer(quote, value.plus(fee).neg())
        this.ctx.exchange.transfer(base, q.qty)
      } else {
        this.ctx.exchange.transfer(base, q.qty.neg())
        this.ctx.exchange.transfer(quote, value.minus(fee))
      }
    })
    const entry: PrimeOrderEntry = {
      market: q.market,
      clientOrderId: String(params.get('client_order_id') ?? q.id),
      side,
      type: 'RFQ',
      timeInForce: 'FILL_OR_KILL',
      baseQuantity: q.qty,
      limitPrice: q.price,
      rfq: true,
      expired: false,
      engineClientId: '',
      engineId: '',
      orderId: uuidOf(this.seed, 0x6000_0000 + this.executed.length + 1),
      status: 'filled',
      reason: undefined,
      executedQty: q.qty,
      executedValue: value,
      executedFee: fee,
      createdAt: now,
      updatedAt: now,
    }
    q.accepted = entry
    this.executed.push(entry)
    const n = this.executed.length
    this.executions.push({
      n,
      order: entry,
      tradeId: `rfq-${n}`,
      price: q.price,
      qty: q.qty,
      fee,
      feeAsset: quote,
      isMaker: false,
      time: now,
      id: uuidOf(this.seed, 0x5000_0000 + n),
    })
    this.changed(entry)
    return { order_id: entry.orderId }
  }
}
