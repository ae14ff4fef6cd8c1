import { expect } from 'chai'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import * as t from 'io-ts'
import { isRight } from 'fp-ts/lib/Either.js'
import { decodeEither, formatErrors } from '../../../lib/codec/index.js'
import { DecodeError } from '../../../lib/core/errors.js'
import {
  BybitBookFrame,
  BybitBookFrameShape,
  BybitInstrumentsPage,
  BybitKlineFrame,
  BybitKlines,
  BybitOrderBookSnapshot,
  BybitRecentTrades,
  BybitServerTime,
  BybitSpotTickers,
  BybitTickerFrame,
  BybitTradeFrame,
  BybitOpFrame,
  bybitEnvelope,
  decodeBybitPublicFrame,
  isBybitBookFrame,
  isBybitPong,
  TextLevel,
} from '../../../lib/venues/bybit/codecs.js'
import { changed, REMOVE } from './public-fakes.js'

function text(name: string): string {
  return readFileSync(new URL(`../../fixtures/bybit/${name}.json`, import.meta.url), 'utf8')
}

function json(name: string): unknown {
  return JSON.parse(text(name))
}

/** Decodes and returns the value, failing the test with the paths when it does not decode. */
function ok<A>(codec: t.Decoder<unknown, A>, input: unknown): A {
  const r = decodeEither(codec, input, 'test', 'bybit')
  if (isRight(r)) return r.right
  expect.fail(r.left.paths.join('\n'))
}

/** The readable paths of a value the codec must refuse. */
function paths(codec: t.Decoder<unknown, unknown>, input: unknown): string[] {
  const r = codec.decode(input)
  if (isRight(r)) expect.fail('expected the codec to refuse the value')
  return formatErrors(r.left)
}

/** A fixture with the value at `path` replaced (see `changed`). */
function mutated(name: string, path: readonly (string | number)[], to: unknown): unknown {
  return changed(json(name), path, () => to)
}

describe('bybit codecs', () => {
  describe('REST fixtures', () => {
    it('decodes the common envelope around any result', () => {
      const e = ok(bybitEnvelope(t.UnknownRecord), json('rest-common-envelope'))
      expect(e).to.deep.equal({ retCode: 0, retMsg: 'OK', result: {}, retExtInfo: {}, time: 1671017382656 })
    })

    it('decodes the server time, keeping the nanosecond text', () => {
      const e = ok(bybitEnvelope(BybitServerTime), json('rest-server-time'))
      expect(e.result.timeNano.timestamp.toISOString()).to.equal('2023-07-06T10:30:03.423Z')
      expect(e.result.timeNano.rawTimestamp).to.equal('1688639403423213947')
      expect(e.result.timeSecond).to.equal('1688639403')
    })

    it('decodes spot instruments with exact filters', () => {
      const e = ok(bybitEnvelope(BybitInstrumentsPage), json('rest-instruments-info-spot'))
      const btc = e.result.list[0]
      expect(btc?.symbol).to.equal('BTCUSDT')
      expect(btc?.priceFilter.tickSize.toFixed()).to.equal('0.1')
      expect(btc?.lotSizeFilter.basePrecision.toFixed()).to.equal('0.000001')
      expect(btc?.lotSizeFilter.minOrderAmt?.toFixed()).to.equal('5')
      expect(btc?.lotSizeFilter.maxLimitOrderQty?.toFixed()).to.equal('83')
    })

    it('decodes the REST book as validated text', () => {
      const e = ok(bybitEnvelope(BybitOrderBookSnapshot), json('rest-orderbook-spot'))
      expect(e.result.b).to.deep.equal([['16638.27', '0.305749']])
      expect(e.result.a).to.deep.equal([['16638.64', '0.008479']])
      expect(e.result.u).to.equal(5277055)
      expect(e.result.ts.rawTimestamp).to.equal(1672765737733)
    })

    it('decodes recent trades', () => {
      const e = ok(bybitEnvelope(BybitRecentTrades), json('rest-recent-trade-spot'))
      const trade = e.result.list[0]
      expect(trade?.execId).to.equal('2100000000007764263')
      expect(trade?.price.toFixed()).to.equal('16618.49')
      expect(trade?.side).to.equal('Buy')
      expect(trade?.time.rawTimestamp).to.equal('1672052955758')
    })

    it('decodes kline rows (all strings, newest first as sent)', () => {
      const e = ok(bybitEnvelope(BybitKlines), json('rest-kline-inverse'))
      expect(e.result.list.map((r) => r[0].timestamp.getTime())).to.deep.equal([
        1670608800000, 1670605200000, 1670601600000,
      ])
      const row = e.result.list[0]
      expect(row?.slice(1).map((d) => (d as { toFixed(): string }).toFixed())).to.deep.equal([
        '17071',
        '17073',
        '17027',
        '17055.5',
        '268611',
        '15.74462667',
      ])
    })

    it('decodes spot tickers, an empty best price as undefined', () => {
      const e = ok(bybitEnvelope(BybitSpotTickers), json('rest-tickers-spot'))
      expect(e.result.list[0]?.bid1Price?.toFixed()).to.equal('20517.96')
      expect(e.result.list[0]?.turnover24h?.toFixed()).to.equal('243765620.65899866')
      const empty = mutated('rest-tickers-spot', ['result', 'list', 0, 'bid1Price'], '')
      expect(ok(bybitEnvelope(BybitSpotTickers), empty).result.list[0]?.bid1Price).to.equal(undefined)
    })
  })

  describe('REST fixtures, mutated', () => {
    it('reports the exact path of each bad field', () => {
      const cases: [t.Decoder<unknown, unknown>, unknown, string[]][] = [
        [
          bybitEnvelope(BybitInstrumentsPage),
          mutated('rest-instruments-info-spot', ['result', 'list', 0, 'priceFilter', 'tickSize'], '1e-1'),
          ['result.list[0].priceFilter.tickSize: expected decimal string, got "1e-1"'],
        ],
        [
          bybitEnvelope(BybitInstrumentsPage),
          mutated(
            'rest-instruments-info-spot',
            ['result', 'list', 0, 'lotSizeFilter', 'basePrecision'],
            0.000001,
          ),
          ['result.list[0].lotSizeFilter.basePrecision: expected decimal string, got 0.000001'],
        ],
        [
          bybitEnvelope(BybitOrderBookSnapshot),
          mutated('rest-orderbook-spot', ['result', 'b', 0, 1], 0.305749),
          ['result.b[0][1]: expected decimal string, got 0.305749'],
        ],
        [
          bybitEnvelope(BybitRecentTrades),
          mutated('rest-recent-trade-spot', ['result', 'list', 0, 'side'], 'BUY'),
          ['result.list[0].side: expected "Buy" | "Sell", got "BUY"'],
        ],
        [
          bybitEnvelope(BybitKlines),
          mutated('rest-kline-inverse', ['result', 'list', 1, 4], '17071.5.0'),
          ['result.list[1][4]: expected decimal string, got "17071.5.0"'],
        ],
        [
          bybitEnvelope(BybitKlines),
          changed(json('rest-kline-inverse'), ['result', 'list', 2], (row) => (row as unknown[]).slice(0, 6)),
          ['result.list[2]: expected Bybit kline row, got an array of 6'],
        ],
        [
          bybitEnvelope(BybitServerTime),
          changed(json('rest-server-time'), ['time'], () => REMOVE),
          ['time: expected safe integer, got undefined'],
        ],
      ]
      for (const [codec, input, expected] of cases) expect(paths(codec, input)).to.deep.equal(expected)
    })
  })

  describe('WebSocket fixtures', () => {
    it('decodes book snapshots and deltas as the very same objects (no copy)', () => {
      for (const name of ['ws-orderbook-snapshot', 'ws-orderbook-delta']) {
        const frame = json(name)
        const r = BybitBookFrame.decode(frame)
        expect(isRight(r) && r.right).to.equal(frame)
        expect(isBybitBookFrame(frame)).to.equal(true)
      }
      const delta = ok(BybitBookFrame, json('ws-orderbook-delta'))
      expect(delta.data.u).to.equal(177400507)
      expect(delta.data.a[0]).to.deep.equal(['30248.70', '0'])
    })

    it('decodes trades, tickers, klines and control replies', () => {
      const trade = ok(BybitTradeFrame, json('ws-public-trade')).data[0]
      expect([
        trade?.i,
        trade?.S,
        trade?.p.toFixed(),
        trade?.v.toFixed(),
        trade?.T.rawTimestamp,
      ]).to.deep.equal(['20f43950-d8dd-5b31-9112-a178eb6023af', 'Buy', '16578.5', '0.001', 1672304486865])
      const ticker = ok(BybitTickerFrame, json('ws-ticker-spot'))
      expect(ticker.data.turnover24h.toFixed()).to.equal('95949815.680875')
      const kline = ok(BybitKlineFrame, json('ws-kline')).data[0]
      expect([kline?.confirm, kline?.start.rawTimestamp, kline?.turnover.toFixed()]).to.deep.equal([
        false,
        1672324800000,
        '34666.4005',
      ])
      for (const name of ['ws-pong-public-spot', 'ws-pong-public-linear']) {
        expect(isBybitPong(ok(BybitOpFrame, json(name)))).to.equal(true)
      }
      const ack = ok(BybitOpFrame, json('ws-subscribe-response-public-spot'))
      expect([ack.op, ack.success, ack.req_id, isBybitPong(ack)]).to.deep.equal([
        'subscribe',
        true,
        '10001',
        false,
      ])
    })

    it('routes each frame by its topic channel', () => {
      expect(decodeBybitPublicFrame(text('ws-orderbook-delta')).kind).to.equal('orderbook')
      expect(decodeBybitPublicFrame(text('ws-public-trade')).kind).to.equal('publicTrade')
      expect(decodeBybitPublicFrame(text('ws-ticker-spot')).kind).to.equal('tickers')
      expect(decodeBybitPublicFrame(text('ws-kline')).kind).to.equal('kline')
      const op = decodeBybitPublicFrame(text('ws-pong-public-spot'))
      expect([op.kind, op.topic]).to.deep.equal(['op', undefined])
    })
  })

  describe('WebSocket fixtures, mutated', () => {
    const thrown = (input: string): DecodeError => {
      try {
        decodeBybitPublicFrame(input)
      } catch (e) {
        expect(e).to.be.instanceOf(DecodeError)
        return e as DecodeError
      }
      expect.fail('expected a DecodeError')
    }
    const frame = (name: string, path: readonly (string | number)[], change: (old: unknown) => unknown) =>
      JSON.stringify(changed(json(name), path, change))

    it('reports the exact path, the topic and the raw text', () => {
      const bad = frame('ws-orderbook-delta', ['data', 'b', 3, 0], () => 30240.3)
      const e = thrown(bad)
      expect(e.context).to.equal('bybit orderbook.50.BTCUSDT')
      expect(e.paths).to.deep.equal(['data.b[3][0]: expected decimal string, got 30240.3'])
      expect(e.raw).to.equal(bad)
      expect(e.venue).to.equal('bybit')
      const cases: [string, string[]][] = [
        [
          frame('ws-orderbook-snapshot', ['type'], () => 'full'),
          ['type: expected "snapshot" | "delta", got "full"'],
        ],
        [
          frame('ws-orderbook-snapshot', ['data', 'u'], () => 1.5),
          ['data.u: expected safe integer, got 1.5'],
        ],
        [
          frame('ws-orderbook-snapshot', ['data', 'a', 1], (pair) => [...(pair as string[]), '1']),
          ['data.a[1]: expected [price, size], got an array of 3'],
        ],
        [
          frame('ws-public-trade', ['data', 0, 'S'], () => 'buy'),
          ['data[0].S: expected "Buy" | "Sell", got "buy"'],
        ],
        [
          frame('ws-public-trade', ['data', 0, 'v'], () => ''),
          ['data[0].v: expected decimal string, got ""'],
        ],
        [
          frame('ws-ticker-spot', ['data', 'lastPrice'], () => REMOVE),
          ['data.lastPrice: expected decimal string, got undefined'],
        ],
        [
          frame('ws-kline', ['data', 0, 'confirm'], () => 'true'),
          ['data[0].confirm: expected boolean, got "true"'],
        ],
        [frame('ws-pong-public-spot', ['success'], () => 'yes'), ['success: expected boolean, got "yes"']],
      ]
      for (const [input, expected] of cases) expect(thrown(input).paths, input).to.deep.equal(expected)
    })

    it('refuses text that is not JSON, unknown channels and shapeless frames', () => {
      expect(thrown('{"topic":').paths[0]).to.match(/^\(root\): invalid JSON/)
      expect(thrown('{"topic":"orderbook.50.BTCUSDT"').context).to.equal('bybit public frame')
      expect(thrown('{"topic":"liquidation.BTCUSDT","data":{}}').paths).to.deep.equal([
        'topic: unknown channel "liquidation"',
      ])
      expect(thrown('{"topic":"constructor.x","data":{}}').paths).to.deep.equal([
        'topic: unknown channel "constructor"',
      ])
      expect(thrown('[1,2]').paths).to.deep.equal(['(root): expected a topic frame or an op reply'])
      expect(thrown('{"hello":1}').paths).to.deep.equal(['(root): expected a topic frame or an op reply'])
    })
  })

  describe('the book fast path', () => {
    it('answers exactly like the composed codec, on good frames and on mutations of them', () => {
      const base = [json('ws-orderbook-snapshot'), json('ws-orderbook-delta')]
      const strange = fc.oneof(
        fc.constant(undefined),
        fc.constant(null),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constantFrom('', '1e5', '.5', '1.', '-0.5', 'NaN', '30247.20', 'delta', 'snapshot'),
        fc.constant([]),
        fc.constant(['1', '2', '3']),
        fc.constant({}),
      )
      // a path into a frame: a key at each level, picked from the keys present or a few extra
      const step = fc.constantFrom(
        'topic',
        'type',
        'ts',
        'cts',
        'data',
        's',
        'b',
        'a',
        'u',
        'seq',
        0,
        1,
        2,
        3,
      )
      fc.assert(
        fc.property(
          fc.nat(1),
          fc.array(step, { minLength: 1, maxLength: 4 }),
          strange,
          fc.boolean(),
          (i, path, value, remove) => {
            const frame = structuredClone(base[i]) as Record<string | number, unknown>
            let at: Record<string | number, unknown> = frame
            for (const key of path.slice(0, -1)) {
              const next = at[key]
              if (typeof next !== 'object' || next === null) break
              at = next as Record<string | number, unknown>
            }
            const last = path[path.length - 1] as string | number
            if (remove) delete at[last]
            else at[last] = value
            expect(isBybitBookFrame(frame)).to.equal(isRight(BybitBookFrameShape.decode(frame)))
            expect(isRight(BybitBookFrame.decode(frame))).to.equal(isRight(BybitBookFrameShape.decode(frame)))
          },
        ),
        { seed: 42, numRuns: 2000 },
      )
    })
  })

  describe('TextLevel', () => {
    it('keeps the venue text and builds each Decimal once, on first read', () => {
      const level = new TextLevel('30247.20', '0')
      expect(level.toJSON()).to.deep.equal({ price: '30247.20', size: '0' })
      expect(level.price.toFixed()).to.equal('30247.2')
      expect(level.price).to.equal(level.price)
      expect(level.size.isZero()).to.equal(true)
    })
  })
})
