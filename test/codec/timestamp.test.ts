import { expect } from 'chai'
import fc from 'fast-check'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { Timestamped } from '../../lib/core/model.js'
import {
  decode,
  formatErrors,
  IsoTimestamp,
  MicrosTimestamp,
  MillisTimestamp,
  NanosTimestamp,
  parseRfc3339,
  SecondsTimestamp,
} from '../../lib/codec/index.js'

function ts(codec: t.Decoder<unknown, Timestamped>, input: unknown): { ms: number; raw: unknown } {
  const r = codec.decode(input)
  if (isLeft(r)) expect.fail(`expected ${String(input)} to decode: ${formatErrors(r.left).join('; ')}`)
  return { ms: r.right.timestamp.getTime(), raw: r.right.rawTimestamp }
}

function paths(codec: t.Decoder<unknown, unknown>, input: unknown): readonly string[] {
  const r = codec.decode(input)
  if (isRight(r)) expect.fail(`expected ${String(input)} to be refused`)
  return formatErrors(r.left)
}

describe('codec/timestamp', () => {
  describe('MillisTimestamp', () => {
    it('reads a number or a digit string and keeps the raw value', () => {
      expect(ts(MillisTimestamp, 1687940967466)).to.deep.equal({ ms: 1687940967466, raw: 1687940967466 })
      expect(ts(MillisTimestamp, '1672052955758')).to.deep.equal({ ms: 1672052955758, raw: '1672052955758' })
      expect(ts(MillisTimestamp, 0)).to.deep.equal({ ms: 0, raw: 0 })
    })

    it('refuses fractions, negatives, junk and dates out of range', () => {
      for (const bad of [
        -1,
        1.5,
        NaN,
        '1.5',
        '',
        ' 1',
        '-1',
        'abc',
        8.64e15 + 1,
        '8640000000000001',
        true,
        null,
      ]) {
        expect(isLeft(MillisTimestamp.decode(bad)), String(bad)).to.equal(true)
      }
      expect(paths(MillisTimestamp, 1.5)).to.deep.equal(['(root): expected millisecond timestamp, got 1.5'])
    })

    it('decodes to a shape a mapper spreads into a record', () => {
      const Frame = t.type({ topic: t.string, ts: MillisTimestamp })
      const frame = decode(Frame, '{"topic":"orderbook.50.BTCUSDT","ts":1687940967466}', 'test')
      const record = { venue: 'bybit', ...frame.ts }
      expect(record).to.deep.equal({
        venue: 'bybit',
        timestamp: new Date('2023-06-28T08:29:27.466Z'),
        rawTimestamp: 1687940967466,
      })
      expect(MillisTimestamp.encode(frame.ts)).to.equal(1687940967466)
      expect(MillisTimestamp.is(frame.ts)).to.equal(true)
    })
  })

  describe('MicrosTimestamp / NanosTimestamp / SecondsTimestamp', () => {
    it('reads microseconds down to whole milliseconds', () => {
      expect(ts(MicrosTimestamp, '1687940967466123')).to.deep.equal({
        ms: 1687940967466,
        raw: '1687940967466123',
      })
      expect(ts(MicrosTimestamp, 1687940967466999).ms).to.equal(1687940967466)
      expect(ts(MicrosTimestamp, '999').ms).to.equal(0)
      expect(paths(MicrosTimestamp, 'x')).to.deep.equal(['(root): expected microsecond timestamp, got "x"'])
    })

    it('reads nanoseconds from a string without going through a lossy number', () => {
      expect(ts(NanosTimestamp, '1688639403423213947')).to.deep.equal({
        ms: 1688639403423,
        raw: '1688639403423213947',
      })
      expect(ts(NanosTimestamp, '1688639403423999999').ms).to.equal(1688639403423)
      // JSON.parse of a 19-digit number: its last digits are gone, its milliseconds are not.
      expect(ts(NanosTimestamp, JSON.parse('1688639403423213947')).ms).to.equal(1688639403423)
      expect(isLeft(NanosTimestamp.decode(1.5))).to.equal(true)
    })

    it('reads whole seconds', () => {
      expect(ts(SecondsTimestamp, '1688639403')).to.deep.equal({ ms: 1688639403000, raw: '1688639403' })
      expect(ts(SecondsTimestamp, 1688639403).ms).to.equal(1688639403000)
      expect(isLeft(SecondsTimestamp.decode(1688639403.5))).to.equal(true)
    })
  })

  describe('IsoTimestamp', () => {
    const good: Array<[string, string]> = [
      ['2023-02-09T20:32:50.714964855Z', '2023-02-09T20:32:50.714Z'],
      ['2024-01-15T10:05:00.987654+00:00', '2024-01-15T10:05:00.987Z'],
      ['2021-05-31T09:59:59.000Z', '2021-05-31T09:59:59.000Z'],
      ['2021-05-31T09:59:59Z', '2021-05-31T09:59:59.000Z'],
      ['2021-05-31T09:59:59.9999999Z', '2021-05-31T09:59:59.999Z'],
      ['2021-05-31T09:59:59.5Z', '2021-05-31T09:59:59.500Z'],
      ['2021-05-31T15:29:59.25+05:30', '2021-05-31T09:59:59.250Z'],
      ['2021-05-31T01:59:59-08:00', '2021-05-31T09:59:59.000Z'],
      ['2021-05-31t09:59:59z', '2021-05-31T09:59:59.000Z'],
      ['2021-05-31 09:59:59Z', '2021-05-31T09:59:59.000Z'],
      ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
      ['2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z'],
      ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ]
    for (const [raw, iso] of good) {
      it(`reads ${raw}`, () => {
        expect(ts(IsoTimestamp, raw)).to.deep.equal({ ms: Date.parse(iso), raw })
      })
    }

    it('reads year 0001 as year 1, not 1901', () => {
      const d = new Date(ts(IsoTimestamp, '0001-01-01T00:00:00Z').ms)
      expect([d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()]).to.deep.equal([
        1, 0, 1, 0,
      ])
      expect(new Date(ts(IsoTimestamp, '0099-12-31T23:59:59Z').ms).toISOString()).to.equal(
        '0099-12-31T23:59:59.000Z',
      )
    })

    const bad = [
      '2023-02-09T20:32:50',
      '2023-02-09T20:32:50.714',
      '2023-02-09T20:32:50+0000',
      '2023-02-09T20:32:50.Z',
      '2023-02-09T20:32:50ZZ',
      '2023-02-09X20:32:50Z',
      '2023-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2023-04-31T00:00:00Z',
      '2023-13-01T00:00:00Z',
      '2023-00-01T00:00:00Z',
      '2023-02-09T24:00:00Z',
      '2023-02-09T20:60:00Z',
      '2023-02-09T20:32:61Z',
      '2023-02-09T20:32:50+24:00',
      '2023-2-09T20:32:50Z',
      ' 2023-02-09T20:32:50Z',
      '2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105',
      '',
    ]
    for (const raw of bad) {
      it(`refuses ${JSON.stringify(raw)}`, () => expect(isLeft(IsoTimestamp.decode(raw))).to.equal(true))
    }

    it('refuses non-strings with a readable reason and encodes back to the raw text', () => {
      expect(paths(IsoTimestamp, 1687940967466)).to.deep.equal([
        '(root): expected RFC 3339 timestamp, got 1687940967466',
      ])
      const raw = '2023-02-09T20:32:50.714964855Z'
      const decoded = { timestamp: new Date(ts(IsoTimestamp, raw).ms), rawTimestamp: raw }
      expect(IsoTimestamp.encode(decoded)).to.equal(raw)
    })

    it('agrees with Date.parse on any date, zone offset and extra fraction digits (property)', () => {
      const pad = (n: number, w = 2) => String(n).padStart(w, '0')
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('1000-01-01T00:00:00Z'),
            max: new Date('9998-12-31T23:59:59Z'),
            noInvalidDate: true,
          }),
          fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
          fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), maxLength: 6 }),
          (date, offset, extra) => {
            const local = new Date(date.getTime() + offset * 60_000)
            const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
            const text = `${local.toISOString().slice(0, 23)}${extra}${zone}`
            expect(parseRfc3339(text), text).to.equal(date.getTime())
          },
        ),
        { seed: 3, numRuns: 2000 },
      )
    })
  })

  it('reports the path of a bad timestamp inside a payload', () => {
    const Frame = t.type({ data: t.array(t.type({ T: MillisTimestamp })) })
    try {
      decode(Frame, { data: [{ T: 1 }, { T: '2023-01-01' }] }, 'test')
      expect.fail('should throw')
    } catch (e) {
      expect((e as { paths: string[] }).paths).to.deep.equal([
        'data[1].T: expected millisecond timestamp, got "2023-01-01"',
      ])
    }
  })
})
