import { expect } from 'chai'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { keptText } from '../../lib/book/decimal-text.js'
import { L2Book } from '../../lib/book/l2-book.js'
import { unsequenced } from '../../lib/book/sequence-rules.js'
import { FrameCursor } from '../../lib/codec/frame-cursor.js'
import { LevelRun } from '../../lib/codec/level-run.js'

/** A full garbage collection, without starting the process with `--expose-gc`. */
function collect(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

describe('a book and the frames its levels came in', () => {
  for (const form of ['pairs', 'runs'] as const) {
    it(`keeps no frame alive through the levels it keeps, long prices and sizes included (${form})`, () => {
      // 600 frames of 40 KB, each inserting a level and updating another, with 14-character prices and
      // sizes (a length V8 shares with the frame it was sliced from); the frames alone would be 24 MB.
      // The levels come as text pairs cut from the frame, or as a run read in place
      const padding = 'x'.repeat(40_000)
      const book = new L2Book({ venue: 'binance', symbol: 'BTC/USDT', sequence: unsequenced })
      book.applySnapshot({ bids: [['1.00000000', '1']], asks: [['900000.00000000', '1']], sequence: 0 })
      collect()
      const before = process.memoryUsage().heapUsed
      for (let i = 0; i < 600; i++) {
        const price = `65000.${String(i).padStart(8, '0')}`
        const frame = `[["${price}","1234.56780000"],["1.00000000","${i + 1}.00000000000"]]${padding}${i}`
        const k = new FrameCursor(frame)
        expect(k.levelSpans()).to.equal(true)
        const run = new LevelRun(frame, k.spans(), 0, k.spanCount)
        // pairs are slices of the frame
        const bids = form === 'pairs' ? run.pairs() : run
        expect(book.applyDelta({ bids, asks: [], sequence: i + 1 }).kind).to.equal('applied')
      }
      collect()
      const grown = process.memoryUsage().heapUsed - before
      expect(book.bids(1)[0]?.priceText).to.equal('65000.00000599')
      expect(book.bids(Infinity).at(-1)?.sizeText).to.equal('600.00000000000')
      expect(grown).to.be.below(2_000_000)
    })
  }

  it('keptText gives the same characters, short and long', () => {
    expect(keptText('ab65000.10000000cd', 2, 16)).to.equal('65000.10000000')
    expect(keptText('ab650cd', 2, 5)).to.equal('650')
    expect(keptText('650', 0, 3)).to.equal('650')
    expect(keptText('', 0, 0)).to.equal('')
  })
})
