import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { BINANCE_SPEC } from '../../../lib/venues/binance/spec.js'
import { decodeBinanceMarketFrame } from '../../../lib/venues/binance/codecs.js'
import { BYBIT_SPEC } from '../../../lib/venues/bybit/spec.js'
import { decodeBybitPublicFrame } from '../../../lib/venues/bybit/codecs.js'
import { routeBy } from '../../../lib/venues/kit/route.js'

const fixture = (path: string): string =>
  readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')

describe('routing keys from the venue spec', () => {
  it("Bybit's spec routes a decoded public push by its topic, and a pong by nothing", () => {
    const route = BYBIT_SPEC.socket.route
    const delta = fixture('bybit/ws-orderbook-delta.json')
    expect(route(decodeBybitPublicFrame(delta))).to.equal('orderbook.50.BTCUSDT')
    expect(route(decodeBybitPublicFrame(fixture('bybit/ws-public-trade.json')))).to.equal(
      (JSON.parse(fixture('bybit/ws-public-trade.json')) as { topic: string }).topic,
    )
    expect(route(decodeBybitPublicFrame(fixture('bybit/ws-pong-public-spot.json')))).to.equal(undefined)
  })

  it("Binance's spec routes a combined-stream frame by its stream name", () => {
    const event = JSON.parse(fixture('binance/ws-depth-update.json')) as unknown
    const text = JSON.stringify({ stream: 'bnbbtc@depth@100ms', data: event })
    expect(BINANCE_SPEC.socket.route(decodeBinanceMarketFrame(text))).to.equal('bnbbtc@depth@100ms')
  })

  it('routeBy reads one string field and nothing else', () => {
    const route = routeBy('topic')
    expect(route({ topic: 'a' })).to.equal('a')
    expect(route({ topic: 7 })).to.equal(undefined)
    expect(route(null)).to.equal(undefined)
    expect(route('topic')).to.equal(undefined)
  })
})
