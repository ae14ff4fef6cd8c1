import { expect } from 'chai'
import fc from 'fast-check'
import { Decimal } from '../../lib/core/decimal.js'
import type { Trade } from '../../lib/core/model.js'
import { RollingStats } from '../../lib/sim/rolling-stats.js'

function trade(ms: number, price: number, size: number): Trade {
  return {
    venue: 'mock',
    symbol: 'BTC/USDT',
    id: String(ms),
    price: new Decimal(price),
    size: new Decimal(size),
    side: 'buy',
    timestamp: new Date(ms),
    rawTimestamp: ms,
  }
}

describe('RollingStats', () => {
  it('agrees with a full scan of the window, also after the clock goes back', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 40 }),
            price: fc.integer({ min: 1, max: 9 }),
            size: fc.integer({ min: 1, max: 4 }),
            back: fc.integer({ min: 0, max: 60 }),
          }),
          { maxLength: 60 },
        ),
        (steps) => {
          const stats = new RollingStats(100, 1000)
          const history: Trade[] = []
          let now = 0
          for (const s of steps) {
            now += s.gap
            const t = trade(now, s.price, s.size)
            history.push(t)
            stats.add(t)
            const at = now - s.back
            const window = history.filter((x) => x.timestamp.getTime() > at - 100)
            const got = stats.at(at, history)
            expect(got.volume.toNumber()).to.equal(window.reduce((sum, x) => sum + x.size.toNumber(), 0))
            expect(got.high?.toNumber()).to.equal(
              window.length ? Math.max(...window.map((x) => x.price.toNumber())) : undefined,
            )
            expect(got.low?.toNumber()).to.equal(
              window.length ? Math.min(...window.map((x) => x.price.toNumber())) : undefined,
            )
            expect(got.first).to.equal(window[0])
            // Back to the present before the next trade, as a venue's clock would be.
            stats.at(now, history)
          }
        },
      ),
    )
  })
})
