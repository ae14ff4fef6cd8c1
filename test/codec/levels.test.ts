import { expect } from 'chai'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Decimal } from '../../lib/core/decimal.js'
import {
  formatErrors,
  PriceSizeLevels,
  PriceSizeTextLevels,
  PriceSizeTextTuple,
  PriceSizeTuple,
} from '../../lib/codec/index.js'

function paths(codec: t.Decoder<unknown, unknown>, input: unknown): readonly string[] {
  const r = codec.decode(input)
  if (isRight(r)) expect.fail(`expected ${JSON.stringify(input)} to be refused`)
  return formatErrors(r.left)
}

function right<A>(codec: t.Decoder<unknown, A>, input: unknown): A {
  const r = codec.decode(input)
  if (isLeft(r)) expect.fail(formatErrors(r.left).join('; '))
  return r.right
}

describe('codec/levels', () => {
  describe('PriceSizeTuple', () => {
    it('decodes ["price", "size"] to Decimals', () => {
      const level = right(PriceSizeTuple, ['65000.12', '0.5'])
      expect(level.price).to.be.instanceOf(Decimal)
      expect([level.price.toFixed(), level.size.toFixed()]).to.deep.equal(['65000.12', '0.5'])
      expect(PriceSizeTuple.encode(level)).to.deep.equal(['65000.12', '0.5'])
      expect(PriceSizeTuple.is(level)).to.equal(true)
      expect(PriceSizeTuple.is(['1', '2'])).to.equal(false)
    })

    it('points at the bad element', () => {
      expect(paths(PriceSizeTuple, ['65000.12', 0.5])).to.deep.equal([
        '[1]: expected decimal string, got 0.5',
      ])
      expect(paths(PriceSizeTuple, [12.5, 'x'])).to.deep.equal([
        '[0]: expected decimal string, got 12.5',
        '[1]: expected decimal string, got "x"',
      ])
    })

    it('refuses anything but exactly two elements', () => {
      expect(paths(PriceSizeTuple, ['1'])).to.deep.equal([
        '(root): expected [price, size], got an array of 1',
      ])
      expect(paths(PriceSizeTuple, ['1', '2', '3'])).to.deep.equal([
        '(root): expected [price, size], got an array of 3',
      ])
      expect(paths(PriceSizeTuple, { price: '1', size: '2' })).to.deep.equal([
        '(root): expected [price, size], got an object',
      ])
    })
  })

  describe('PriceSizeTextTuple', () => {
    it('returns the very same array', () => {
      const pair = ['65000.12', '0.5']
      expect(right(PriceSizeTextTuple, pair)).to.equal(pair)
      expect(paths(PriceSizeTextTuple, ['1e5', '1'])).to.deep.equal([
        '[0]: expected decimal string, got "1e5"',
      ])
    })
  })

  describe('PriceSizeLevels', () => {
    // From Bybit's documented orderbook delta (shared/fixtures/bybit/ws-orderbook-delta.json).
    const bids = [
      ['30247.20', '30.028'],
      ['30245.40', '0.224'],
      ['30240.00', '0'],
    ]

    it('decodes every level in order', () => {
      const levels = right(PriceSizeLevels, bids)
      expect(levels.map((l) => [l.price.toFixed(), l.size.toFixed()])).to.deep.equal([
        ['30247.2', '30.028'],
        ['30245.4', '0.224'],
        ['30240', '0'],
      ])
      expect(right(PriceSizeLevels, [])).to.deep.equal([])
      expect(PriceSizeLevels.encode(levels)).to.deep.equal([
        ['30247.2', '30.028'],
        ['30245.4', '0.224'],
        ['30240', '0'],
      ])
    })

    it('reports every bad element with its index', () => {
      expect(paths(PriceSizeLevels, [['1', '2'], ['1', 2], 'x', ['3']])).to.deep.equal([
        '[1][1]: expected decimal string, got 2',
        '[2]: expected [price, size], got "x"',
        '[3]: expected [price, size], got an array of 1',
      ])
      expect(paths(PriceSizeLevels, { 0: ['1', '2'] })).to.deep.equal([
        '(root): expected Array<[price, size]>, got an object',
      ])
    })
  })

  describe('PriceSizeTextLevels', () => {
    it('validates and returns the input array itself', () => {
      const levels = [
        ['1.5', '2'],
        ['1.4', '0'],
      ]
      expect(right(PriceSizeTextLevels, levels)).to.equal(levels)
      expect(
        paths(PriceSizeTextLevels, [
          ['1.5', '2'],
          ['NaN', '1'],
        ]),
      ).to.deep.equal(['[1][0]: expected decimal string, got "NaN"'])
    })
  })
})
