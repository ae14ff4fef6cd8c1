import { expect } from 'chai'
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import {
  binanceStreamKind,
  decodeBinanceMarketFrame,
  isBinanceDepthEvent,
  scanBinanceDepthFrame,
} from '../../../lib/venues/binance/codecs.js'
import { levelPairs } from '../../../lib/codec/level-run.js'

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''))
const decimal = fc
  .tuple(fc.boolean(), digits(1, 8), fc.option(digits(1, 8), { nil: undefined }))
  .map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === undefined ? '' : `.${f}`}`)
const level = fc.tuple(decimal, decimal)
const id = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })
const frame = fc.record({
  stream: fc.constantFrom(
    'btcusdt@depth@100ms',
    'ethusdt@depth',
    'bnbbtc@depth@1000ms',
    'btcusdt@depth20@100ms',
    'btcusdt@trade',
    'depth',
  ),
  data: fc.record({
    e: fc.constantFrom('depthUpdate', 'depthUpdate', 'trade'),
    E: id,
    s: fc.string(),
    U: id,
    u: id,
    b: fc.array(level, { maxLength: 8 }),
    a: fc.array(level, { maxLength: 8 }),
  }),
})
// what the general path makes of a text: JSON.parse, the stream's channel, then the event's guard
const general = (text: string): unknown => {
  try {
    const value = JSON.parse(text) as { stream?: unknown; data?: unknown } | null
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    const { stream, data } = value
    if (typeof stream !== 'string' || binanceStreamKind(stream) !== 'depth') return undefined
    return isBinanceDepthEvent(data) ? { kind: 'depth', stream, event: data } : undefined
  } catch {
    return undefined
  }
}

describe('scanBinanceDepthFrame', () => {
  it('reads every frame written as Binance writes them, exactly as JSON.parse and the guard do', () => {
    let read = 0
    fc.assert(
      fc.property(frame, (f) => {
        const text = JSON.stringify(f)
        const scanned = scanBinanceDepthFrame(text)
        if (scanned !== undefined) read++
        // strings with escapes are left to JSON.parse
        if (text.includes('\\')) return scanned === undefined || isDeepStrictEqual(scanned, general(text))
        return isDeepStrictEqual(scanned, general(text))
      }),
      { seed: 1, numRuns: 2000 },
    )
    // the generator must reach the fast path often, or the property says little
    expect(read).to.be.greaterThan(500)
  })

  it('never accepts a text the general path would read differently or refuse', () => {
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom(...'{}[],:."-019eE+@ \\\n', '""', '1.', '.5', 'null'),
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
        const scanned = scanBinanceDepthFrame(text)
        return scanned === undefined || isDeepStrictEqual(scanned, general(text))
      }),
      { seed: 2, numRuns: 20000 },
    )
  })

  it('leaves other layouts to the general path, which decodes them alike', () => {
    const text =
      '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1700000000399,"s":"BTCUSDT","U":41,"u":42,' +
      '"b":[["64999.94000000","0.00311600"]],"a":[]}}'
    const spaced = text.replace(/,/g, ', ')
    expect(scanBinanceDepthFrame(text)?.event.b).to.deep.equal([['64999.94000000', '0.00311600']])
    expect(scanBinanceDepthFrame(spaced)).to.equal(undefined)
    expect(scanBinanceDepthFrame(text.replace('"u":42', '"u":42.0'))).to.equal(undefined)
    expect(scanBinanceDepthFrame(text.replace('"U":41', '"U":041'))).to.equal(undefined)
    expect(scanBinanceDepthFrame(text.replace('"u":42', '"u":9007199254740992'))).to.equal(undefined)
    expect(scanBinanceDepthFrame(text.replace('"0.00311600"', '"1e-5"'))).to.equal(undefined)
    expect(scanBinanceDepthFrame(text.replace('@depth@100ms', '@depth5'))).to.equal(undefined)
    expect(scanBinanceDepthFrame(text + ' ')).to.equal(undefined)
    // the scanned event's levels are spans of its text; as pairs, they are what JSON.parse read
    const pairs = (f: ReturnType<typeof decodeBinanceMarketFrame>) =>
      f.kind === 'depth' ? { ...f.event, b: levelPairs(f.event.b), a: levelPairs(f.event.a) } : f
    expect(pairs(decodeBinanceMarketFrame(spaced))).to.deep.equal(pairs(decodeBinanceMarketFrame(text)))
    expect(() => decodeBinanceMarketFrame(text.replace('"0.00311600"', '"1e-5"'))).to.throw(/data\.b/)
  })
})
