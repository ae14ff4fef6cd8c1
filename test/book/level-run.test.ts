import { expect } from 'chai'
import { L2Book } from '../../lib/book/l2-book.js'
import { consecutiveUpdateIds } from '../../lib/book/sequence-rules.js'
import { TextBookChange } from '../../lib/book/text-book-change.js'
import { FrameCursor } from '../../lib/codec/frame-cursor.js'
import { levelPairs, LevelRun } from '../../lib/codec/level-run.js'

/** Both sides of `{"b":…,"a":…}` as a scanner reads them: runs over one spans array. */
function scan(text: string): { bids: LevelRun; asks: LevelRun } {
  const k = new FrameCursor(text)
  if (!k.literal('{"b":') || !k.levelSpans()) throw new Error(`not scannable: ${text}`)
  const split = k.spanCount
  if (!k.literal(',"a":') || !k.levelSpans()) throw new Error(`not scannable: ${text}`)
  const spans = k.spans()
  return { bids: new LevelRun(text, spans, 0, split), asks: new LevelRun(text, spans, split, spans.length) }
}

const book = () =>
  new L2Book({ venue: 'bybit', symbol: 'BTC/USDT', depth: 50, sequence: consecutiveUpdateIds })
const texts = (b: L2Book) => ({
  bids: b.bids().map((l) => [l.priceText, l.sizeText]),
  asks: b.asks().map((l) => [l.priceText, l.sizeText]),
})

describe('book/LevelRun: levels read in place from a frame', () => {
  it('gives its levels as text pairs, for readers and for JSON', () => {
    const { bids, asks } = scan('{"b":[["65000.10","0.5"],["64999.9","0"]],"a":[["65000.2","1.25"]]}')
    expect(bids.length).to.equal(2)
    expect(asks.length).to.equal(1)
    expect(bids.pairs()).to.deep.equal([
      ['65000.10', '0.5'],
      ['64999.9', '0'],
    ])
    expect(levelPairs(asks)).to.deep.equal([['65000.2', '1.25']])
    expect(JSON.stringify({ b: bids })).to.equal('{"b":[["65000.10","0.5"],["64999.9","0"]]}')
  })

  it('builds the same book as the pairs it stands for, snapshot with deletes included', () => {
    const frames = [
      '{"b":[["100.0","1"],["99.5","2"],["100.0","0"],["98","3"]],"a":[["101","1"],["101.00","0"]]}',
      '{"b":[["99.50","4"],["97","0"],["100.5","1.000"]],"a":[["102","2"],["101.5","0.1"]]}',
      '{"b":[["100.5","0"]],"a":[["101.50","0.2"]]}',
    ]
    const fromRuns = book()
    const fromPairs = book()
    frames.forEach((text, i) => {
      const runs = scan(text)
      const pairs = { bids: runs.bids.pairs(), asks: runs.asks.pairs() }
      const apply = (b: L2Book, levels: typeof runs | typeof pairs) =>
        i === 0 ? b.applySnapshot({ ...levels, sequence: 1 }) : b.applyDelta({ ...levels, sequence: i + 1 })
      expect(apply(fromRuns, runs)).to.deep.equal(apply(fromPairs, pairs))
      expect(texts(fromRuns)).to.deep.equal(texts(fromPairs))
    })
    expect(texts(fromRuns)).to.deep.equal({
      bids: [
        ['99.50', '4'],
        ['98', '3'],
      ],
      asks: [
        ['101.50', '0.2'],
        ['102', '2'],
      ],
    })
  })

  it('names the bad level of a run and clears the book, as for pairs', () => {
    const b = book()
    b.applySnapshot({ ...scan('{"b":[["100","1"]],"a":[["101","1"]]}'), sequence: 1 })
    const result = b.applyDelta({ ...scan('{"b":[],"a":[["102","1"],["0","2"]]}'), sequence: 2 })
    expect(result).to.deep.equal({ kind: 'invalid', side: 'ask', price: '0', size: '2' })
    expect(b.synced).to.equal(false)
    expect(b.bidCount + b.askCount).to.equal(0)
    b.applySnapshot({ ...scan('{"b":[["100","1"]],"a":[["101","1"]]}'), sequence: 3 })
    expect(b.applyDelta({ ...scan('{"b":[["99","-1"]],"a":[]}'), sequence: 4 })).to.deep.equal({
      kind: 'invalid',
      side: 'bid',
      price: '99',
      size: '-1',
    })
  })

  it('reaches the book through a text change, which cuts its pairs only when asked', () => {
    const { bids, asks } = scan('{"b":[["100.10","1"]],"a":[["100.2","3"]]}')
    const change = TextBookChange.of({
      venue: 'bybit',
      symbol: 'BTC/USDT',
      isSnapshot: true,
      bids,
      asks,
      sequence: 7,
      firstSequence: undefined,
      previousSequence: undefined,
      rawTimestamp: 1_700_000_000_000,
    })
    const b = book()
    expect(b.applyChange(change).kind).to.equal('applied')
    expect(texts(b)).to.deep.equal({ bids: [['100.10', '1']], asks: [['100.2', '3']] })
    expect(b.view().timestamp.getTime()).to.equal(1_700_000_000_000)
    expect(change.rawBids).to.deep.equal([['100.10', '1']])
    expect(change.bids[0]?.price.toString()).to.equal('100.1')
    expect(change.toJSON()['asks']).to.deep.equal([['100.2', '3']])
  })
})
