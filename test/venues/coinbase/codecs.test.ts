import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { DecodeError } from '../../../lib/core/errors.js'
import {
  CoinbaseCandles,
  CoinbaseErrorBody,
  CoinbaseMarketTrades,
  CoinbaseProduct,
  CoinbaseProductBook,
  CoinbaseServerTime,
} from '../../../lib/venues/coinbase/codecs.js'
import { coinbaseErrorBody } from '../../../lib/venues/coinbase/context.js'
import { COINBASE_SPEC } from '../../../lib/venues/coinbase/spec.js'
import { specResponseError } from '../../../lib/venues/kit/error-response.js'
import { toInstrument } from '../../../lib/venues/coinbase/listing.js'
import { decodeCoinbaseFrame, type CoinbaseFrame } from '../../../lib/venues/coinbase/socket-codecs.js'

const coinbaseResponseError = (
  response: Parameters<typeof specResponseError>[2],
  info: Parameters<typeof specResponseError>[3],
) => specResponseError(COINBASE_SPEC, coinbaseErrorBody, response, info, 0)

function text(name: string): string {
  return readFileSync(new URL(`../../fixtures/coinbase/${name}.json`, import.meta.url), 'utf8')
}

function json(name: string): unknown {
  return JSON.parse(text(name))
}

/** A fixture as the venue sends it: one line, no blanks. */
function wire(name: string): string {
  return JSON.stringify(json(name))
}

function right<A>(result: { _tag: 'Left' } | { _tag: 'Right'; right: A }): A {
  if (result._tag === 'Left') throw new Error('expected the fixture to decode')
  return result.right
}

function frame<K extends CoinbaseFrame['kind']>(t: string, kind: K): Extract<CoinbaseFrame, { kind: K }> {
  const f = decodeCoinbaseFrame(t)
  expect(f.kind).to.equal(kind)
  return f as Extract<CoinbaseFrame, { kind: K }>
}

const info = { method: 'GET' as const, path: '/api/v3/brokerage/market/products/X', retryAfterMs: undefined }

describe('Coinbase codecs', () => {
  describe('REST', () => {
    it('rest-product.json: a product as an instrument, tick from quote_increment and lot from base_increment', () => {
      const product = right(CoinbaseProduct.decode(json('rest-product')))
      expect(product.alias).to.equal('')
      const i = toInstrument(product)
      expect(i).to.not.equal(undefined)
      expect(i?.symbol).to.equal('BTC/USD')
      expect(i?.venueSymbol).to.equal('BTC-USD')
      expect(i?.tickSize.toString()).to.equal('0.01')
      expect(i?.lotSize.toFixed()).to.equal('0.00000001')
      expect(i?.minSize.toFixed()).to.equal('0.00000001')
      expect(i?.maxSize?.toString()).to.equal('3400')
      expect(i?.minNotional?.toString()).to.equal('1')
      expect(i?.status).to.equal('trading')
    })

    it('product status: only an online product that can trade now is trading', () => {
      const base = right(CoinbaseProduct.decode(json('rest-product')))
      expect(toInstrument({ ...base, status: 'delisted' })?.status).to.equal('delisted')
      expect(toInstrument({ ...base, status: 'offline' })?.status).to.equal('halted')
      expect(toInstrument({ ...base, status: 'something-new' })?.status).to.equal('halted')
      expect(toInstrument({ ...base, trading_disabled: true })?.status).to.equal('halted')
      expect(toInstrument({ ...base, cancel_only: true })?.status).to.equal('halted')
      expect(toInstrument({ ...base, auction_mode: true })?.status).to.equal('pre-trading')
    })

    it('a product whose price step is not a decimal string is refused', () => {
      const bad = { ...(json('rest-product') as object), quote_increment: 0.01 }
      expect(CoinbaseProduct.decode(bad)._tag).to.equal('Left')
    })

    it('rest-product-book.json: levels as the venue text, best first', () => {
      const book = right(CoinbaseProductBook.decode(json('rest-product-book')))
      expect(book.pricebook.bids[0]).to.deep.equal(['68923.66', '0.17189468'])
      expect(book.pricebook.asks[4]).to.deep.equal(['68928', '0.058'])
      expect(book.pricebook.time.rawTimestamp).to.equal('2026-04-07T00:28:59.662782Z')
    })

    it("rest-product-book.docs-schema.json: the docs' placeholders are refused, naming the level", () => {
      const result = CoinbaseProductBook.decode(json('rest-product-book.docs-schema'))
      expect(result._tag).to.equal('Left')
    })

    it('rest-market-trades.json: trades with the maker side, empty best prices read as absent', () => {
      const answer = right(CoinbaseMarketTrades.decode(json('rest-market-trades')))
      expect(answer.trades.map((t) => [t.trade_id, t.side, t.price.toString()])).to.deep.equal([
        ['995098663', 'SELL', '68923.67'],
        ['995098662', 'SELL', '68923.67'],
        ['995098661', 'BUY', '68924.94'],
      ])
      expect(answer.best_bid?.toString()).to.equal('68923.66')
      expect(answer.trades[0]?.time.timestamp.toISOString()).to.equal('2026-04-07T00:28:58.544Z')
    })

    it('rest-candles.json: start in seconds', () => {
      const { candles } = right(CoinbaseCandles.decode(json('rest-candles')))
      expect(candles[0]?.start.timestamp.getTime()).to.equal(1712192400_000)
      expect(candles[0]?.volume.toString()).to.equal('355.82896243')
    })

    it('the server time, its epochMillis as a string or a number', () => {
      const asText = right(
        CoinbaseServerTime.decode({ iso: 'x', epochSeconds: '1', epochMillis: '1684960161123' }),
      )
      const asNumber = right(CoinbaseServerTime.decode({ epochMillis: 1684960161123 }))
      expect(asText.epochMillis.timestamp.getTime()).to.equal(1684960161123)
      expect(asNumber.epochMillis.timestamp.getTime()).to.equal(1684960161123)
    })

    it('rest-error.docs-schema.json: an error body; its name decides the kind', () => {
      expect(CoinbaseErrorBody.is(json('rest-error.docs-schema'))).to.equal(true)
      const answer = (status: number, body: unknown) =>
        coinbaseResponseError({ status, headers: {}, body: JSON.stringify(body) }, info)
      const notFound = answer(404, { error: 'NOT_FOUND', code: 5, message: 'product not found' })
      expect([notFound?.kind, notFound?.code]).to.deep.equal(['not-found', 'NOT_FOUND'])
      expect(notFound?.message).to.include('product not found')
      expect(answer(400, { error: 'INVALID_ARGUMENT', message: 'bad' })?.kind).to.equal('invalid-request')
      expect(answer(401, { error: 'UNAUTHENTICATED', message: 'no' })?.kind).to.equal('auth')
      expect(answer(429, 'Too Many Requests')?.kind).to.equal('rate-limit')
      expect(answer(503, '<html>down</html>')?.kind).to.equal('temporary')
      expect(answer(200, { products: [] })).to.equal(undefined)
    })
  })

  describe('socket frames', () => {
    it('ws-level2-snapshot.json: a snapshot of the product, bids and offers apart, as sent', () => {
      for (const t of [text('ws-level2-snapshot'), wire('ws-level2-snapshot')]) {
        const f = frame(t, 'l2_data')
        expect(f.route).to.equal('BTC-USD')
        expect(f.snapshot).to.equal(true)
        expect(f.sequence).to.equal(0)
        expect(f.ts).to.equal(Date.parse('2023-02-09T20:32:50.714Z'))
        expect(f.bids).to.deep.equal([
          ['21921.73', '0.06317902'],
          ['21921.3', '0.02'],
        ])
        expect(f.asks).to.deep.equal([])
      }
    })

    it('ws-level2-update.thirdparty-nautilus.json: an update with an offer removed', () => {
      const f = frame(wire('ws-level2-update.thirdparty-nautilus'), 'l2_data')
      expect([f.snapshot, f.sequence]).to.deep.equal([false, 1])
      expect(f.bids).to.deep.equal([['68900.00', '2.00000000']])
      expect(f.asks).to.deep.equal([['68901.00', '0.00000000']])
    })

    it('a level2 frame of several events: a snapshot starts over, updates add; two products are refused', () => {
      const base = json('ws-level2-update.thirdparty-nautilus') as { events: Record<string, unknown>[] }
      const event = base.events[0] as Record<string, unknown>
      const snapshot = {
        ...event,
        type: 'snapshot',
        updates: [{ side: 'bid', event_time: 'x', price_level: '1', new_quantity: '2' }],
      }
      const merged = frame(JSON.stringify({ ...base, events: [event, snapshot, event] }), 'l2_data')
      expect(merged.snapshot).to.equal(true)
      expect(merged.bids).to.deep.equal([
        ['1', '2'],
        ['68900.00', '2.00000000'],
      ])
      const two = JSON.stringify({ ...base, events: [event, { ...event, product_id: 'ETH-USD' }] })
      expect(() => decodeCoinbaseFrame(two)).to.throw(DecodeError, /one product/)
    })

    it('a level2 frame with a number for a price is a DecodeError naming the path', () => {
      const bad = text('ws-level2-snapshot').replace('"21921.73"', '21921.73')
      let error: unknown
      try {
        decodeCoinbaseFrame(bad)
      } catch (e) {
        error = e
      }
      expect(error).to.be.instanceOf(DecodeError)
      expect((error as DecodeError).paths.join()).to.include('events[0].updates[0].price_level')
    })

    it('ws-ticker.json: best prices with their sizes, 24 h figures', () => {
      const f = frame(text('ws-ticker'), 'ticker')
      const t = f.frame.events[0]?.tickers[0]
      expect([f.route, f.sequence]).to.deep.equal(['ticker', 0])
      expect([t?.price, t?.best_bid, t?.best_ask_quantity, t?.volume_24_h].map(String)).to.deep.equal([
        '21932.98',
        '21931.98',
        '8038.07770938',
        '16038.28770938',
      ])
    })

    it('ws-market-trades.json: trades with the maker side', () => {
      const f = frame(text('ws-market-trades'), 'market_trades')
      expect(f.frame.events[0]?.trades[0]?.side).to.equal('BUY')
      expect(f.frame.events[0]?.trades[0]?.time.rawTimestamp).to.equal('2019-08-14T20:42:27.265Z')
    })

    it('ws-candles.json: five-minute candles, start in seconds', () => {
      const f = frame(text('ws-candles'), 'candles')
      const c = f.frame.events[0]?.candles[0]
      expect(c?.start.timestamp.getTime()).to.equal(1688998200_000)
      expect(c?.product_id).to.equal('ETH-USD')
    })

    it('heartbeats: the counter as the docs write it (a string) and as the wire sends it (a number)', () => {
      expect(frame(text('ws-heartbeats'), 'heartbeats').sequence).to.equal(0)
      expect(frame(text('ws-heartbeats-live-integer-counter'), 'heartbeats').sequence).to.equal(150)
    })

    it('subscriptions answers, errors; anything else is a DecodeError', () => {
      const answer = {
        channel: 'subscriptions',
        client_id: '',
        timestamp: '2026-04-07T14:30:00.000000Z',
        sequence_num: 3,
        events: [{ subscriptions: { level2: ['BTC-USD'], market_trades: ['BTC-USD', 'ETH-USD'] } }],
      }
      expect(frame(JSON.stringify(answer), 'subscriptions').sequence).to.equal(3)
      const error = decodeCoinbaseFrame('{"type":"error","message":"Failed to subscribe"}')
      expect([error.kind, error.sequence]).to.deep.equal(['error', undefined])
      expect(() => decodeCoinbaseFrame('{"channel":"status","events":[]}')).to.throw(DecodeError, /status/)
      expect(() => decodeCoinbaseFrame('not json')).to.throw(DecodeError, /invalid JSON/)
      expect(() => decodeCoinbaseFrame(wire('ws-ticker').replace('"events":[', '"events":{"x":['))).to.throw(
        DecodeError,
      )
    })
  })
})
