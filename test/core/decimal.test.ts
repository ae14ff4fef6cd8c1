import { expect } from 'chai'
import fc from 'fast-check'
// decimal.js's own (global) constructor, the one applications configure; its ESM build exports it
// both as default and as `Decimal`.
import { Decimal as DecimalJs } from 'decimal.js'
import {
  compareDecimal,
  Decimal,
  decimalEquals,
  isDecimalString,
  isMultipleOf,
  roundToLot,
  roundToStep,
  roundToTick,
  type RoundingMode,
  toDecimal,
} from '../../lib/core/decimal.js'

const MODES: RoundingMode[] = ['floor', 'ceil', 'half-even', 'down', 'up']

// [value, step, { mode: expected }], worked out by hand.
const CASES: Array<[string, string, Record<RoundingMode, string>]> = [
  [
    '65000.127',
    '0.01',
    { floor: '65000.12', ceil: '65000.13', 'half-even': '65000.13', down: '65000.12', up: '65000.13' },
  ],
  [
    '-65000.127',
    '0.01',
    { floor: '-65000.13', ceil: '-65000.12', 'half-even': '-65000.13', down: '-65000.12', up: '-65000.13' },
  ],
  ['0.0025', '0.001', { floor: '0.002', ceil: '0.003', 'half-even': '0.002', down: '0.002', up: '0.003' }],
  ['0.0035', '0.001', { floor: '0.003', ceil: '0.004', 'half-even': '0.004', down: '0.003', up: '0.004' }],
  [
    '-0.0025',
    '0.001',
    { floor: '-0.003', ceil: '-0.002', 'half-even': '-0.002', down: '-0.002', up: '-0.003' },
  ],
  [
    '0.1234567',
    '0.000001',
    { floor: '0.123456', ceil: '0.123457', 'half-even': '0.123457', down: '0.123456', up: '0.123457' },
  ],
  ['1.025', '0.05', { floor: '1', ceil: '1.05', 'half-even': '1', down: '1', up: '1.05' }],
  ['1.075', '0.05', { floor: '1.05', ceil: '1.1', 'half-even': '1.1', down: '1.05', up: '1.1' }],
  ['12.5', '5', { floor: '10', ceil: '15', 'half-even': '10', down: '10', up: '15' }],
  ['17.5', '5', { floor: '15', ceil: '20', 'half-even': '20', down: '15', up: '20' }],
  ['-12.5', '5', { floor: '-15', ceil: '-10', 'half-even': '-10', down: '-10', up: '-15' }],
  ['0.1', '0.03', { floor: '0.09', ceil: '0.12', 'half-even': '0.09', down: '0.09', up: '0.12' }],
  [
    '65000.12',
    '0.01',
    { floor: '65000.12', ceil: '65000.12', 'half-even': '65000.12', down: '65000.12', up: '65000.12' },
  ],
]

describe('decimal', () => {
  describe('roundToStep', () => {
    for (const [value, step, expected] of CASES) {
      for (const mode of MODES) {
        it(`${value} on ${step}, ${mode} → ${expected[mode]}`, () => {
          expect(roundToStep(value, step, mode).toString()).to.equal(expected[mode])
        })
      }
    }

    it('accepts Decimal, number and bigint inputs', () => {
      expect(roundToStep(new Decimal('1.26'), new Decimal('0.1'), 'floor').toString()).to.equal('1.2')
      expect(roundToStep(1.26, 0.1, 'ceil').toString()).to.equal('1.3')
      expect(roundToStep(17n, 5n, 'floor').toString()).to.equal('15')
    })

    for (const step of ['0', '-0.01', 'NaN', 'Infinity']) {
      it(`refuses step ${step}`, () => {
        expect(() => roundToStep('1', step, 'floor')).to.throw(RangeError, /step must be a positive number/)
      })
    }

    it('refuses a non-finite value', () => {
      expect(() => roundToStep('Infinity', '0.01', 'floor')).to.throw(RangeError, /value must be finite/)
    })

    it('lands on the grid, within one step, on the right side (property)', () => {
      const decimalText = (maxScale: number) =>
        fc
          .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: maxScale }))
          .map(([units, scale]) => new Decimal(units.toString()).div(new Decimal(10).pow(scale)))
      const positiveStep = fc
        .tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: -2, max: 8 }))
        .map(([units, scale]) => new Decimal(units).div(new Decimal(10).pow(scale)))
      fc.assert(
        fc.property(decimalText(10), positiveStep, fc.constantFrom(...MODES), (v, s, mode) => {
          const r = roundToStep(v, s, mode)
          expect(isMultipleOf(r, s)).to.equal(true)
          expect(r.minus(v).abs().lt(s)).to.equal(true)
          if (mode === 'floor') expect(r.lte(v)).to.equal(true)
          if (mode === 'ceil') expect(r.gte(v)).to.equal(true)
          if (mode === 'down') expect(r.abs().lte(v.abs())).to.equal(true)
          if (mode === 'up') expect(r.abs().gte(v.abs())).to.equal(true)
          if (mode === 'half-even') expect(r.minus(v).abs().lte(s.div(2))).to.equal(true)
        }),
        { seed: 42, numRuns: 500 },
      )
    })
  })

  it('roundToTick defaults to half-even and roundToLot to floor', () => {
    expect(roundToTick('0.0025', '0.001').toString()).to.equal('0.002')
    expect(roundToTick('0.0025', '0.001', 'ceil').toString()).to.equal('0.003')
    expect(roundToLot('0.1234569', '0.000001').toString()).to.equal('0.123456')
  })

  describe('isMultipleOf', () => {
    const cases: Array<[string, string, boolean]> = [
      ['65000.12', '0.01', true],
      ['65000.125', '0.01', false],
      ['0.3', '0.1', true],
      ['-0.3', '0.1', true],
      ['0', '0.01', true],
      ['15', '5', true],
      ['12.5', '5', false],
      ['1', '0', false],
    ]
    for (const [v, s, expected] of cases) {
      it(`${v} on ${s}: ${expected}`, () => expect(isMultipleOf(v, s)).to.equal(expected))
    }
  })

  it('compares and equates by value, not spelling', () => {
    expect(compareDecimal('1.50', '1.5')).to.equal(0)
    expect(compareDecimal('-1', '1')).to.equal(-1)
    expect(compareDecimal('0.000000000001', '0')).to.equal(1)
    expect(compareDecimal(new Decimal('2'), 1n)).to.equal(1)
    expect(decimalEquals('1.50', '1.5')).to.equal(true)
    expect(decimalEquals('0.1', '0.10000000000000001')).to.equal(false)
  })

  describe('the private clone', () => {
    it('leaves the global decimal.js configuration at its defaults', () => {
      expect(DecimalJs.precision).to.equal(20)
      expect(DecimalJs.toExpNeg).to.equal(-7)
      expect(DecimalJs.toExpPos).to.equal(21)
      expect(DecimalJs.rounding).to.equal(DecimalJs.ROUND_HALF_UP)
      expect(new DecimalJs('1e-12').toString()).to.equal('1e-12')
    })

    it('has its own configuration', () => {
      expect(Decimal.precision).to.equal(40)
      expect(Decimal.rounding).to.equal(DecimalJs.ROUND_HALF_EVEN)
      expect(Decimal).not.to.equal(DecimalJs)
    })

    it('prints small and large values without exponent notation', () => {
      expect(new Decimal('1e-12').toString()).to.equal('0.000000000001')
      expect(new Decimal('0.00000001').toString()).to.equal('0.00000001')
      expect(new Decimal('1e25').toString()).to.equal('10000000000000000000000000')
    })

    it('divides with 40 significant digits', () => {
      expect(new Decimal(1).div(3).toString()).to.equal(`0.${'3'.repeat(40)}`)
    })

    it('converts a global decimal.js value into the clone', () => {
      const foreign = new DecimalJs('1')
      const mine = toDecimal(foreign)
      expect(mine.constructor).to.equal(Decimal)
      expect(mine.div(3).toString()).to.equal(`0.${'3'.repeat(40)}`)
      expect(toDecimal(new DecimalJs('0.00000001')).toString()).to.equal('0.00000001')
      const own = new Decimal('2')
      expect(toDecimal(own)).to.equal(own)
      expect(toDecimal(123456789012345678901234567890n).toString()).to.equal('123456789012345678901234567890')
    })
  })

  it('isDecimalString accepts plain decimals only', () => {
    for (const ok of ['0', '-1.5', '65000.12', '1.', '.5']) expect(isDecimalString(ok), ok).to.equal(true)
    for (const bad of ['', '1e-5', 'NaN', 'Infinity', ' 1', '0x10', '+1', '1.2.3']) {
      expect(isDecimalString(bad), bad).to.equal(false)
    }
  })
})

describe('roundToStep sign of zero', () => {
  it('never returns a negative zero', () => {
    const r = roundToStep('-0.0004', '0.001', 'ceil')
    expect(r.isZero()).to.equal(true)
    expect(r.isNegative()).to.equal(false)
    expect(JSON.stringify(r)).to.equal('"0"')
  })
})
