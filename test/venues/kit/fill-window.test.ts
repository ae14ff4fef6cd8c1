import { expect } from 'chai'
import { firstValueFrom, of } from 'rxjs'
import { fillHistoryWithin } from '../../../lib/venues/kit/trading/fill-window.js'

const DAY = 86_400_000

describe('fillHistoryWithin', () => {
  const asked: { symbol: string; from: string; to: string; limit: number }[] = []
  let now = 10 * DAY
  const history = fillHistoryWithin(
    7 * DAY,
    () => now,
    (q) => {
      asked.push({ symbol: q.symbol, from: q.from.toISOString(), to: q.to.toISOString(), limit: q.limit })
      return of([])
    },
  )
  beforeEach(() => {
    asked.length = 0
    now = 10 * DAY
  })

  it('moves a start before the span up to the span that ends at `to`, and asks for 1 000 fills', async () => {
    await firstValueFrom(history({ symbol: 'BTC/USDT', from: new Date(0), to: new Date(9 * DAY) }))
    expect(asked).to.deep.equal([
      {
        symbol: 'BTC/USDT',
        from: new Date(2 * DAY + 1).toISOString(),
        to: new Date(9 * DAY).toISOString(),
        limit: 1000,
      },
    ])
  })

  it('keeps a start within the span, and ends a minute past the venue clock when `to` is not given, read on subscription', async () => {
    const fills$ = history({ symbol: 'ETH/USDT', from: new Date(8 * DAY) })
    now = 11 * DAY
    expect(asked).to.deep.equal([])
    await firstValueFrom(fills$)
    expect(asked[0]).to.deep.include({
      from: new Date(8 * DAY).toISOString(),
      to: new Date(11 * DAY + 60_000).toISOString(),
    })
  })

  it('takes in a fill the venue stamped after the clock estimate, within the estimate error', async () => {
    // the estimate is behind the venue by up to half a sync's round trip: a fill just made is in the range
    const stamped = now + 250
    await firstValueFrom(history({ symbol: 'BTC/USDT', from: new Date(now - DAY) }))
    const range = asked[0]!
    expect(Date.parse(range.from)).to.be.at.most(now - DAY)
    expect(Date.parse(range.to)).to.be.above(stamped)
    expect(Date.parse(range.to) - Date.parse(range.from)).to.be.below(7 * DAY)
  })

  it('keeps a range with no end within the span when its start is far back', async () => {
    await firstValueFrom(history({ symbol: 'BTC/USDT', from: new Date(0) }))
    const range = asked[0]!
    expect(Date.parse(range.to) - Date.parse(range.from)).to.equal(7 * DAY - 1)
    expect(Date.parse(range.to)).to.be.above(now)
  })
})
