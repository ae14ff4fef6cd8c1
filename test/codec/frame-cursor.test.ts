import { expect } from 'chai'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { FrameCursor, ownSlice } from '../../lib/codec/frame-cursor.js'

/** A full garbage collection, without starting the process with `--expose-gc`. */
function collect(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

describe('FrameCursor levels', () => {
  it('reads prices and sizes of every length as the text has them', () => {
    const k = new FrameCursor(
      '[["65000.10000000","0.00123400"],["1.5","2"],["123456789012.5","12345678901234"]]',
    )
    expect(k.levels()).to.deep.equal([
      ['65000.10000000', '0.00123400'],
      ['1.5', '2'],
      ['123456789012.5', '12345678901234'],
    ])
    expect(k.atEnd()).to.equal(true)
  })

  it('keeps no frame alive through the level strings it hands out, long ones included', () => {
    // 500 frames of 40 KB, each with a 14-character price (a length V8 would share with its frame)
    const padding = 'x'.repeat(40_000)
    const kept: string[] = []
    collect()
    const before = process.memoryUsage().heapUsed
    for (let i = 0; i < 500; i++) {
      const text = `[["65000.${String(i).padStart(8, '0')}","1"]]${padding}${i}`
      const levels = new FrameCursor(text).levels()
      kept.push((levels?.[0]?.[0] as string) ?? '')
    }
    collect()
    const grown = process.memoryUsage().heapUsed - before
    expect(kept[7]).to.equal('65000.00000007')
    // the frames would be 20 MB; the prices alone are a few tens of KB
    expect(grown).to.be.below(2_000_000)
  })
})

describe('ownSlice', () => {
  it('equals slice for short and long ranges and at the edges of the text', () => {
    const text = 'ab65000.10000000cd'
    expect(ownSlice(text, 2, 16)).to.equal(text.slice(2, 16))
    expect(ownSlice(text, 2, 5)).to.equal('650')
    expect(ownSlice(text, 0, text.length)).to.equal(text)
    expect(ownSlice(text, 3, 3)).to.equal('')
  })
})
