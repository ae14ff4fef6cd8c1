/** The kit's call run on the driver's symbol map. */
import { expect } from 'chai'
import { EmptyError, EMPTY, lastValueFrom, of, toArray } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { withSymbols } from '../../../lib/venues/kit/with-symbols.js'

const one = new Decimal('0.01')
const map = (venueSymbol: string) =>
  new SymbolMap('prime', [
    {
      venue: 'prime',
      symbol: 'BTC/USD',
      venueSymbol,
      base: 'BTC',
      quote: 'USD',
      tickSize: one,
      lotSize: one,
      minSize: one,
      status: 'trading',
    },
  ])

describe('kit: a call on the symbol map', () => {
  it('runs once, on the first map the host gives', async () => {
    const runs: string[] = []
    const host = { symbols: () => of(map('BTC-USD'), map('XBT-USD')) }
    const out = withSymbols(host, (symbols) => {
      runs.push(symbols.toVenue('BTC/USD'))
      return of(symbols.toVenue('BTC/USD'), 'sent')
    })
    expect(await lastValueFrom(out.pipe(toArray()))).to.deep.equal(['BTC-USD', 'sent'])
    expect(runs).to.deep.equal(['BTC-USD'])
  })

  it('fails, without running, when the host gives no map', async () => {
    let ran = false
    const e: unknown = await lastValueFrom(
      withSymbols({ symbols: () => EMPTY }, () => {
        ran = true
        return of(1)
      }),
    ).catch((x: unknown) => x)
    expect(e).to.be.instanceOf(EmptyError)
    expect(ran).to.equal(false)
  })
})
