/**
 * The seeded random market: a starting book, then small changes (resize, remove or add a level, or a
 * trade against the top) written as {@link BookStep}s, so random and scripted markets share one path.
 * Prices and sizes are whole ticks and lots; an added level never crosses the other side. Given a fair
 * price, the market quotes around it: takers clear the levels on its wrong side, and new levels go on
 * its right side.
 */
import { Decimal } from '../core/decimal.js'
import type { BookLevel, Side } from '../core/model.js'
import { opposite } from './book.js'
import type { BookStep } from './step.js'
import type { Prng } from './prng.js'

/**
 * How often, in ms, a simulated venue's markets take a random step unless its options say otherwise.
 *
 * @example
 * setInterval(() => sim.step(1), options.tickMs ?? DEFAULT_TICK_MS)
 */
export const DEFAULT_TICK_MS = 100

/**
 * What the walk looks at before each change.
 *
 * @example
 * const step = randomChange(prng, state satisfies RandomWalkState)
 */
export interface RandomWalkState {
  readonly tickSize: Decimal
  readonly lotSize: Decimal
  /** Largest random level size, in lots. */
  readonly maxLots: number
  /** Levels per side to keep around. */
  readonly levels: number
  readonly startPrice: Decimal
  /** The market's own levels, best first. */
  readonly marketBids: readonly BookLevel[]
  readonly marketAsks: readonly BookLevel[]
  /** Best levels including resting user orders. */
  readonly topBid: BookLevel | undefined
  readonly topAsk: BookLevel | undefined
  /** The price to quote around (bids at or below, asks at or above); `undefined`: wander freely. */
  readonly fair?: Decimal | undefined
}

/**
 * A starting book: `levels` levels a side, one tick of spread at `startPrice`, gaps of 1 to 3 ticks.
 *
 * @example
 * exchange.push('BTC/USDT', initialRandomBook(createPrng(7), state))
 */
export function initialRandomBook(prng: Prng, state: RandomWalkState): BookStep {
  const bids: [Decimal, Decimal][] = []
  const asks: [Decimal, Decimal][] = []
  let bid = state.startPrice.minus(state.tickSize)
  let ask = state.startPrice
  for (let i = 0; i < state.levels; i++) {
    if (bid.gt(0)) bids.push([bid, randomSize(prng, state)])
    asks.push([ask, randomSize(prng, state)])
    bid = bid.minus(state.tickSize.mul(prng.int(1, 3)))
    ask = ask.plus(state.tickSize.mul(prng.int(1, 3)))
  }
  return { snapshot: true, bids, asks }
}

/**
 * One random change of the market.
 *
 * @example
 * for (let i = 0; i < 3; i++) apply(randomChange(prng, stateNow()))
 */
export function randomChange(prng: Prng, state: RandomWalkState): BookStep {
  const follow = state.fair === undefined ? undefined : sweep(prng, state, state.fair)
  if (follow !== undefined) return follow
  const side: Side = prng.next() < 0.5 ? 'buy' : 'sell'
  const own = side === 'buy' ? state.marketBids : state.marketAsks
  const worst = own[own.length - 1]
  if (own.length < Math.ceil(state.levels / 2)) return add(prng, state, side)
  if (worst !== undefined && own.length > state.levels + Math.ceil(state.levels / 2)) {
    return level(side, worst.price, new Decimal(0))
  }
  const r = prng.next()
  const top = side === 'buy' ? state.topBid : state.topAsk
  if (r < 0.15 && top !== undefined) {
    return { trades: [{ side: opposite(side), size: Decimal.min(top.size, randomSize(prng, state)) }] }
  }
  const picked = own[Math.floor(prng.next() ** 2 * own.length)]
  if (r < 0.5 && picked !== undefined) return level(side, picked.price, randomSize(prng, state))
  if (r < 0.7 && picked !== undefined) return level(side, picked.price, new Decimal(0))
  return add(prng, state, side)
}

/**
 * A buyer (seller) at the fair price takes the market's own asks (bids) on the wrong side of it and
 * rests what is left there, so the book follows the fair price with a tight spread.
 */
function sweep(prng: Prng, state: RandomWalkState, fair: Decimal): BookStep | undefined {
  const tick = state.tickSize
  const asks = wrongSide(state.marketAsks, (price) => price.lt(fair))
  if (asks !== undefined) {
    const cap = fair.div(tick).floor().mul(tick)
    return { bids: [[cap, asks.plus(randomSize(prng, state))]] }
  }
  const bids = wrongSide(state.marketBids, (price) => price.gt(fair))
  if (bids !== undefined) {
    const floor = fair.div(tick).ceil().mul(tick)
    return { asks: [[floor, bids.plus(randomSize(prng, state))]] }
  }
  return undefined
}

/** The total size of the leading levels that are on the wrong side. */
function wrongSide(levels: readonly BookLevel[], wrong: (price: Decimal) => boolean): Decimal | undefined {
  let size: Decimal | undefined
  for (const l of levels) {
    if (!wrong(l.price)) break
    size = size === undefined ? l.size : size.plus(l.size)
  }
  return size
}

function add(prng: Prng, state: RandomWalkState, side: Side): BookStep {
  const tick = state.tickSize
  const bestBid = state.topBid?.price
  const bestAsk = state.topAsk?.price
  const fair = state.fair
  // The highest bid and lowest ask the fair price allows.
  const bidCap = fair?.div(tick).floor().mul(tick)
  const askFloor = fair?.div(tick).ceil().mul(tick)
  // Liquidity taken at the top comes back inside a wide spread, so the spread does not drift open.
  if (bestBid !== undefined && bestAsk !== undefined) {
    const gap = bestAsk.minus(bestBid).div(tick).floor().toNumber()
    if (gap > 2 && prng.next() < 0.5) {
      const inside = prng.int(1, gap - 1)
      let price = side === 'buy' ? bestBid.plus(tick.mul(inside)) : bestAsk.minus(tick.mul(inside))
      if (side === 'buy' && bidCap !== undefined && price.gt(bidCap)) price = Decimal.max(bidCap, bestBid)
      if (side === 'sell' && askFloor !== undefined && price.lt(askFloor))
        price = Decimal.min(askFloor, bestAsk)
      return level(side, price, randomSize(prng, state))
    }
  }
  if (side === 'buy') {
    const anchor =
      state.marketBids[0]?.price ?? bidCap ?? bestAsk?.minus(tick) ?? state.startPrice.minus(tick)
    let price = anchor.plus(tick.mul(prng.int(-state.levels, 2)))
    if (bidCap !== undefined && price.gt(bidCap)) price = bidCap
    if (bestAsk !== undefined && price.gte(bestAsk)) price = bestAsk.minus(tick)
    return price.gt(0) ? level(side, price, randomSize(prng, state)) : {}
  }
  const anchor = state.marketAsks[0]?.price ?? askFloor ?? bestBid?.plus(tick) ?? state.startPrice
  let price = anchor.plus(tick.mul(prng.int(-2, state.levels)))
  if (askFloor !== undefined && price.lt(askFloor)) price = askFloor
  if (bestBid !== undefined && price.lte(bestBid)) price = bestBid.plus(tick)
  if (price.lte(0)) price = tick
  return level(side, price, randomSize(prng, state))
}

function level(side: Side, price: Decimal, size: Decimal): BookStep {
  return side === 'buy' ? { bids: [[price, size]] } : { asks: [[price, size]] }
}

function randomSize(prng: Prng, state: RandomWalkState): Decimal {
  return state.lotSize.mul(prng.int(1, state.maxLots))
}
