import { expect } from 'chai'
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import {
  decodeBybitPublicFrame,
  isBybitBookFrame,
  scanBybitBookFrame,
} from '../../../lib/venues/bybit/codecs.js'
import { levelPairs } from '../../../lib/codec/level-run.js'

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''))
const decimal = fc
  .tuple(fc.boolean(), digits(1, 8), fc.option(digits(1, 8), { nil: undefined }))
  .map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === undefined ? '' : `.${f}`}`)
const level = fc.tuple(decimal, decimal)
const id = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })
const frame = fc.record({
  topic: fc.constantFrom('orderbook.1.BTCUSDT', 'orderbook.50.ETHUSDT', 'orderbook.200.X'),
  type: fc.constantFrom('snapshot', 'delta'),
  ts: id,
  data: fc.record({
    s: fc.string(),
    b: fc.array(level, { maxLength: 8 }),
    a: fc.array(level, { maxLength: 8 }),
    u: id,
    seq: id,
  }),
  cts: id,
})
// what the general path makes of a text: JSON.parse, then the book frame's guard
const general = (text: string): unknown => {
  try {
    const value: unknown = JSON.parse(text)
    return isBybitBookFrame(value) ? value : undefined
  } catch {
    return undefined
  }
}

describe('scanBybitBookFrame', () => {
  it('reads every frame written as Bybit writes them, exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(frame, (f) => {
        const text = JSON.stringify(f)
        const scanned = scanBybitBookFrame(text)
        // strings with escapes are left to JSON.parse
        if (text.includes('\\')) return scanned === undefined || isDeepStrictEqual(scanned, JSON.parse(text))
        return isDeepStrictEqual(scanned, JSON.parse(text))
      }),
      { seed: 1, numRuns: 2000 },
    )
  })

  it('never accepts a text the general path would read differently or refuse', () => {
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom(...'{}[],:."-019eE+ \\\n', '""', '1.', '.5', 'null'),
      fc.nat(2),
      fc.nat(2),
    )
    fc.assert(
      fc.property(frame, fc.array(edit, { minLength: 1, maxLength: 3 }), (f, edits) => {
        let text = JSON.stringify(f)
        for (const [at, insert, drop, mode] of edits) {
          const i = at % (text.length + 1)
          text = text.slice(0, i) + (mode === 0 ? '' : insert) + text.slice(i + (mode === 1 ? 0 : drop))
        }
        const scanned = scanBybitBookFrame(text)
        return scanned === undefined || isDeepStrictEqual(scanned, general(text))
      }),
      { seed: 2, numRuns: 20000 },
    )
  })

  it('leaves other layouts to the general path, which decodes them alike', () => {
    const text =
      '{"topic":"orderbook.1.BTCUSDT","type":"delta","ts":1,"data":{"s":"BTCUSDT","b":[["65000.10","0.5"]],"a":[],"u":7,"seq":9},"cts":1}'
    const spaced = text.replace(/,/g, ', ')
    expect(scanBybitBookFrame(text)?.data.b).to.deep.equal([['65000.10', '0.5']])
    expect(scanBybitBookFrame(spaced)).to.equal(undefined)
    expect(scanBybitBookFrame(text.replace('"u":7', '"u":7.0'))).to.equal(undefined)
    expect(scanBybitBookFrame(text.replace('"ts":1,', '"ts":01,'))).to.equal(undefined)
    expect(scanBybitBookFrame(text.replace('"u":7', '"u":9007199254740992'))).to.equal(undefined)
    expect(scanBybitBookFrame(text.replace('"0.5"', '"1e-5"'))).to.equal(undefined)
    // the scanned frame's levels are spans of its text; as pairs, they are what JSON.parse read
    const pairs = (f: ReturnType<typeof decodeBybitPublicFrame>) =>
      f.kind === 'orderbook'
        ? { ...f.frame.data, b: levelPairs(f.frame.data.b), a: levelPairs(f.frame.data.a) }
        : f
    expect(pairs(decodeBybitPublicFrame(spaced))).to.deep.equal(pairs(decodeBybitPublicFrame(text)))
  })
})
