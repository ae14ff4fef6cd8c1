import { expect } from 'chai'
import fc from 'fast-check'
import {
  CANDLE_INTERVALS,
  candleCloseTime,
  candleOpenAt,
  candleOpenAtOrAfter,
} from '../../lib/core/candle-time.js'

const utc = (...a: [number, number, number?, number?, number?]) => Date.UTC(...a)

describe('candle time', () => {
  it('opens fixed intervals on their grid', () => {
    expect(candleOpenAt('1m', 90_000)).to.equal(60_000)
    expect(candleOpenAt('4h', utc(2024, 0, 1, 5, 59))).to.equal(utc(2024, 0, 1, 4))
    expect(candleOpenAt('1d', utc(2024, 0, 1, 23, 59))).to.equal(utc(2024, 0, 1))
  })

  it('opens weeks on Monday and months on the 1st, across a year end', () => {
    // 2024-01-03 is a Wednesday; its week opened on Monday 2024-01-01
    expect(candleOpenAt('1w', utc(2024, 0, 3, 12))).to.equal(utc(2024, 0, 1))
    expect(new Date(candleOpenAt('1w', utc(2023, 11, 31))).getUTCDay()).to.equal(1)
    expect(candleOpenAt('1M', utc(2023, 11, 31, 23))).to.equal(utc(2023, 11, 1))
    expect(candleCloseTime('1M', utc(2023, 11, 1))).to.equal(utc(2024, 0, 1))
    expect(candleCloseTime('1M', utc(2024, 1, 1))).to.equal(utc(2024, 2, 1))
  })

  it('finds the first open at or after a time', () => {
    expect(candleOpenAtOrAfter('1h', utc(2024, 0, 1, 10, 30))).to.equal(utc(2024, 0, 1, 11))
    expect(candleOpenAtOrAfter('1h', utc(2024, 0, 1, 10))).to.equal(utc(2024, 0, 1, 10))
    expect(candleOpenAtOrAfter('1M', utc(2024, 1, 2))).to.equal(utc(2024, 2, 1))
  })

  it('puts every time inside the candle that holds it, for every interval', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CANDLE_INTERVALS),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (iv, ms) => {
          const open = candleOpenAt(iv, ms)
          const close = candleCloseTime(iv, open)
          return open <= ms && ms < close && candleOpenAt(iv, close) === close
        },
      ),
      { seed: 42, numRuns: 2000 },
    )
  })
})
