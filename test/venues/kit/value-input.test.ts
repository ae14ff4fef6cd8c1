import { expect } from 'chai'
import { oneOfProblem, wholeNumberProblem } from '../../../lib/venues/kit/value-input.js'

describe('kit: plain values a caller gives, checked (value-input)', () => {
  describe('oneOfProblem', () => {
    const PLATFORMS = ['api', 'browser', 'margin'] as const

    it('passes a value of the list', () => {
      expect(PLATFORMS.map((p) => oneOfProblem('platform', p, PLATFORMS))).to.deep.equal([
        undefined,
        undefined,
        undefined,
      ])
    })

    it('names the field, the values taken and what was given', () => {
      expect(oneOfProblem('platform', 'web', PLATFORMS)).to.equal(
        'platform must be one of api, browser, margin, got string "web"',
      )
      expect(oneOfProblem('timeInForce', 3, ['FOK'])).to.equal('timeInForce must be one of FOK, got number 3')
    })

    it('passes undefined only when the field is optional', () => {
      expect(oneOfProblem('platform', undefined, PLATFORMS, true)).to.equal(undefined)
      expect(oneOfProblem('platform', undefined, PLATFORMS)).to.equal(
        'platform must be one of api, browser, margin, got undefined',
      )
    })
  })

  describe('wholeNumberProblem', () => {
    it('passes a whole number within the range, its bounds included', () => {
      expect([0, 2, 10_000].map((n) => wholeNumberProblem('slippageBps', n, 0, 10_000))).to.deep.equal([
        undefined,
        undefined,
        undefined,
      ])
    })

    it('refuses a fraction, a number out of range, one past safe integers, and what is not a number', () => {
      const refused = [2.5, -1, 10_001, 2 ** 53, NaN, '2', null]
      expect(
        refused.map((v) => wholeNumberProblem('slippageBps', v, 0, 10_000, 'basis points')),
      ).to.deep.equal([
        'slippageBps must be a whole number of basis points from 0 to 10000, got number 2.5',
        'slippageBps must be a whole number of basis points from 0 to 10000, got number -1',
        'slippageBps must be a whole number of basis points from 0 to 10000, got number 10001',
        'slippageBps must be a whole number of basis points from 0 to 10000, got number 9007199254740992',
        'slippageBps must be a whole number of basis points from 0 to 10000, got number NaN',
        'slippageBps must be a whole number of basis points from 0 to 10000, got string "2"',
        'slippageBps must be a whole number of basis points from 0 to 10000, got null',
      ])
    })

    it('leaves the unit out when none is given', () => {
      expect(wholeNumberProblem('depth', 0, 1, 200)).to.equal(
        'depth must be a whole number from 1 to 200, got number 0',
      )
    })
  })
})
