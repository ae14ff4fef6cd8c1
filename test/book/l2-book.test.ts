import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import {
  L2Book,
  consecutiveUpdateIds,
  rangedUpdateIds,
  strictSequence,
  type BookEntry,
  type L2BookOptions,
} from '../../lib/book/index.js'

const book = (options: Partial<L2BookOptions> = {}) =>
  new L2Book({ venue: 'mock', symbol: 'BTC/USDT', ...options })
const texts = (levels: readonly BookEntry[]) => levels.map((l) => [l.priceText, l.sizeText])

describe('book/L2Book', () => {
  describe('snapshots and deltas', () => {
    it('applies a snapshot sorted best first, whatever order it came in', () => {
      const b = book()
      const r = b.applySnapshot({
        bids: [
          ['99', '1'],
          ['101', '2'],
          ['100', '3'],
        ],
        asks: [
          ['104', '1'],
          ['102', '2'],
          ['103', '3'],
        ],
        sequence: 7,
      })
      expect(r).to.deep.equal({ kind: 'applied', reset: true })
      expect(texts(b.bids())).to.deep.equal([
        ['101', '2'],
        ['100', '3'],
        ['99', '1'],
      ])
      expect(texts(b.asks())).to.deep.equal([
        ['102', '2'],
        ['103', '3'],
        ['104', '1'],
      ])
      expect([b.synced, b.sequence, b.bidCount, b.askCount]).to.deep.equal([true, 7, 3, 3])
    })

    it('replaces, inserts and deletes levels with a delta', () => {
      const b = book()
      b.applySnapshot({
        bids: [
          ['100', '1'],
          ['99', '1'],
        ],
        asks: [['101', '1']],
      })
      const r = b.applyDelta({
        bids: [
          ['100', '5'],
          ['98', '2'],
          ['99', '0'],
        ],
        asks: [['102', '4']],
      })
      expect(r).to.deep.equal({ kind: 'applied', reset: false })
      expect(texts(b.bids())).to.deep.equal([
        ['100', '5'],
        ['98', '2'],
      ])
      expect(texts(b.asks())).to.deep.equal([
        ['101', '1'],
        ['102', '4'],
      ])
    })

    it('deletes on every spelling of a zero size, and ignores deleting an absent level', () => {
      const b = book()
      b.applySnapshot({
        bids: [
          ['1', '1'],
          ['2', '1'],
          ['3', '1'],
          ['4', '1'],
        ],
        asks: [],
      })
      b.applyDelta({
        bids: [
          ['1', '0'],
          ['2', '0.0'],
          ['3', '0.00000000'],
          ['5', '0'],
        ],
        asks: [],
      })
      expect(texts(b.bids())).to.deep.equal([['4', '1']])
    })

    it('skips zero sizes in a snapshot and keeps the last of repeated prices', () => {
      const b = book()
      b.applySnapshot({
        bids: [
          ['100', '1'],
          ['99', '0'],
          ['100.0', '2'],
        ],
        asks: [['101', '0.000']],
      })
      expect(texts(b.bids())).to.deep.equal([['100.0', '2']])
      expect(b.askCount).to.equal(0)
    })

    it('replaces the whole book with a new snapshot', () => {
      const b = book()
      b.applySnapshot({ bids: [['100', '1']], asks: [['101', '1']], sequence: 1 })
      b.applySnapshot({ bids: [['90', '2']], asks: [], sequence: 50 })
      expect(texts(b.bids())).to.deep.equal([['90', '2']])
      expect([b.askCount, b.sequence]).to.deep.equal([0, 50])
    })

    it('treats a delta before any snapshot as a gap', () => {
      const b = book({ sequence: consecutiveUpdateIds })
      expect(b.applyDelta({ bids: [['1', '1']], asks: [], sequence: 5 })).to.deep.equal({
        kind: 'gap',
        expected: undefined,
        got: 5,
      })
      expect(b.bidCount).to.equal(0)
    })

    it('builds from Decimals and from normalized BookChanges', () => {
      const b = book()
      b.applySnapshot({ bids: [[new Decimal('100.50'), new Decimal('1')]], asks: [['101', '1']] })
      b.applyDelta({ bids: [['100.5', new Decimal('0')]], asks: [] })
      expect(b.bidCount).to.equal(0)
      const r = b.applyChange({
        venue: 'mock',
        symbol: 'BTC/USDT',
        isSnapshot: false,
        bids: [{ price: new Decimal('1e-30'), size: new Decimal('2') }],
        asks: [],
        timestamp: new Date(1700000000000),
        rawTimestamp: '2023-11-14T22:13:20Z',
      })
      expect(r.kind).to.equal('applied')
      expect(b.bestBid()?.price.eq('1e-30')).to.equal(true)
      expect(b.view().rawTimestamp).to.equal('2023-11-14T22:13:20Z')
    })

    it('takes the venue text of levels that carry it, without reading their Decimals', () => {
      const b = book()
      const textLevel = (priceText: string, sizeText: string) => ({
        priceText,
        sizeText,
        get price(): Decimal {
          throw new Error('price read')
        },
        get size(): Decimal {
          throw new Error('size read')
        },
      })
      const r = b.applyChange({
        venue: 'mock',
        symbol: 'BTC/USDT',
        isSnapshot: true,
        bids: [textLevel('65000.10', '0.50')],
        asks: [textLevel('65000.20', '1')],
        timestamp: new Date(0),
        rawTimestamp: 0,
      })
      expect(r.kind).to.equal('applied')
      const bid = b.bestBid() as BookEntry
      expect([bid.priceText, bid.sizeText]).to.deep.equal(['65000.10', '0.50'])
    })
  })

  describe('exactness', () => {
    it('keeps prices and sizes exactly as sent', () => {
      const b = book()
      b.applySnapshot({ bids: [['65000.10', '0.10000']], asks: [['65000.2000', '3']] })
      const bid = b.bestBid() as BookEntry
      expect([bid.priceText, bid.sizeText]).to.deep.equal(['65000.10', '0.10000'])
      expect(bid.size.eq('0.1')).to.equal(true)
      expect(bid.price.toFixed()).to.equal('65000.1')
    })

    it('treats differently written equal prices as one level', () => {
      const b = book()
      b.applySnapshot({ bids: [['65000.10', '1']], asks: [] })
      b.applyDelta({ bids: [['65000.1', '2']], asks: [] })
      expect(texts(b.bids())).to.deep.equal([['65000.1', '2']])
      b.applyDelta({ bids: [['065000.100', '0']], asks: [] })
      expect(b.bidCount).to.equal(0)
    })

    it('orders prices beyond double precision exactly', () => {
      const b = book()
      b.applySnapshot({
        bids: [
          ['123456789012345678.5', '1'],
          ['123456789012345678.4', '1'],
          ['123456789012345678.6', '1'],
          ['123456789012345678', '1'],
          ['123456789012345679', '1'],
          ['0.000000000000000000123', '1'],
          ['0.000000000000000000124', '1'],
          ['0.0000000000000000000000000000001', '1'],
          ['0.00000000000000000000000000000011', '1'],
          ['1', '1'],
        ],
        asks: [],
      })
      expect(b.bids().map((l) => l.priceText)).to.deep.equal([
        '123456789012345679',
        '123456789012345678.6',
        '123456789012345678.5',
        '123456789012345678.4',
        '123456789012345678',
        '1',
        '0.000000000000000000124',
        '0.000000000000000000123',
        '0.00000000000000000000000000000011',
        '0.0000000000000000000000000000001',
      ])
      // and updates and deletes find those levels among their neighbours
      b.applyDelta({
        bids: [
          ['123456789012345678.50', '7'],
          ['123456789012345678.55', '3'],
          ['0.0000000000000000000000000000001000', '0'],
        ],
        asks: [],
      })
      expect(texts(b.bids(4))).to.deep.equal([
        ['123456789012345679', '1'],
        ['123456789012345678.6', '1'],
        ['123456789012345678.55', '3'],
        ['123456789012345678.50', '7'],
      ])
      expect(b.bidCount).to.equal(10)
    })
  })

  describe('depth', () => {
    it('trims a snapshot to the best levels', () => {
      const b = book({ depth: 2 })
      b.applySnapshot({
        bids: [
          ['1', '1'],
          ['2', '1'],
          ['3', '1'],
        ],
        asks: [
          ['6', '1'],
          ['5', '1'],
          ['4', '1'],
        ],
      })
      expect(b.bids().map((l) => l.priceText)).to.deep.equal(['3', '2'])
      expect(b.asks().map((l) => l.priceText)).to.deep.equal(['4', '5'])
    })

    it('drops a change beyond the depth', () => {
      const b = book({ depth: 2 })
      b.applySnapshot({
        bids: [
          ['3', '1'],
          ['2', '1'],
        ],
        asks: [],
      })
      b.applyDelta({ bids: [['1', '5']], asks: [] })
      expect(b.bids().map((l) => l.priceText)).to.deep.equal(['3', '2'])
    })

    it('does not bring back a trimmed level when a delete exposes its place; the venue sends it', () => {
      const b = book({ depth: 2 })
      b.applySnapshot({
        bids: [
          ['3', '1'],
          ['2', '1'],
          ['1', '1'],
        ],
        asks: [],
      })
      b.applyDelta({ bids: [['3', '0']], asks: [] })
      expect(b.bids().map((l) => l.priceText)).to.deep.equal(['2'])
      b.applyDelta({ bids: [['1', '1']], asks: [] }) // Bybit sends the newly exposed level
      expect(b.bids().map((l) => l.priceText)).to.deep.equal(['2', '1'])
    })

    it('trims once per message, so a delete in the same message makes room for a deeper insert', () => {
      const b = book({ depth: 2 })
      b.applySnapshot({
        bids: [
          ['3', '1'],
          ['2', '1'],
        ],
        asks: [],
      })
      b.applyDelta({
        bids: [
          ['1', '1'],
          ['3', '0'],
        ],
        asks: [],
      })
      expect(b.bids().map((l) => l.priceText)).to.deep.equal(['2', '1'])
    })

    it('refuses a depth that is not a positive integer', () => {
      for (const depth of [0, -1, 1.5, NaN]) expect(() => book({ depth }), String(depth)).to.throw(RangeError)
    })
  })

  describe('crossed books', () => {
    it('reports a delta that crosses the book, applies it, and reports until it uncrosses', () => {
      const b = book()
      b.applySnapshot({ bids: [['100', '1']], asks: [['101', '1']] })
      const r = b.applyDelta({ bids: [['101.5', '1']], asks: [] })
      expect(r.kind).to.equal('crossed')
      if (r.kind !== 'crossed') return
      expect([r.bestBid.toFixed(), r.bestAsk.toFixed(), r.reset]).to.deep.equal(['101.5', '101', false])
      expect(b.crossed).to.equal(true)
      expect(b.applyDelta({ bids: [['100.9', '1']], asks: [] }).kind).to.equal('crossed')
      expect(b.applyDelta({ bids: [['101.5', '0']], asks: [] })).to.deep.equal({
        kind: 'applied',
        reset: false,
      })
      expect(b.crossed).to.equal(false)
    })

    it('counts a locked book (best bid equal to best ask) as crossed, however written', () => {
      const b = book()
      const r = b.applySnapshot({ bids: [['100.10', '1']], asks: [['100.1', '1']] })
      expect(r.kind).to.equal('crossed')
      expect(r.kind === 'crossed' && r.reset).to.equal(true)
    })

    it('decides crossing exactly beyond double precision', () => {
      const b = book()
      expect(
        b.applySnapshot({ bids: [['123456789012345678.4', '1']], asks: [['123456789012345678.5', '1']] })
          .kind,
      ).to.equal('applied')
      expect(b.applyDelta({ bids: [['123456789012345678.50', '1']], asks: [] }).kind).to.equal('crossed')
    })
  })

  describe('sequence', () => {
    it('follows Bybit u: stale and gapped deltas change nothing, u = 1 resets the book', () => {
      const b = book({ sequence: consecutiveUpdateIds, depth: 50 })
      b.applySnapshot({ bids: [['100', '1']], asks: [['101', '1']], sequence: 41 })
      expect(b.applyDelta({ bids: [['99', '1']], asks: [], sequence: 42 }).kind).to.equal('applied')
      expect(b.applyDelta({ bids: [['98', '1']], asks: [], sequence: 42 })).to.deep.equal({ kind: 'stale' })
      expect(b.applyDelta({ bids: [['97', '1']], asks: [], sequence: 44 })).to.deep.equal({
        kind: 'gap',
        expected: 43,
        got: 44,
      })
      expect([b.bidCount, b.sequence]).to.deep.equal([2, 42])
      expect(b.applyDelta({ bids: [['50', '1']], asks: [['51', '1']], sequence: 1 })).to.deep.equal({
        kind: 'applied',
        reset: true,
      })
      expect(texts(b.bids())).to.deep.equal([['50', '1']])
      expect(b.sequence).to.equal(1)
      expect(b.applyDelta({ bids: [], asks: [], sequence: 2 }).kind).to.equal('applied')
    })

    it('follows Binance U/u from a REST snapshot', () => {
      const b = book({ sequence: rangedUpdateIds })
      b.applySnapshot({ bids: [['100', '1']], asks: [['101', '1']], sequence: 100 })
      expect(b.applyDelta({ bids: [['90', '1']], asks: [], firstSequence: 95, sequence: 100 }).kind).to.equal(
        'stale',
      )
      expect(b.applyDelta({ bids: [['99', '1']], asks: [], firstSequence: 98, sequence: 104 }).kind).to.equal(
        'applied',
      )
      expect(
        b.applyDelta({ bids: [['98', '1']], asks: [], firstSequence: 106, sequence: 110 }),
      ).to.deep.equal({
        kind: 'gap',
        expected: 105,
        got: 106,
      })
      expect(
        b.applyDelta({ bids: [['98', '1']], asks: [], firstSequence: 105, sequence: 110 }).kind,
      ).to.equal('applied')
      expect(b.bids().map((l) => l.priceText)).to.deep.equal(['100', '99', '98'])
      expect(b.sequence).to.equal(110)
    })

    it('follows Coinbase sequence_num', () => {
      const b = book({ sequence: strictSequence })
      b.applySnapshot({ bids: [['100', '1']], asks: [], sequence: 7 })
      expect(b.applyDelta({ bids: [['99', '1']], asks: [], sequence: 8 }).kind).to.equal('applied')
      expect(b.applyDelta({ bids: [['98', '1']], asks: [], sequence: 1 }).kind).to.equal('stale')
      expect(b.applyDelta({ bids: [['98', '1']], asks: [], sequence: 10 }).kind).to.equal('gap')
      expect(b.bidCount).to.equal(2)
    })
  })

  describe('invalid venue data', () => {
    it('answers a malformed level with invalid, clears the book and waits for a snapshot', () => {
      const b = book({ sequence: consecutiveUpdateIds })
      b.applySnapshot({ bids: [['100', '1']], asks: [['101', '1']], sequence: 1 })
      const r = b.applyDelta({ bids: [['99', '1']], asks: [['102', '1e3']], sequence: 2 })
      expect(r).to.deep.equal({ kind: 'invalid', side: 'ask', price: '102', size: '1e3' })
      expect([b.bidCount, b.askCount, b.synced, b.sequence]).to.deep.equal([0, 0, false, undefined])
      expect(b.applyDelta({ bids: [], asks: [], sequence: 3 }).kind).to.equal('gap')
      expect(b.applySnapshot({ bids: [['100', '1']], asks: [], sequence: 10 }).kind).to.equal('applied')
    })

    it('refuses negative sizes, signs and numbers where strings belong, never throwing', () => {
      const bad: unknown[][] = [
        ['100', '-1'],
        ['+100', '1'],
        ['abc', '1'],
        [100, '1'],
        ['100', 1],
        ['', '1'],
      ]
      for (const level of bad) {
        const b = book()
        const levels = [level] as unknown as [string, string][]
        expect(b.applySnapshot({ bids: levels, asks: [] }).kind, JSON.stringify(level)).to.equal('invalid')
        expect(b.synced).to.equal(false)
      }
    })

    it('refuses a price at or below zero in snapshots and deltas, on either side, in any spelling', () => {
      const prices = [
        '0',
        '0.00000000',
        '-0',
        '-1',
        '-65000.5',
        '-123456789012345678.5',
        '-0.00000000000000000000000001',
      ]
      for (const price of prices) {
        const snapshot = book()
        expect(snapshot.applySnapshot({ bids: [[price, '1']], asks: [] }).kind, price).to.equal('invalid')
        expect(snapshot.synced).to.equal(false)
        const delta = book()
        delta.applySnapshot({ bids: [['100', '1']], asks: [['101', '1']], sequence: 1 })
        const r = delta.applyDelta({ bids: [], asks: [[price, '2']], sequence: 2 })
        expect(r, price).to.deep.equal({ kind: 'invalid', side: 'ask', price, size: '2' })
        expect([delta.bidCount, delta.askCount, delta.synced]).to.deep.equal([0, 0, false])
      }
    })

    it('keeps positive prices of every spelling, those compared as Decimals included', () => {
      const b = book()
      const prices = ['0.00000000000000000000000001', '123456789012345678.5', '0.5', '.5']
      expect(b.applySnapshot({ bids: prices.map((p) => [p, '1']), asks: [] }).kind).to.equal('applied')
      expect(b.bidCount).to.equal(3) // '0.5' and '.5' are one level
    })
  })

  describe('reading', () => {
    it('gives best bid and ask, mid and spread exactly', () => {
      const b = book()
      expect([b.bestBid(), b.mid(), b.spread()]).to.deep.equal([undefined, undefined, undefined])
      b.applySnapshot({
        bids: [
          ['65000.10', '1'],
          ['65000', '1'],
        ],
        asks: [
          ['65000.15', '2'],
          ['65001', '1'],
        ],
      })
      expect(b.bestBid()?.priceText).to.equal('65000.10')
      expect(b.bestAsk()?.priceText).to.equal('65000.15')
      expect(b.mid()?.toFixed()).to.equal('65000.125')
      expect(b.spread()?.toFixed()).to.equal('0.05')
      expect(b.bids(1).length).to.equal(1)
    })

    it('hands out immutable views that later changes do not touch', () => {
      const b = book({ depth: 50 })
      b.applySnapshot({
        bids: [
          ['100', '1'],
          ['99', '1'],
        ],
        asks: [['101', '1']],
        sequence: 3,
        timestamp: 1700000000000,
      })
      const before = b.view()
      expect(b.view()).to.equal(before) // nothing changed: the same view
      b.applyDelta({
        bids: [
          ['100', '0'],
          ['99', '5'],
        ],
        asks: [],
        timestamp: 1700000000020,
      })
      const after = b.view()
      expect(after).to.not.equal(before)
      expect(texts(before.bids)).to.deep.equal([
        ['100', '1'],
        ['99', '1'],
      ])
      expect(texts(after.bids)).to.deep.equal([['99', '5']])
      expect(Object.isFrozen(before.bids) && Object.isFrozen(before.asks)).to.equal(true)
      expect(before.timestamp.getTime()).to.equal(1700000000000)
      expect(after.timestamp.getTime()).to.equal(1700000000020)
      expect(after.rawTimestamp).to.equal(1700000000020)
      expect(before.sequence).to.equal(3)
    })

    it('shares unchanged entries between views, so their Decimals are built once', () => {
      const b = book()
      b.applySnapshot({
        bids: [
          ['100', '1'],
          ['99', '1'],
        ],
        asks: [['101', '1']],
      })
      const first = b.view()
      const price = first.asks[0]?.price
      b.applyDelta({ bids: [['100', '2']], asks: [] })
      const second = b.view()
      expect(second.asks[0]).to.equal(first.asks[0])
      expect(second.asks[0]?.price).to.equal(price)
      expect(second.bids[0]).to.not.equal(first.bids[0])
    })

    it('limits a view to the best n levels, with mid and spread of the view', () => {
      const b = book()
      b.applySnapshot({
        bids: [
          ['3', '1'],
          ['2', '1'],
          ['1', '1'],
        ],
        asks: [
          ['4', '1'],
          ['5', '1'],
        ],
      })
      const v = b.view(2)
      expect(v.bids.map((l) => l.priceText)).to.deep.equal(['3', '2'])
      expect(v.asks.map((l) => l.priceText)).to.deep.equal(['4', '5'])
      expect([
        v.bestBid?.priceText,
        v.bestAsk?.priceText,
        v.mid?.toFixed(),
        v.spread?.toFixed(),
      ]).to.deep.equal(['3', '4', '3.5', '1'])
      expect([v.venue, v.symbol]).to.deep.equal(['mock', 'BTC/USDT'])
      expect(b.view(3)).to.not.equal(v)
    })

    it('serializes entries as the venue strings', () => {
      const b = book()
      b.applySnapshot({ bids: [['65000.10', '0.5']], asks: [] })
      expect(JSON.parse(JSON.stringify(b.bids()))).to.deep.equal([{ price: '65000.10', size: '0.5' }])
    })
  })
})
