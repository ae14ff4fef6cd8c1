import { expect } from 'chai'
import fc from 'fast-check'
import * as t from 'io-ts'
import { isRight } from 'fp-ts/lib/Either.js'
import { decodeEither, formatErrors } from '../../../lib/codec/index.js'
import { DecodeError } from '../../../lib/core/errors.js'
import {
  BinanceAggTrade,
  BinanceAggTradeEvent,
  BinanceBookTickerEvent,
  BinanceControlReply,
  BinanceDepthEvent,
  BinanceDepthEventShape,
  BinanceDepthSnapshot,
  BinanceErrorBody,
  BinanceExchangeInfo,
  BinanceKlineEvent,
  BinanceKlines,
  BinanceRestBookTicker,
  BinanceRestTrade,
  BinanceServerTime,
  BinanceSymbolFilter,
  BinanceTicker24h,
  BinanceTradeEvent,
  binanceStreamKind,
  decodeBinanceMarketFrame,
  isBinanceDepthEvent,
} from '../../../lib/venues/binance/codecs.js'
import { changed, exchangeInfo, fixture, REMOVE } from './public-fakes.js'

function ok<A>(codec: t.Decoder<unknown, A>, input: unknown): A {
  const r = decodeEither(codec, input, 'test', 'binance')
  if (isRight(r)) return r.right
  expect.fail(r.left.paths.join('\n'))
}

function paths(codec: t.Decoder<unknown, unknown>, input: unknown): string[] {
  const r = codec.decode(input)
  if (isRight(r)) expect.fail('expected the codec to refuse the value')
  return formatErrors(r.left)
}

function mutated(name: string, path: readonly (string | number)[], to: unknown): unknown {
  return changed(fixture(name), path, () => to)
}

describe('binance codecs', () => {
  describe('REST fixtures', () => {
    it('decodes time, the error body and the depth snapshot with levels kept as text', () => {
      expect(ok(BinanceServerTime, fixture('rest-time')).serverTime).to.equal(1499827319559)
      expect(ok(BinanceErrorBody, fixture('rest-error-invalid-symbol'))).to.deep.equal({
        code: -1121,
        msg: 'Invalid symbol.',
      })
      const depth = ok(BinanceDepthSnapshot, fixture('rest-depth'))
      expect(depth.lastUpdateId).to.equal(1027024)
      expect(depth.bids).to.deep.equal([['4.00000000', '431.00000000']])
      expect(depth.asks).to.deep.equal([['4.00000200', '12.00000000']])
    })

    it('refuses a depth level sent as a number, naming its path', () => {
      expect(paths(BinanceDepthSnapshot, mutated('rest-depth', ['bids', 0, 0], 4))).to.deep.equal([
        'bids[0][0]: expected decimal string, got 4',
      ])
      expect(paths(BinanceDepthSnapshot, mutated('rest-depth', ['lastUpdateId'], '1027024'))[0]).to.match(
        /^lastUpdateId: expected safe integer/,
      )
    })

    it('decodes exchangeInfo: rate limits and the filters it reads, others by type only', () => {
      const info = ok(BinanceExchangeInfo, exchangeInfo())
      expect(
        info.rateLimits.map((r) => `${r.rateLimitType}/${r.intervalNum}${r.interval}/${r.limit}`),
      ).to.deep.equal(['REQUEST_WEIGHT/1MINUTE/6000', 'ORDERS/1SECOND/10', 'RAW_REQUESTS/5MINUTE/61000'])
      const filters = info.symbols[0]?.filters ?? []
      expect(filters.map((f) => f.filterType)).to.include.members([
        'PRICE_FILTER',
        'LOT_SIZE',
        'NOTIONAL',
        'TRAILING_DELTA',
      ])
      const price = filters.find((f) => f.filterType === 'PRICE_FILTER') as {
        tickSize: { toString(): string }
      }
      expect(price.tickSize.toString()).to.equal('0.000001')
    })

    it('refuses a PRICE_FILTER whose tickSize is not a decimal string (it does not pass as "other")', () => {
      const bad = { filterType: 'PRICE_FILTER', minPrice: '0', maxPrice: '0', tickSize: 0.01 }
      expect(paths(BinanceSymbolFilter, bad)).to.deep.equal(['tickSize: expected decimal string, got 0.01'])
      expect(ok(BinanceSymbolFilter, { filterType: 'ICEBERG_PARTS', limit: 10 })).to.deep.equal({
        filterType: 'ICEBERG_PARTS',
        limit: 10,
      })
      expect(paths(BinanceSymbolFilter, { limit: 10 })[0]).to.match(/^filterType: expected string/)
    })

    it('decodes trades, aggregate trades, klines and tickers', () => {
      const [trade] = ok(t.array(BinanceRestTrade), fixture('rest-trades'))
      expect(trade?.id).to.equal('28457')
      expect(trade?.price.toString()).to.equal('4.000001')
      const [agg] = ok(t.array(BinanceAggTrade), fixture('rest-agg-trades'))
      expect(agg?.a).to.equal(26129)
      expect(agg?.T.rawTimestamp).to.equal(1498793709153)
      const [row] = ok(BinanceKlines, fixture('rest-klines'))
      expect(row?.[0].rawTimestamp).to.equal(1499040000000)
      expect(row?.[4].toString()).to.equal('0.015771')
      expect(row?.[6]).to.equal(1499644799999)
      expect(row?.[7].toString()).to.equal('2434.19055334')
      const full = ok(BinanceTicker24h, fixture('rest-ticker-24hr'))
      expect(full.bidPrice?.toString()).to.equal('4')
      const mini = ok(BinanceTicker24h, fixture('rest-ticker-24hr-mini'))
      expect(mini.bidPrice).to.equal(undefined)
      expect(mini.lastPrice.toString()).to.equal('4.000002')
      expect(ok(BinanceRestBookTicker, fixture('rest-book-ticker')).askQty.toString()).to.equal('9')
    })

    it('refuses a kline row with a numeric price, naming the column', () => {
      expect(paths(BinanceKlines, mutated('rest-klines', [0, 2], 0.8))).to.deep.equal([
        '[0][2]: expected decimal string, got 0.8',
      ])
      expect(paths(BinanceKlines, mutated('rest-klines', [0], [1499040000000, '1']))).to.have.length(1)
    })
  })

  describe('stream fixtures', () => {
    it('decodes every event the driver reads', () => {
      const depth = ok(BinanceDepthEvent, fixture('ws-depth-update'))
      expect([depth.U, depth.u, depth.b, depth.a]).to.deep.equal([
        157,
        160,
        [['0.0024', '10']],
        [['0.0026', '100']],
      ])
      expect(ok(BinanceTradeEvent, fixture('ws-trade')).t).to.equal(12345)
      expect(ok(BinanceAggTradeEvent, fixture('ws-agg-trade')).l).to.equal(105)
      const kline = ok(BinanceKlineEvent, fixture('ws-kline'))
      expect([kline.k.i, kline.k.x, kline.k.o.toString()]).to.deep.equal(['1m', false, '0.001'])
      expect(ok(BinanceBookTickerEvent, fixture('ws-book-ticker')).u).to.equal(400900217)
      expect(ok(BinanceControlReply, fixture('ws-subscribe-response'))).to.deep.equal({ result: null, id: 1 })
    })

    it('isBinanceDepthEvent agrees with the composed codec on the fixture and on mutations of it', () => {
      const base = fixture('ws-depth-update')
      const mutations: unknown[] = [
        base,
        changed(base, ['U'], () => '157'),
        changed(base, ['u'], () => 1.5),
        changed(base, ['E'], () => REMOVE),
        changed(base, ['e'], () => 'depth'),
        changed(base, ['b', 0, 1], () => 10),
        changed(base, ['a', 0], () => ['0.0026']),
        changed(base, ['a'], () => 'none'),
        changed(base, ['b', 0, 0], () => '1e-3'),
        changed(base, ['s'], () => null),
      ]
      for (const m of mutations) {
        expect(isBinanceDepthEvent(m), JSON.stringify(m)).to.equal(BinanceDepthEventShape.is(m))
        expect(isRight(BinanceDepthEvent.decode(m))).to.equal(isRight(BinanceDepthEventShape.decode(m)))
      }
      expect(
        paths(
          BinanceDepthEvent,
          changed(base, ['b', 0, 1], () => 10),
        ),
      ).to.deep.equal(['b[0][1]: expected decimal string, got 10'])
    })

    it('isBinanceDepthEvent agrees with the composed codec on arbitrary level lists (seeded)', () => {
      const level = fc.oneof(
        fc.tuple(fc.constantFrom('1', '0.5', '1e5', '', '-2', '3.'), fc.constantFrom('0', '2.50', '.5')),
        fc.constant(['1', 2] as unknown),
        fc.constant('x' as unknown),
      )
      fc.assert(
        fc.property(fc.array(level, { maxLength: 4 }), (b) => {
          const e = { ...(fixture('ws-depth-update') as object), b }
          return isBinanceDepthEvent(e) === BinanceDepthEventShape.is(e)
        }),
        { seed: 42, numRuns: 300 },
      )
    })
  })

  describe('decodeBinanceMarketFrame', () => {
    const wrap = (stream: string, data: unknown) => JSON.stringify({ stream, data })

    it('routes combined-stream events by the stream name', () => {
      const kinds = [
        ['bnbbtc@depth@100ms', 'ws-depth-update'],
        ['bnbbtc@depth', 'ws-depth-update'],
        ['bnbbtc@trade', 'ws-trade'],
        ['bnbbtc@aggTrade', 'ws-agg-trade'],
        ['bnbbtc@kline_1m', 'ws-kline'],
        ['bnbusdt@bookTicker', 'ws-book-ticker'],
      ].map(
        ([stream, name]) => decodeBinanceMarketFrame(wrap(stream as string, fixture(name as string))).kind,
      )
      expect(kinds).to.deep.equal(['depth', 'depth', 'trade', 'aggTrade', 'kline', 'bookTicker'])
      expect(decodeBinanceMarketFrame('{"result":null,"id":7}')).to.deep.equal({
        kind: 'reply',
        stream: undefined,
        event: { result: null, id: 7 },
      })
      expect(decodeBinanceMarketFrame('{"code":2,"msg":"Invalid request","id":3}').kind).to.equal('reply')
    })

    it('throws a DecodeError with the path under data, the stream and the raw text', () => {
      const text = wrap(
        'bnbbtc@trade',
        changed(fixture('ws-trade'), ['p'], () => 0.001),
      )
      const error = (() => {
        try {
          decodeBinanceMarketFrame(text)
        } catch (e) {
          return e
        }
        return undefined
      })()
      expect(error).to.be.instanceOf(DecodeError)
      const d = error as DecodeError
      expect(d.paths).to.deep.equal(['data.p: expected decimal string, got 0.001'])
      expect(d.message).to.contain('bnbbtc@trade')
      expect(d.venue).to.equal('binance')
      expect(() => decodeBinanceMarketFrame('{not json')).to.throw(DecodeError, /invalid JSON/)
      expect(() => decodeBinanceMarketFrame(wrap('bnbbtc@ticker', {}))).to.throw(
        DecodeError,
        /unknown channel/,
      )
      expect(() => decodeBinanceMarketFrame('[1]')).to.throw(DecodeError)
    })

    it('names the channel of a stream', () => {
      expect(
        ['btcusdt@depth@1000ms', 'btcusdt@kline_1M', 'btcusdt@ticker', 'btcusdt'].map(binanceStreamKind),
      ).to.deep.equal(['depth', 'kline', undefined, undefined])
    })
  })
})
