import { expect } from 'chai'
import fc from 'fast-check'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import { Decimal } from '../../lib/core/decimal.js'
import {
  DecimalOrNumber,
  DecimalString,
  DecimalText,
  formatErrors,
  isPlainDecimal,
} from '../../lib/codec/index.js'

function value<A>(codec: t.Decoder<unknown, A>, input: unknown): A {
  const r = codec.decode(input)
  if (isLeft(r)) expect.fail(`expected ${JSON.stringify(input)} to decode`)
  return r.right
}

function paths(codec: t.Decoder<unknown, unknown>, input: unknown): readonly string[] {
  const r = codec.decode(input)
  if (isRight(r)) expect.fail(`expected ${JSON.stringify(input)} to be refused`)
  return formatErrors(r.left)
}

const GOOD = ['65000.12', '0', '-1.5', '0.00100000', '007', '-0', '123456789012345678901234567890.123456789']
const BAD = [
  '',
  ' 1',
  '1 ',
  '+1',
  '.5',
  '1.',
  '-',
  '-.5',
  '1e-5',
  '1E5',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '1,5',
  '1.2.3',
  '١',
]

describe('codec/decimal', () => {
  describe('isPlainDecimal', () => {
    for (const s of GOOD) it(`accepts ${JSON.stringify(s)}`, () => expect(isPlainDecimal(s)).to.equal(true))
    for (const s of BAD) it(`refuses ${JSON.stringify(s)}`, () => expect(isPlainDecimal(s)).to.equal(false))

    it('agrees with the grammar -?digits(.digits)? on arbitrary text (property)', () => {
      const grammar = /^-?[0-9]+(\.[0-9]+)?$/
      const text = fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', 'e', ' ', '+'), maxLength: 8 })
      fc.assert(
        fc.property(text, (s) => isPlainDecimal(s) === grammar.test(s)),
        { seed: 7, numRuns: 3000 },
      )
    })
  })

  describe('DecimalString', () => {
    it('decodes to an exact Decimal of our clone', () => {
      const d = value(DecimalString, '65000.12')
      expect(d).to.be.instanceOf(Decimal)
      expect(d.constructor).to.equal(Decimal)
      expect(d.toFixed()).to.equal('65000.12')
      expect(value(DecimalString, '0.00100000').toFixed()).to.equal('0.001')
      expect(value(DecimalString, GOOD[6]).toFixed()).to.equal(GOOD[6])
    })

    it('refuses numbers and non-plain text with a readable reason', () => {
      expect(paths(DecimalString, 12.5)).to.deep.equal(['(root): expected decimal string, got 12.5'])
      expect(paths(DecimalString, '1e-5')).to.deep.equal(['(root): expected decimal string, got "1e-5"'])
      expect(paths(DecimalString, null)).to.deep.equal(['(root): expected decimal string, got null'])
      for (const s of BAD) expect(isLeft(DecimalString.decode(s)), s).to.equal(true)
    })

    it('encodes back to plain text', () => {
      expect(DecimalString.encode(new Decimal('1e-12'))).to.equal('0.000000000001')
      expect(DecimalString.is(new Decimal(1))).to.equal(true)
      expect(DecimalString.is('1')).to.equal(false)
    })
  })

  describe('DecimalText', () => {
    it('returns the venue text unchanged', () => {
      expect(value(DecimalText, '0.50')).to.equal('0.50')
      expect(DecimalText.is('0.50')).to.equal(true)
      expect(DecimalText.is('.5')).to.equal(false)
      expect(paths(DecimalText, '.5')).to.deep.equal(['(root): expected decimal string, got ".5"'])
    })
  })

  describe('DecimalOrNumber', () => {
    const numbers: Array<[number, string]> = [
      [0.1, '0.1'],
      [65000.12, '65000.12'],
      [1e-7, '0.0000001'],
      [-0, '0'],
      [-2.5, '-2.5'],
      [1e21, '1000000000000000000000'],
      [0.30000000000000004, '0.30000000000000004'],
    ]
    for (const [n, text] of numbers) {
      it(`reads the number ${n} as ${text}`, () => expect(value(DecimalOrNumber, n).toFixed()).to.equal(text))
    }

    it('reads decimal strings like DecimalString', () => {
      expect(value(DecimalOrNumber, '0.10').toFixed()).to.equal('0.1')
      expect(paths(DecimalOrNumber, '1e-5')).to.deep.equal([
        '(root): expected decimal string or number, got "1e-5"',
      ])
    })

    it('refuses NaN, infinities and other types', () => {
      for (const bad of [NaN, Infinity, -Infinity, true, null, undefined, [], {}]) {
        expect(isLeft(DecimalOrNumber.decode(bad)), String(bad)).to.equal(true)
      }
      expect(paths(DecimalOrNumber, NaN)).to.deep.equal([
        '(root): expected decimal string or number, got NaN',
      ])
    })

    it('is exact for every number written with up to 15 significant digits (property)', () => {
      const written = fc
        .tuple(fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }), fc.integer({ min: -20, max: 20 }), fc.boolean())
        .map(([digits, exp, neg]) => `${neg ? '-' : ''}${digits}e${exp}`)
      fc.assert(
        fc.property(written, (text) => {
          // JSON.parse is what turns the venue's text into a number.
          const parsed: unknown = JSON.parse(text)
          expect(value(DecimalOrNumber, parsed).eq(new Decimal(text))).to.equal(true)
        }),
        { seed: 11, numRuns: 2000 },
      )
    })
  })
})
