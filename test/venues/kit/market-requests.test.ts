import { expect } from 'chai'
import { VenueError } from '../../../lib/core/errors.js'
import { routeBy } from '../../../lib/venues/kit/route.js'
import { anyBookDepth, liveCandleCode, servedBookDepth } from '../../../lib/venues/kit/market-requests.js'

describe('kit market requests and frame routing', () => {
  it('serves a depth by the smallest served one at or above it, the deepest when none is asked', () => {
    expect([1, 2, 50, 51, 200].map((d) => servedBookDepth('bybit', [1, 50, 200], d))).to.deep.equal([
      1, 50, 50, 200, 200,
    ])
    expect(servedBookDepth('bybit', [1, 50, 200], undefined)).to.equal(200)
    for (const bad of [0, 201, 500, 1.5]) {
      expect(() => servedBookDepth('bybit', [1, 50, 200], bad))
        .to.throw(
          VenueError,
          `bybit does not support book depth ${bad}: depth must be a whole number from 1 to 200 (served from its 1, 50, 200 level books)`,
        )
        .with.property('kind', 'invalid-request')
    }
    expect(() => servedBookDepth('binance', [100, 500, 1000, 5000], 5001)).to.throw(
      VenueError,
      'binance does not support book depth 5001: depth must be a whole number from 1 to 5000 (served from its 100, 500, 1000, 5000 level books)',
    )
    expect(() => servedBookDepth('bybit', [1, 50, 200], '5' as never)).to.throw(
      VenueError,
      'bybit does not support book depth string "5": depth must be a whole number from 1 to 200',
    )
  })

  it('takes any whole depth > 0 where the venue serves its whole book, and nothing else', () => {
    expect([undefined, 1, 100_000].map((d) => anyBookDepth('coinbase', d))).to.deep.equal([
      undefined,
      1,
      100_000,
    ])
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => anyBookDepth('coinbase', bad))
        .to.throw(VenueError, `coinbase does not support book depth ${bad}: depth must be a whole number > 0`)
        .with.property('venue', 'coinbase')
    }
  })

  it('names a live candle interval the venue has, and refuses one it lacks', () => {
    expect(liveCandleCode('bybit', { '1h': '60' }, '1h')).to.equal('60')
    expect(() => liveCandleCode('bybit', { '1h': '60' }, '1d'))
      .to.throw(VenueError, 'bybit does not support live 1d candles')
      .with.property('kind', 'invalid-request')
    expect(() => liveCandleCode('bybit', { '1h': '60' }, '' as never)).to.throw(
      VenueError,
      'bybit does not support live string "" candles',
    )
  })

  it('routes a frame by a string field, and nothing else', () => {
    const route = routeBy('topic')
    expect(route({ topic: 'order', data: [] })).to.equal('order')
    expect([
      route({ op: 'pong' }),
      route({ topic: 7 }),
      route(null),
      route('topic'),
      route([]),
    ]).to.deep.equal([undefined, undefined, undefined, undefined, undefined])
  })
})
