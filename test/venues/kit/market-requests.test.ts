import { expect } from 'chai'
import { VenueError } from '../../../lib/core/errors.js'
import { routeBy } from '../../../lib/venues/kit/route.js'
import { liveCandleCode, servedBookDepth } from '../../../lib/venues/kit/market-requests.js'

describe('kit market requests and frame routing', () => {
  it('serves a depth by the smallest served one at or above it, the deepest when none is asked', () => {
    expect([1, 2, 50, 51, 200].map((d) => servedBookDepth('bybit', [1, 50, 200], d))).to.deep.equal([
      1, 50, 50, 200, 200,
    ])
    expect(servedBookDepth('bybit', [1, 50, 200], undefined)).to.equal(200)
    for (const bad of [0, 201, 1.5]) {
      expect(() => servedBookDepth('bybit', [1, 50, 200], bad))
        .to.throw(VenueError, `bybit does not support book depth ${bad} (supported: 1, 50, 200)`)
        .with.property('kind', 'invalid-request')
    }
  })

  it('names a live candle interval the venue has, and refuses one it lacks', () => {
    expect(liveCandleCode('bybit', { '1h': '60' }, '1h')).to.equal('60')
    expect(() => liveCandleCode('bybit', { '1h': '60' }, '1d'))
      .to.throw(VenueError, 'bybit does not support live 1d candles')
      .with.property('kind', 'invalid-request')
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
