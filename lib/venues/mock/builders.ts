/**
 * Test data for strategy tests: orders, fills and books built in a line, with every field the model
 * requires filled in plausibly, so a test names only what it is about. Amounts are text or `Decimal`,
 * never a JavaScript number.
 */
import { Decimal } from '../../core/decimal.js'
import type {
  BookLevel,
  Fill,
  Order,
  OrderBook,
  OrderStatus,
  Side,
  TimeInForce,
  UnifiedSymbol,
  VenueId,
} from '../../core/model.js'

const EPOCH = new Date(Date.UTC(2026, 0, 1))

let sequence = 0
/** A fresh id for built orders and fills (`built-1`, `built-2`, …). */
const nextId = (): string => `built-${++sequence}`

/**
 * Builds an {@link Order}: by default a new limit buy of 0.01 BTC/USDT at 60 000 on `mock`, GTC,
 * nothing filled.
 *
 * @example
 * const order = anOrder().sell().quantity('0.5').filled().build()
 * order.status          // 'filled'
 * order.filledQuantity  // 0.5
 */
export class OrderBuilder {
  private fields: { -readonly [K in keyof Order]: Order[K] }

  constructor() {
    const id = nextId()
    this.fields = {
      venue: 'mock',
      symbol: 'BTC/USDT',
      id,
      clientOrderId: `client-${id}`,
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      price: new Decimal('60000'),
      quantity: new Decimal('0.01'),
      filledQuantity: new Decimal(0),
      averagePrice: undefined,
      status: 'new',
      createdAt: EPOCH,
      timestamp: EPOCH,
      rawTimestamp: EPOCH.getTime(),
    }
  }

  /** The venue it belongs to. */
  venue(venue: VenueId): this {
    this.fields.venue = venue
    return this
  }

  /** Its symbol. */
  symbol(symbol: UnifiedSymbol): this {
    this.fields.symbol = symbol
    return this
  }

  /** Its venue order id and client order id. */
  ids(id: string, clientOrderId = `client-${id}`): this {
    this.fields.id = id
    this.fields.clientOrderId = clientOrderId
    return this
  }

  /** Its side. */
  side(side: Side): this {
    this.fields.side = side
    return this
  }

  /** A buy. */
  buy(): this {
    return this.side('buy')
  }

  /** A sell. */
  sell(): this {
    return this.side('sell')
  }

  /** A limit order at `price`. */
  limit(price: Decimal | string, timeInForce: TimeInForce = 'GTC'): this {
    this.fields.type = 'limit'
    this.fields.price = new Decimal(price)
    this.fields.timeInForce = timeInForce
    return this
  }

  /** A market order (no price, IOC). */
  market(): this {
    this.fields.type = 'market'
    this.fields.price = undefined
    this.fields.timeInForce = 'IOC'
    return this
  }

  /** The base quantity asked. */
  quantity(quantity: Decimal | string): this {
    this.fields.quantity = new Decimal(quantity)
    return this
  }

  /** Partly filled: `quantity` of it, at `price` on average (default its limit price). */
  partiallyFilled(quantity: Decimal | string, price?: Decimal | string): this {
    this.fields.status = 'partially-filled'
    this.fields.filledQuantity = new Decimal(quantity)
    this.fields.averagePrice = new Decimal(price ?? this.fields.price ?? '60000')
    return this
  }

  /** Wholly filled at `price` on average (default its limit price). */
  filled(price?: Decimal | string): this {
    this.partiallyFilled(this.fields.quantity, price)
    this.fields.status = 'filled'
    return this
  }

  /** Canceled, with the venue's reason when given. */
  canceled(reason?: string): this {
    return this.status('canceled', reason)
  }

  /** Rejected by the venue, with its reason. */
  rejected(reason = 'rejected by the venue'): this {
    return this.status('rejected', reason)
  }

  /** Any status, with the venue's reason when given. */
  status(status: OrderStatus, reason?: string): this {
    this.fields.status = status
    this.fields.reason = reason
    return this
  }

  /** When the venue created it and last reported on it. */
  /** The book's time. */
  at(time: Date): this {
    this.fields.createdAt = time
    this.fields.timestamp = time
    this.fields.rawTimestamp = time.getTime()
    return this
  }

  /** The order. */
  build(): Order {
    return { ...this.fields }
  }
}

/**
 * A new {@link OrderBuilder}.
 *
 * @example
 * anOrder().symbol('ETH/USDT').limit('3000').partiallyFilled('0.004').build()
 */
export function anOrder(): OrderBuilder {
  return new OrderBuilder()
}

/**
 * A fill of `order`: by default of its filled quantity (all of it when nothing filled yet), at its
 * average or limit price, no fee.
 *
 * @example
 * const order = anOrder().filled('60010').build()
 * aFill(order).price.toString() // '60010'
 */
export function aFill(
  order: Order,
  fill: {
    quantity?: Decimal | string
    price?: Decimal | string
    fee?: Decimal | string
    feeAsset?: string
  } = {},
): Fill {
  const quantity = new Decimal(
    fill.quantity ?? (order.filledQuantity.isZero() ? order.quantity : order.filledQuantity),
  )
  return {
    venue: order.venue,
    symbol: order.symbol,
    tradeId: nextId(),
    orderId: order.id ?? nextId(),
    clientOrderId: order.clientOrderId,
    side: order.side,
    price: new Decimal(fill.price ?? order.averagePrice ?? order.price ?? '60000'),
    quantity,
    fee: new Decimal(fill.fee ?? 0),
    feeAsset: fill.feeAsset ?? order.symbol.split('/')[1] ?? 'USDT',
    liquidity: order.type === 'market' ? 'taker' : 'maker',
    timestamp: order.timestamp,
    rawTimestamp: order.rawTimestamp,
  }
}

/**
 * `[price, size]` pairs, best first.
 *
 * @example
 * const bids: LevelPairs = [['100', '1'], ['99.5', '2']]
 */
export type LevelPairs = readonly (readonly [Decimal | string, Decimal | string])[]

/**
 * Builds an {@link OrderBook} (by default BTC/USDT on `mock`, empty): levels are given best first
 * and kept as given, so a test can build a crossed or unsorted book on purpose.
 *
 * @example
 * const book = aBook().withLevels({ bids: [['100', '1']], asks: [['101', '2']] }).build()
 * book.asks[0]?.size.toString() // '2'
 */
export class BookBuilder {
  private venueId: VenueId = 'mock'
  private symbolName: UnifiedSymbol = 'BTC/USDT'
  private bids: BookLevel[] = []
  private asks: BookLevel[] = []
  private time = EPOCH
  private seq: number | undefined = undefined

  /** The venue it belongs to. */
  venue(venue: VenueId): this {
    this.venueId = venue
    return this
  }

  /** Its symbol. */
  symbol(symbol: UnifiedSymbol): this {
    this.symbolName = symbol
    return this
  }

  /** Sets the sides given, best first. */
  withLevels(levels: { bids?: LevelPairs; asks?: LevelPairs }): this {
    const toLevels = (pairs: LevelPairs): BookLevel[] =>
      pairs.map(([price, size]) => ({ price: new Decimal(price), size: new Decimal(size) }))
    if (levels.bids !== undefined) this.bids = toLevels(levels.bids)
    if (levels.asks !== undefined) this.asks = toLevels(levels.asks)
    return this
  }

  /** A one-level book around `mid`, `spread` wide, `size` a side. */
  around(mid: Decimal | string, spread: Decimal | string = '1', size: Decimal | string = '1'): this {
    const half = new Decimal(spread).div(2)
    return this.withLevels({
      bids: [[new Decimal(mid).minus(half), size]],
      asks: [[new Decimal(mid).plus(half), size]],
    })
  }

  /** The venue's update id of the book. */
  sequence(sequence: number): this {
    this.seq = sequence
    return this
  }

  /** The book's time. */
  at(time: Date): this {
    this.time = time
    return this
  }

  /** The book. */
  build(): OrderBook {
    return {
      venue: this.venueId,
      symbol: this.symbolName,
      bids: [...this.bids],
      asks: [...this.asks],
      sequence: this.seq,
      timestamp: this.time,
      rawTimestamp: this.time.getTime(),
    }
  }
}

/**
 * A new {@link BookBuilder}.
 *
 * @example
 * aBook().around('60000', '2').build().bids[0]?.price.toString() // '59999'
 */
export function aBook(): BookBuilder {
  return new BookBuilder()
}
