import { expect } from 'chai'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { DecodeError } from '../../lib/core/errors.js'
import {
  decode,
  decodeEither,
  DecimalString,
  formatErrors,
  IsoTimestamp,
  MillisTimestamp,
  NumericString,
  PriceSizeLevels,
} from '../../lib/codec/index.js'

function thrown(f: () => unknown): DecodeError {
  try {
    f()
  } catch (e) {
    expect(e).to.be.instanceOf(DecodeError)
    return e as DecodeError
  }
  expect.fail('expected a DecodeError')
}

// Bybit's documented spot orderbook delta, shortened (shared/fixtures/bybit/ws-orderbook-delta.json).
const BybitDelta = t.type({
  topic: t.string,
  type: t.union([t.literal('snapshot'), t.literal('delta')]),
  ts: MillisTimestamp,
  data: t.type({ s: t.string, b: PriceSizeLevels, a: PriceSizeLevels, u: t.number, seq: t.number }),
})
const bybitText = JSON.stringify({
  topic: 'orderbook.50.BTCUSDT',
  type: 'delta',
  ts: 1687940967466,
  data: {
    s: 'BTCUSDT',
    b: [
      ['30247.20', '30.028'],
      ['30240.00', '0'],
    ],
    a: [['30248.70', '0']],
    u: 177400507,
    seq: 66544703342,
  },
  cts: 1687940967464,
})

describe('codec/decode', () => {
  describe('decode', () => {
    it('parses JSON text and decodes it', () => {
      const frame = decode(BybitDelta, bybitText, 'bybit orderbook.50.BTCUSDT', 'bybit')
      expect(frame.type).to.equal('delta')
      expect(frame.ts.timestamp.toISOString()).to.equal('2023-06-28T08:29:27.466Z')
      expect(frame.data.b.map((l) => l.price.toFixed())).to.deep.equal(['30247.2', '30240'])
      expect(frame.data.seq).to.equal(66544703342)
    })

    it('accepts an already-parsed value, and bytes', () => {
      const parsed: unknown = JSON.parse(bybitText)
      expect(decode(BybitDelta, parsed, 'c').data.u).to.equal(177400507)
      expect(decode(BybitDelta, Buffer.from(bybitText), 'c').data.u).to.equal(177400507)
      const bytes = new TextEncoder().encode(bybitText)
      expect(decode(BybitDelta, bytes.buffer, 'c').data.u).to.equal(177400507)
    })

    it('throws a DecodeError with readable paths, context, venue and raw text', () => {
      const bad = bybitText.replace('"30240.00"', '12.5')
      const e = thrown(() => decode(BybitDelta, bad, 'bybit orderbook.50.BTCUSDT', 'bybit'))
      expect(e.paths).to.deep.equal(['data.b[1][0]: expected decimal string, got 12.5'])
      expect(e.context).to.equal('bybit orderbook.50.BTCUSDT')
      expect(e.venue).to.equal('bybit')
      expect(e.raw).to.equal(bad)
      expect(e.kind).to.equal('decode')
      expect(e.message).to.equal(
        'cannot decode bybit orderbook.50.BTCUSDT: data.b[1][0]: expected decimal string, got 12.5',
      )
    })

    it('reports every bad path, missing fields included', () => {
      const e = thrown(() =>
        decode(
          BybitDelta,
          { topic: 1, type: 'delta', ts: 'soon', data: { s: 'X', b: [], a: [['1']], seq: 1 } },
          'c',
        ),
      )
      expect(e.paths).to.deep.equal([
        'topic: expected string, got 1',
        'ts: expected millisecond timestamp, got "soon"',
        'data.a[0]: expected [price, size], got an array of 1',
        'data.u: expected number, got undefined',
      ])
      expect(e.message).to.match(/\(\+1 more\)$/)
    })

    it('turns invalid JSON into a DecodeError at the root', () => {
      const e = thrown(() => decode(BybitDelta, '{"topic":', 'bybit public', 'bybit'))
      expect(e.paths).to.have.length(1)
      expect(e.paths[0]).to.match(/^\(root\): invalid JSON \(.+\)$/)
      expect(e.raw).to.equal('{"topic":')
      expect(e.venue).to.equal('bybit')
      expect(e.cause).to.be.instanceOf(SyntaxError)
      expect(thrown(() => decode(BybitDelta, '', 'c')).paths[0]).to.match(/^\(root\): invalid JSON/)
      expect(thrown(() => decode(BybitDelta, new Uint8Array([0xff, 0xfe]), 'c')).paths[0]).to.match(
        /^\(root\): invalid JSON/,
      )
    })

    it("keeps the parser's quote of the text, and the given secrets, out of an invalid-JSON error", () => {
      const key = 'Bx7kQ2mZ9pLw4tYc'
      const e = thrown(() => decode(BybitDelta, `${key} was refused`, 'bybit GET /v5/order', 'bybit', [key]))
      const seen = [e.message, e.raw, ...e.paths, (e.cause as Error).message, (e.cause as Error).stack].join()
      expect(seen).not.to.include(key.slice(0, 8))
      expect(e.paths).to.deep.equal([`(root): invalid JSON (Unexpected token 'B')`])
      expect(e.raw).to.equal('[redacted] was refused')
    })

    it('truncates a large raw payload', () => {
      const big = JSON.stringify({ topic: 'x', pad: 'p'.repeat(10_000) })
      const e = thrown(() => decode(BybitDelta, big, 'c'))
      expect(e.raw.length).to.be.lessThan(DecodeError.MAX_RAW + 30)
      expect(e.raw.endsWith(`…(${big.length} chars)`)).to.equal(true)
      const parsedBig = thrown(() => decode(BybitDelta, JSON.parse(big), 'c'))
      expect(parsedBig.raw.endsWith(`…(${big.length} chars)`)).to.equal(true)
    })

    it('keeps big integer-like ids exact through JSON parsing', () => {
      const Order = t.type({ orderId: NumericString, time: IsoTimestamp })
      const o = decode(
        Order,
        '{"orderId":"1688639403423213947999","time":"2023-02-09T20:32:50.714964855Z"}',
        'c',
      )
      expect(o.orderId).to.equal('1688639403423213947999')
      expect(o.time.rawTimestamp).to.equal('2023-02-09T20:32:50.714964855Z')
    })
  })

  describe('decodeEither', () => {
    it('returns Right with the value or Left with the DecodeError', () => {
      const ok = decodeEither(BybitDelta, bybitText, 'c')
      expect(isRight(ok) && ok.right.data.s).to.equal('BTCUSDT')
      const bad = decodeEither(BybitDelta, '[]', 'c', 'bybit')
      expect(isLeft(bad)).to.equal(true)
      if (isLeft(bad)) {
        expect(bad.left).to.be.instanceOf(DecodeError)
        expect(bad.left.paths[0]).to.match(/^\(root\): expected \{ topic: string, .*got an array of 0$/)
        expect(bad.left.venue).to.equal('bybit')
      }
      const notJson = decodeEither(BybitDelta, 'not json', 'c')
      expect(isLeft(notJson) && notJson.left.paths[0]).to.match(/^\(root\): invalid JSON/)
    })
  })

  describe('formatErrors', () => {
    const fail = (codec: t.Decoder<unknown, unknown>, input: unknown): string[] => {
      const r = codec.decode(input)
      if (isRight(r)) expect.fail('expected a failure')
      return formatErrors(r.left)
    }

    it('joins keys with dots and indices with brackets, from the root', () => {
      const C = t.type({
        events: t.array(t.type({ updates: t.array(t.type({ price_level: DecimalString })) })),
      })
      expect(
        fail(C, { events: [{ updates: [] }, { updates: [{ price_level: '1' }, { price_level: 2 }] }] }),
      ).to.deep.equal(['events[1].updates[1].price_level: expected decimal string, got 2'])
      expect(fail(t.array(t.string), ['a', 1])).to.deep.equal(['[1]: expected string, got 1'])
      expect(fail(t.string, 1)).to.deep.equal(['(root): expected string, got 1'])
    })

    it('quotes keys that are not identifiers', () => {
      const C = t.record(t.string, t.type({ price: DecimalString }))
      expect(fail(C, { 'BTC-USD': { price: 1 } })).to.deep.equal([
        '["BTC-USD"].price: expected decimal string, got 1',
      ])
    })

    it('collapses an untagged union into one line per path', () => {
      const C = t.type({ qty: t.union([DecimalString, t.null]) })
      expect(fail(C, { qty: 3 })).to.deep.equal(['qty: expected decimal string | null, got 3'])
      const Nested = t.union([t.type({ a: t.string }), t.type({ b: t.string })])
      expect(fail(Nested, {})).to.deep.equal([
        'a: expected string, got undefined',
        'b: expected string, got undefined',
      ])
    })

    it('points at the tag of a tagged union', () => {
      const Msg = t.union([
        t.type({ type: t.literal('snapshot'), data: t.string }),
        t.type({ type: t.literal('delta'), data: t.string }),
      ])
      expect(fail(Msg, { type: 'update', data: 'x' })).to.deep.equal([
        'type: expected "snapshot" | "delta", got "update"',
      ])
      expect(fail(t.type({ msg: Msg }), { msg: { type: 'delta', data: 1 } })).to.deep.equal([
        'msg.data: expected string, got 1',
      ])
    })

    it('adds no segment for intersections', () => {
      const C = t.intersection([t.type({ a: t.string }), t.partial({ b: DecimalString })])
      expect(fail(C, { a: 'x', b: '1e3' })).to.deep.equal(['b: expected decimal string, got "1e3"'])
    })

    it('shortens long strings and never shows values under secret-named keys', () => {
      const C = t.type({ note: t.number, apiKey: t.number, headers: t.type({ 'X-BAPI-SIGN': t.number }) })
      expect(
        fail(C, { note: 'n'.repeat(100), apiKey: 'AK-secret', headers: { 'X-BAPI-SIGN': 'sig' } }),
      ).to.deep.equal([
        `note: expected number, got "${'n'.repeat(40)}…"`,
        'apiKey: expected number, got [redacted]',
        'headers["X-BAPI-SIGN"]: expected number, got [redacted]',
      ])
    })

    it('redacts a text value before shortening it, so no part of a secret is left', () => {
      const key = 'Kq7v2Xw9Lm4Rt8Yp3Zs6'
      const r = t.type({ symbol: t.number }).decode({ symbol: `${'e'.repeat(30)}${key} echoed` })
      if (isRight(r)) expect.fail('expected a failure')
      const [line] = formatErrors(r.left, [key])
      expect(line).to.equal(`symbol: expected number, got "${'e'.repeat(30)}[redacted]…"`)
      expect(line).not.to.include(key.slice(0, 5))
    })

    it('uses a codec’s own message when it gives one', () => {
      const Even = new t.Type<number, number, unknown>(
        'even',
        (u): u is number => typeof u === 'number' && u % 2 === 0,
        (u, c) =>
          typeof u === 'number' && u % 2 === 0 ? t.success(u) : t.failure(u, c, 'expected an even number'),
        (n) => n,
      )
      expect(fail(t.type({ n: Even }), { n: 3 })).to.deep.equal(['n: expected an even number'])
    })
  })
})
