import { expect } from 'chai'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import {
  decode,
  formatErrors,
  IntegerId,
  isDigits,
  NumericString,
  SafeInteger,
} from '../../lib/codec/index.js'

function paths(codec: t.Decoder<unknown, unknown>, input: unknown): readonly string[] {
  const r = codec.decode(input)
  if (isRight(r)) expect.fail(`expected ${String(input)} to be refused`)
  return formatErrors(r.left)
}

describe('codec/integer', () => {
  it('isDigits accepts digits only', () => {
    for (const ok of ['0', '42', '007', '1688639403423213947']) expect(isDigits(ok), ok).to.equal(true)
    for (const bad of ['', '-1', '+1', '1.0', '1e3', ' 1', '0x1', '١٢'])
      expect(isDigits(bad), bad).to.equal(false)
  })

  describe('NumericString', () => {
    it('keeps ids beyond 2^53 exact, even inside a JSON document', () => {
      const Frame = t.type({ orderId: NumericString })
      const text = '{"orderId":"1688639403423213947123"}'
      expect(decode(Frame, text, 'test').orderId).to.equal('1688639403423213947123')
    })

    it('refuses numbers and non-digit strings', () => {
      expect(paths(NumericString, 42)).to.deep.equal(['(root): expected integer string, got 42'])
      expect(paths(NumericString, '-1')).to.deep.equal(['(root): expected integer string, got "-1"'])
      expect(isLeft(NumericString.decode(''))).to.equal(true)
    })
  })

  describe('IntegerId', () => {
    it('reads a digit string or a safe non-negative integer, as a string', () => {
      expect(IntegerId.decode('28457')).to.deep.equal({ _tag: 'Right', right: '28457' })
      expect(IntegerId.decode(28457)).to.deep.equal({ _tag: 'Right', right: '28457' })
      expect(IntegerId.decode(Number.MAX_SAFE_INTEGER)).to.deep.equal({
        _tag: 'Right',
        right: '9007199254740991',
      })
    })

    it('refuses a JSON number that JSON.parse has already rounded', () => {
      const Frame = t.type({ t: IntegerId })
      try {
        decode(Frame, '{"t":12345678901234567891}', 'binance trade', 'binance')
        expect.fail('should throw')
      } catch (e) {
        expect((e as { paths: string[] }).paths).to.deep.equal([
          't: expected integer id, got 12345678901234567000, beyond 2^53 and already rounded by JSON.parse',
        ])
      }
    })

    it('refuses negative, fractional and other values', () => {
      for (const bad of [-1, 1.5, NaN, '1.5', '', null, true]) {
        expect(isLeft(IntegerId.decode(bad)), String(bad)).to.equal(true)
      }
      expect(paths(IntegerId, -1)).to.deep.equal(['(root): expected integer id, got -1'])
    })
  })

  describe('SafeInteger', () => {
    it('accepts integers within ±(2^53 − 1) only', () => {
      expect(SafeInteger.decode(5277055)).to.deep.equal({ _tag: 'Right', right: 5277055 })
      expect(SafeInteger.decode(-3)).to.deep.equal({ _tag: 'Right', right: -3 })
      for (const bad of [1.5, 2 ** 53, '5', NaN, Infinity])
        expect(isLeft(SafeInteger.decode(bad)), String(bad)).to.equal(true)
      expect(paths(SafeInteger, 2 ** 53)).to.deep.equal([
        '(root): expected safe integer, got 9007199254740992',
      ])
    })
  })
})
