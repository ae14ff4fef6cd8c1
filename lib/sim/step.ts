/**
 * How a change of a simulated market is written: levels to set and trades by the rest of the market.
 * Scripted markets, random walks and test helpers all produce {@link BookStep}s, so every change of
 * a market goes through one path in the {@link Exchange}.
 */
import { isMultipleOf, toDecimal, type Decimal, type DecimalLike } from '../core/decimal.js'
import type { Instrument, Side } from '../core/model.js'

/**
 * One price level: `[price, size]` or `{ price, size }`; size `0` removes the level.
 *
 * @example
 * const level: StepLevel = { price: '64999.5', size: '1.2' }
 * sim.venue('bybit').push('BTC/USDT', { bids: [level] })
 */
export type StepLevel =
  | readonly [price: DecimalLike, size: DecimalLike]
  | { readonly price: DecimalLike; readonly size: DecimalLike }

/**
 * A trade by the rest of the market: a taker order of `size` on `side` that walks the book (resting
 * user orders included), up to `price` when given.
 *
 * @example
 * const trade: TakerTrade = { side: 'sell', size: '0.3' }
 * sim.venue('bybit').push('BTC/USDT', { trades: [trade] })
 */
export interface TakerTrade {
  readonly side: Side
  readonly size: DecimalLike
  readonly price?: DecimalLike | undefined
}

/**
 * One change of the market, applied as one step: `snapshot` replaces the market's own liquidity
 * (resting user orders stay), then `bids` and `asks` set level sizes, then `trades` run. A level that
 * crosses the other side trades against it like a limit order and rests with what is left, so the
 * book never crosses.
 *
 * @example
 * exchange.push('BTC/USDT', { asks: [['65000.5', '0.2']], trades: [{ side: 'sell', size: '0.1' }] })
 */
export interface BookStep {
  readonly snapshot?: boolean | undefined
  readonly bids?: readonly StepLevel[] | undefined
  readonly asks?: readonly StepLevel[] | undefined
  readonly trades?: readonly TakerTrade[] | undefined
}

/**
 * A level of a step as exact decimals.
 *
 * @example
 * levelOf(['65000.5', '0.2']).price.toString() // '65000.5'
 */
export function levelOf(level: StepLevel): { readonly price: Decimal; readonly size: Decimal } {
  return 'price' in level
    ? { price: toDecimal(level.price), size: toDecimal(level.size) }
    : { price: toDecimal(level[0]), size: toDecimal(level[1]) }
}

/**
 * Checks a step against the instrument's tick and lot sizes.
 *
 * @throws what `bad` makes, naming `where`.
 * @example
 * checkStep(instrument, { bids: [['1.005', '1']] }, 'push', (m) => new Error(m)) // throws: off tick
 */
export function checkStep(
  instrument: Instrument,
  step: BookStep,
  where: string,
  bad: (message: string) => Error,
): void {
  const levels = [...(step.bids ?? []), ...(step.asks ?? [])]
  for (const raw of levels) {
    const { price, size } = levelOf(raw)
    if (!price.gt(0) || !isMultipleOf(price, instrument.tickSize)) {
      throw bad(
        `${where}: price ${price.toString()} is not a positive multiple of tick ${instrument.tickSize.toString()}`,
      )
    }
    if (size.lt(0) || !isMultipleOf(size.isZero() ? instrument.lotSize : size, instrument.lotSize)) {
      throw bad(`${where}: size ${size.toString()} is not a multiple of lot ${instrument.lotSize.toString()}`)
    }
  }
  for (const trade of step.trades ?? []) {
    const size = toDecimal(trade.size)
    if (trade.side !== 'buy' && trade.side !== 'sell') throw bad(`${where}: trade side must be buy or sell`)
    if (!size.gt(0) || !isMultipleOf(size, instrument.lotSize)) {
      throw bad(
        `${where}: trade size ${size.toString()} is not a positive multiple of lot ${instrument.lotSize.toString()}`,
      )
    }
    if (trade.price !== undefined) {
      const price = toDecimal(trade.price)
      if (!price.gt(0) || !isMultipleOf(price, instrument.tickSize)) {
        throw bad(`${where}: trade price ${price.toString()} is off tick ${instrument.tickSize.toString()}`)
      }
    }
  }
}
