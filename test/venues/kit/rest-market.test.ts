import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, of, toArray } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { Instrument } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { checkHistoryRange } from '../../../lib/venues/kit/history-request.js'
import { historyWalk, listedRows, whileOpen } from '../../../lib/venues/kit/rest-market.js'
import { checkLimit } from '../../../lib/venues/kit/request-limit.js'

const host = (closed: boolean) => ({
  closed,
  closedError: () =>
    new VenueError({ kind: 'invalid-request', venue: 'binance', message: 'binance venue is closed' }),
})

describe('kit REST market helpers', () => {
  it('checkLimit takes an integer from 1 to max and refuses anything else with invalid-request', () => {
    expect(checkLimit('binance', 500, 1000, 'recent trades limit')).to.equal(500)
    for (const bad of [0, 1001, 1.5, Number.NaN]) {
      expect(() => checkLimit('binance', bad, 1000, 'recent trades limit'))
        .to.throw(VenueError, `recent trades limit must be 1 to 1000, got ${bad}`)
        .with.property('kind', 'invalid-request')
    }
  })

  it('historyWalk fails an invalid range, completes an empty one without walking, and fails once closed', async () => {
    let walks = 0
    const walk = () => {
      walks++
      return of('page')
    }
    const range = (from: Date, to: Date) => () => checkHistoryRange('binance', { from, to }, 'trade history')
    const error = await firstValueFrom(
      historyWalk(host(false), range(new Date('x'), new Date(1)), walk),
    ).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError).with.property('kind', 'invalid-request')
    expect(
      await lastValueFrom(historyWalk(host(false), range(new Date(5), new Date(5)), walk).pipe(toArray())),
    ).to.deep.equal([])
    expect(walks).to.equal(0)
    expect(await firstValueFrom(historyWalk(host(false), range(new Date(0), new Date(5)), walk))).to.equal(
      'page',
    )
    const closed = await firstValueFrom(whileOpen(host(true), () => of(1))).catch((e: unknown) => e)
    expect(closed).to.be.instanceOf(VenueError).with.property('message', 'binance venue is closed')
  })
  it('listedRows asks by venue symbol (or for all), maps listed rows and leaves out the others, and fails once closed', async () => {
    const btc: Instrument = {
      venue: 'binance',
      symbol: 'BTC/USDT',
      venueSymbol: 'BTCUSDT',
      base: 'BTC',
      quote: 'USDT',
      tickSize: new Decimal('0.01'),
      lotSize: new Decimal('0.001'),
      minSize: new Decimal('0.001'),
      status: 'trading',
    }
    const asked: (string | undefined)[] = []
    const source = (closed: boolean) => ({
      ...host(closed),
      symbols: () => of(new SymbolMap('binance', [btc])),
    })
    const rows = (symbol: 'BTC/USDT' | undefined, closed = false) =>
      listedRows(
        source(closed),
        symbol,
        (venueSymbol) => {
          asked.push(venueSymbol)
          return of([
            { s: 'BTCUSDT', p: 1 },
            { s: 'DELISTEDUSDT', p: 2 },
          ])
        },
        (row) => row.s,
        (row, symbol) => `${symbol} ${row.p}`,
      )
    expect(await firstValueFrom(rows('BTC/USDT'))).to.deep.equal(['BTC/USDT 1'])
    expect(await firstValueFrom(rows(undefined))).to.deep.equal(['BTC/USDT 1'])
    expect(asked).to.deep.equal(['BTCUSDT', undefined])
    const refused = await firstValueFrom(rows(undefined, true)).catch((e: unknown) => e)
    expect((refused as VenueError).message).to.equal('binance venue is closed')
    expect(asked).to.have.length(2)
  })
})
