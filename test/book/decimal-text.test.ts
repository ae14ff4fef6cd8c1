import { expect } from 'chai'
import fc from 'fast-check'
import { Decimal, isDecimalString } from '../../lib/core/decimal.js'
import { orderKey, priceKey, sizeSign } from '../../lib/book/decimal-text.js'

// A plain decimal string of `digits` (an integer string) scaled by 10^-scale, written with `pad` extra
// trailing zeros and optional leading zeros: many spellings of one value.
function spell(digits: string, scale: number, pad: number, lead: number, negative: boolean): string {
  const d = digits.replace(/^0+(?=\d)/, '')
  let text: string
  if (scale <= 0) text = d + '0'.repeat(-scale)
  else if (d.length > scale) text = `${d.slice(0, d.length - scale)}.${d.slice(d.length - scale)}`
  else text = `0.${'0'.repeat(scale - d.length)}${d}`
  if (pad > 0) text += (text.includes('.') ? '' : '.') + '0'.repeat(pad)
  text = '0'.repeat(lead) + text
  return negative && !/^[0.]*$/.test(text) ? `-${text}` : text
}

const decimalText = (maxDigits: number) =>
  fc
    .record({
      digits: fc.stringMatching(new RegExp(`^[0-9]{1,${maxDigits}}$`)),
      scale: fc.integer({ min: -6, max: 30 }),
      pad: fc.integer({ min: 0, max: 3 }),
      lead: fc.integer({ min: 0, max: 2 }),
      negative: fc.boolean(),
    })
    .map(({ digits, scale, pad, lead, negative }) => spell(digits, scale, pad, lead, negative))

describe('book/decimal-text', () => {
  describe('orderKey', () => {
    it('gives equal keys to spellings of one price', () => {
      expect(orderKey('65000.10')).to.equal(orderKey('65000.1'))
      expect(orderKey('65000.1')).to.equal(orderKey('065000.100000'))
      expect(orderKey('65000')).to.equal(orderKey('65000.'))
      expect(orderKey('0.5')).to.equal(orderKey('.5'))
      expect(orderKey('-0.0')).to.equal(orderKey('0'))
    })

    it('refuses what is not a plain decimal', () => {
      for (const bad of [
        '',
        '.',
        '-',
        '-.',
        '1e5',
        '+1',
        ' 1',
        '1 ',
        '1.2.3',
        'NaN',
        'Infinity',
        '0x10',
        '1,5',
        '--1',
      ]) {
        expect(orderKey(bad), bad).to.equal(undefined)
      }
    })

    it('has no key for prices it cannot order exactly', () => {
      expect(orderKey('123456789012345678.5')).to.be.NaN // 19 significant digits
      expect(orderKey('1234567890123456')).to.be.NaN // 16
      expect(orderKey('0.00000000000000000000000123')).to.be.NaN // 26 decimal places
      expect(orderKey('123456789012345')).to.equal(123456789012345) // 15 digits: keyed
      expect(orderKey('0.000000000000000000123')).to.be.a('number').and.not.NaN // 21 places: keyed
    })

    it('accepts exactly the strings isDecimalString accepts', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[-+0-9.eE ]{0,8}$/), (text) => {
          expect(orderKey(text) !== undefined, JSON.stringify(text)).to.equal(isDecimalString(text))
        }),
        { seed: 42, numRuns: 3000 },
      )
    })

    it('orders keyed prices exactly as Decimal does, equal keys meaning equal prices', () => {
      fc.assert(
        fc.property(decimalText(17), decimalText(17), (a, b) => {
          const ka = orderKey(a) as number
          const kb = orderKey(b) as number
          fc.pre(!Number.isNaN(ka) && !Number.isNaN(kb))
          const exact = new Decimal(a).comparedTo(new Decimal(b))
          expect(ka < kb ? -1 : ka > kb ? 1 : 0, `${a} vs ${b}`).to.equal(exact)
        }),
        { seed: 42, numRuns: 5000 },
      )
    })

    it('separates neighbouring 15-digit prices at every scale it keys', () => {
      // the tightest case: two prices one unit apart in the 15th significant digit
      fc.assert(
        fc.property(
          fc.bigInt({ min: 100000000000000n, max: 999999999999998n }),
          fc.integer({ min: -22, max: 22 }),
          (m, e) => {
            const lower = spell(m.toString(), -e, 0, 0, false)
            const upper = spell((m + 1n).toString(), -e, 0, 0, false)
            const kl = orderKey(lower) as number
            const ku = orderKey(upper) as number
            expect(Number.isNaN(kl) || Number.isNaN(ku), `${lower} ${upper}`).to.equal(false)
            expect(kl < ku, `${lower} < ${upper}`).to.equal(true)
          },
        ),
        { seed: 42, numRuns: 3000 },
      )
    })

    it('keys every price of at most 15 significant digits and 22 decimal places', () => {
      fc.assert(
        fc.property(decimalText(15), (text) => {
          const d = new Decimal(text)
          const places = d.decimalPlaces()
          fc.pre(places <= 22 && d.abs().lt('1e20'))
          expect(Number.isNaN(orderKey(text) as number), text).to.equal(false)
        }),
        { seed: 42, numRuns: 2000 },
      )
    })
  })

  describe('priceKey', () => {
    it('keys exactly the prices above zero, as orderKey does (seeded)', () => {
      fc.assert(
        fc.property(decimalText(20), (text) => {
          const key = priceKey(text)
          if (new Decimal(text).gt(0)) expect(Object.is(key, orderKey(text)), text).to.equal(true)
          else expect(key, text).to.equal(undefined)
        }),
        { seed: 42, numRuns: 3000 },
      )
    })
  })

  describe('sizeSign', () => {
    it('reads every spelling of zero as zero', () => {
      for (const zero of ['0', '0.0', '0.00000000', '00.000', '.0', '0.', '000']) {
        expect(sizeSign(zero), zero).to.equal(0)
      }
    })

    it('reads positive sizes as positive', () => {
      for (const size of ['1', '0.000001', '1.5', '.5', '5.', '0.00000001', '10'])
        expect(sizeSign(size), size).to.equal(1)
    })

    it('refuses negative sizes and what is not a plain decimal', () => {
      for (const bad of ['', '.', '-1', '-0', '1e3', '+1', '1.2.3', 'abc', ' 1', 'NaN']) {
        expect(sizeSign(bad), bad).to.equal(-1)
      }
    })

    it('agrees with Decimal on zero and with isDecimalString on syntax, signs refused', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[-0-9.]{0,7}$/), (text) => {
          const sign = sizeSign(text)
          if (!isDecimalString(text) || text.startsWith('-')) {
            expect(sign, text).to.equal(-1)
          } else {
            expect(sign, text).to.equal(new Decimal(text).isZero() ? 0 : 1)
          }
        }),
        { seed: 42, numRuns: 3000 },
      )
    })
  })
})
