import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import { VenueError } from '../../lib/core/errors.js'
import type { Instrument, UnifiedSymbol, VenueId } from '../../lib/core/model.js'
import {
  canonicalSymbol,
  formatSymbol,
  joinedVenueSymbol,
  parseSymbol,
  splitVenueSymbol,
  SymbolMap,
} from '../../lib/core/symbols.js'

function instrument(symbol: string, venueSymbol: string, venue: VenueId = 'bybit'): Instrument {
  const [base = '', quote = ''] = symbol.split('/')
  return {
    venue,
    symbol: symbol as UnifiedSymbol,
    venueSymbol,
    base,
    quote,
    tickSize: new Decimal('0.01'),
    lotSize: new Decimal('0.000001'),
    minSize: new Decimal('0.000048'),
    status: 'trading',
  }
}

function caught(f: () => unknown): VenueError {
  try {
    f()
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  expect.fail('expected a VenueError')
}

describe('symbols', () => {
  describe('parseSymbol', () => {
    it('splits BASE/QUOTE', () => {
      expect(parseSymbol('BTC/USDT')).to.deep.equal({ base: 'BTC', quote: 'USDT', symbol: 'BTC/USDT' })
    })

    it('upper-cases any case', () => {
      expect(parseSymbol('btc/Usdt')).to.deep.equal({ base: 'BTC', quote: 'USDT', symbol: 'BTC/USDT' })
    })

    it('allows digits and inner dots or underscores', () => {
      expect(parseSymbol('1000PEPE/USDT').base).to.equal('1000PEPE')
      expect(parseSymbol('usdc.e/usd').symbol).to.equal('USDC.E/USD')
      expect(parseSymbol('A_B/C').base).to.equal('A_B')
    })

    const bad: Array<[string, RegExp]> = [
      ['BTCUSDT', /exactly one "\/"/],
      ['BTC-USDT', /exactly one "\/"/],
      ['BTC/', /quote asset is empty/],
      ['/USDT', /base asset is empty/],
      ['', /exactly one "\/"/],
      ['BTC/USDT/X', /exactly one "\/"/],
      ['btc/usdt ', /quote asset has " "/],
      [' BTC/USDT', /base asset has " "/],
      ['BTC /USDT', /base asset has " "/],
      ['BTC/US DT', /quote asset has " "/],
      ['BTC/USD\n', /quote asset has "\\n"/],
      ['.BTC/USD', /base asset has "\."/],
      ['BTC_/USD', /base asset has "_"/],
      ['BTC/USD-T', /quote asset has "-"/],
      ['BTÇ/USD', /base asset has "Ç"/],
      [`${'A'.repeat(33)}/USD`, /longer than 32/],
    ]
    for (const [input, why] of bad) {
      it(`refuses ${JSON.stringify(input)} as invalid-request`, () => {
        const e = caught(() => parseSymbol(input))
        expect(e.kind).to.equal('invalid-request')
        expect(e.message).to.include(`invalid symbol ${JSON.stringify(input)}`)
        expect(e.message).to.match(why)
      })
    }

    it('accepts the longest allowed asset', () => {
      expect(parseSymbol(`${'a'.repeat(32)}/usd`).base).to.equal('A'.repeat(32))
    })
  })

  describe('formatSymbol / joinedVenueSymbol / splitVenueSymbol', () => {
    it('formats and normalizes', () => {
      expect(formatSymbol('eth', 'usdc')).to.equal('ETH/USDC')
      expect(caught(() => formatSymbol('ETH', '')).kind).to.equal('invalid-request')
      expect(caught(() => formatSymbol('ETH/BTC', 'USD')).message).to.include('base asset has "/"')
    })

    it('joins with no separator or a dash', () => {
      expect(joinedVenueSymbol('BTC', 'USDT', '')).to.equal('BTCUSDT')
      expect(joinedVenueSymbol('btc', 'usdt')).to.equal('BTCUSDT')
      expect(joinedVenueSymbol('btc', 'usd', '-')).to.equal('BTC-USD')
      expect(caught(() => joinedVenueSymbol('BTC', 'US D', '-')).kind).to.equal('invalid-request')
    })

    it('splits a separated venue symbol', () => {
      expect(splitVenueSymbol('BTC-USD', '-')).to.equal('BTC/USD')
      expect(splitVenueSymbol('eth_btc', '_')).to.equal('ETH/BTC')
      expect(caught(() => splitVenueSymbol('BTCUSD', '-')).message).to.include('exactly one "-"')
      expect(caught(() => splitVenueSymbol('A-B-C', '-')).kind).to.equal('invalid-request')
      expect(caught(() => splitVenueSymbol('BTCUSDT', '')).kind).to.equal('invalid-request')
    })
  })

  describe('SymbolMap', () => {
    const btc = instrument('BTC/USDT', 'BTCUSDT')
    const eth = instrument('ETH/USDT', 'ETHUSDT')
    const map = new SymbolMap('bybit', [btc, eth])

    it('maps both ways', () => {
      expect(map.toVenue('BTC/USDT')).to.equal('BTCUSDT')
      expect(map.fromVenue('ETHUSDT')).to.equal('ETH/USDT')
      expect(map.get('ETH/USDT')).to.equal(eth)
      expect(map.getByVenueSymbol('BTCUSDT')).to.equal(btc)
      expect(map.instrument('BTC/USDT')).to.equal(btc)
    })

    it('reads unified symbols in any case but venue symbols exactly', () => {
      expect(map.toVenue('btc/usdt')).to.equal('BTCUSDT')
      expect(map.has('eth/usdt')).to.equal(true)
      expect(map.getByVenueSymbol('btcusdt')).to.equal(undefined)
    })

    it('has() and get() say no for unknown or malformed symbols', () => {
      expect(map.has('SOL/USDT')).to.equal(false)
      expect(map.has('BTCUSDT')).to.equal(false)
      expect(map.get('nonsense')).to.equal(undefined)
    })

    it('refuses an unknown symbol as invalid-request naming the valid ones; an unknown venue symbol is not-found', () => {
      const toVenue = caught(() => map.toVenue('SOL/USDT'))
      expect(toVenue.kind).to.equal('invalid-request')
      expect(toVenue.venue).to.equal('bybit')
      expect(toVenue.message).to.equal('bybit has no symbol SOL/USDT; valid: BTC/USDT, ETH/USDT')
      expect(caught(() => map.toVenue('BTC/USDC')).message).to.equal(
        'bybit has no symbol BTC/USDC; did you mean BTC/USDT?',
      )
      const fromVenue = caught(() => map.fromVenue('SOLUSDT'))
      expect(fromVenue.kind).to.equal('not-found')
      expect(fromVenue.message).to.equal('bybit has no venue symbol SOLUSDT')
      expect(caught(() => map.instrument('SOL/USDT')).kind).to.equal('invalid-request')
    })

    it('lists instruments in the given order', () => {
      expect(map.instruments()).to.deep.equal([btc, eth])
      expect(new SymbolMap('bybit', []).instruments()).to.deep.equal([])
    })

    it('normalizes instrument symbols', () => {
      const lower = instrument('sol/usdt', 'SOLUSDT')
      const m = new SymbolMap('bybit', [lower])
      expect(m.fromVenue('SOLUSDT')).to.equal('SOL/USDT')
      expect(m.instruments()[0]?.symbol).to.equal('SOL/USDT')
    })

    it('refuses ambiguous, foreign or malformed instruments', () => {
      const dupSymbol = caught(() => new SymbolMap('bybit', [btc, instrument('BTC/USDT', 'BTC-USDT')]))
      expect(dupSymbol.kind).to.equal('invalid-request')
      expect(dupSymbol.message).to.include('ambiguous')
      const dupVenue = caught(() => new SymbolMap('bybit', [btc, instrument('XBT/USDT', 'BTCUSDT')]))
      expect(dupVenue.message).to.include('BTCUSDT')
      const foreign = caught(() => new SymbolMap('bybit', [instrument('BTC/USDT', 'BTCUSDT', 'binance')]))
      expect(foreign.message).to.include('belongs to binance')
      expect(caught(() => new SymbolMap('bybit', [instrument('BTCUSDT', 'BTCUSDT')])).kind).to.equal(
        'invalid-request',
      )
    })
  })
})

describe('canonicalSymbol', () => {
  it('upper-cases a valid unified symbol and leaves anything else as given', () => {
    expect(canonicalSymbol('btc/usdt')).to.equal('BTC/USDT')
    expect(canonicalSymbol('Eth/usdc.e')).to.equal('ETH/USDC.E')
    expect(canonicalSymbol('btcusdt')).to.equal('btcusdt')
    expect(canonicalSymbol(' btc/usdt')).to.equal(' btc/usdt')
    expect(canonicalSymbol(42)).to.equal(42)
  })
})
