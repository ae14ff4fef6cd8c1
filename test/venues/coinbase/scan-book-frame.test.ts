import { expect } from 'chai'
import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import { decodeCoinbaseBookFrame, scanCoinbaseBookFrame } from '../../../lib/venues/coinbase/book-frame.js'
import { decodeCoinbaseFrame } from '../../../lib/venues/coinbase/socket-codecs.js'

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''))
const decimal = fc
  .tuple(fc.boolean(), digits(1, 8), fc.option(digits(1, 8), { nil: undefined }))
  .map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === undefined ? '' : `.${f}`}`)
const time = fc
  .integer({ min: 0, max: 4_102_444_800_000 })
  .map((ms) => new Date(ms).toISOString().replace('Z', '123456Z'))
const update = fc.record({
  side: fc.constantFrom('bid', 'offer'),
  event_time: time,
  price_level: decimal,
  new_quantity: decimal,
})
const frame = fc.record({
  channel: fc.constant('l2_data'),
  client_id: fc.constantFrom('', 'abc'),
  timestamp: time,
  sequence_num: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  events: fc.tuple(
    fc.record({
      type: fc.constantFrom('snapshot', 'update'),
      product_id: fc.constantFrom('BTC-USD', 'ETH-USD', 'X'),
      updates: fc.array(update, { maxLength: 8 }),
    }),
  ),
})

// what the general path makes of a text: JSON.parse, then the codec
const general = (text: string): unknown => {
  try {
    return decodeCoinbaseBookFrame(JSON.parse(text), text)
  } catch {
    return undefined
  }
}

describe('scanCoinbaseBookFrame', () => {
  it('reads every frame written as Coinbase writes them, exactly as the codec does', () => {
    fc.assert(
      fc.property(frame, (f) => {
        const text = JSON.stringify(f)
        const scanned = scanCoinbaseBookFrame(text)
        return scanned !== undefined && isDeepStrictEqual(scanned, general(text))
      }),
      { seed: 1, numRuns: 2000 },
    )
  })

  it('never accepts a text the general path would read differently or refuse', () => {
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom(...'{}[],:."-019eE+ \\\n', '""', '1.', '.5', 'null', '"offer"', '"ask"'),
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
        const scanned = scanCoinbaseBookFrame(text)
        return scanned === undefined || isDeepStrictEqual(scanned, general(text))
      }),
      { seed: 2, numRuns: 20000 },
    )
  })

  it('leaves other layouts to the general path, which decodes them alike', () => {
    const text =
      '{"channel":"l2_data","client_id":"","timestamp":"2023-02-09T20:32:50.714964855Z","sequence_num":7,"events":[{"type":"update","product_id":"BTC-USD","updates":[{"side":"offer","event_time":"2023-02-09T20:32:50.714964855Z","price_level":"21921.73","new_quantity":"0"}]}]}'
    const spaced = text.replace(/,/g, ', ')
    expect(scanCoinbaseBookFrame(text)?.asks).to.deep.equal([['21921.73', '0']])
    expect(scanCoinbaseBookFrame(spaced)).to.equal(undefined)
    expect(scanCoinbaseBookFrame(text.replace('"sequence_num":7', '"sequence_num":7.0'))).to.equal(undefined)
    expect(scanCoinbaseBookFrame(text.replace('"0"}', '"1e-5"}'))).to.equal(undefined)
    expect(scanCoinbaseBookFrame(text.replace('"offer"', '"ask"'))).to.equal(undefined)
    expect(scanCoinbaseBookFrame(text.replace('2023-02-09T20', '2023-02-30T20'))).to.equal(undefined)
    expect(decodeCoinbaseFrame(spaced)).to.deep.equal(decodeCoinbaseFrame(text))
    expect(() => decodeCoinbaseFrame(text.replace('"offer"', '"ask"'))).to.throw(/side/)
  })
})
