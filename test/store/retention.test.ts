import { expect } from 'chai'
import { createPrng } from '../../lib/sim/prng.js'
import { CappedKeys, FinishedKeys, keptCount } from '../../lib/store/retention.js'

describe('retention', () => {
  it('CappedKeys drops the oldest beyond its cap; a key added again is the newest; a deleted one is not dropped', () => {
    const keys = new CappedKeys(3)
    expect([...['a', 'b', 'c'].flatMap((k) => keys.add(k))]).to.deep.equal([])
    expect(keys.add('a')).to.deep.equal([]) // moved to the newest
    expect(keys.add('d')).to.deep.equal(['b'])
    keys.delete('c')
    expect(keys.add('e')).to.deep.equal([])
    expect(keys.add('f')).to.deep.equal(['a'])
    expect(['a', 'b', 'c', 'd', 'e', 'f'].filter((k) => keys.has(k))).to.deep.equal(['d', 'e', 'f'])
    expect(keys.size).to.equal(3)
  })

  it('CappedKeys agrees with a plain ordered list over 200,000 seeded adds and deletes', () => {
    const prng = createPrng(7)
    const cap = 500
    const keys = new CappedKeys(cap)
    const reference: string[] = [] // oldest first
    for (let i = 0; i < 200_000; i++) {
      const key = `k${prng.int(0, 2_000)}`
      const at = reference.indexOf(key)
      if (prng.next() < 0.2) {
        keys.delete(key)
        if (at >= 0) reference.splice(at, 1)
        continue
      }
      if (at >= 0) reference.splice(at, 1)
      reference.push(key)
      const dropped = reference.length > cap ? reference.splice(0, reference.length - cap) : []
      expect(keys.add(key)).to.deep.equal(dropped)
    }
    expect(keys.size).to.equal(reference.length)
    expect(reference.every((k) => keys.has(k))).to.equal(true)
  })

  it('FinishedKeys hands back the orders finished longest ago beyond its cap, never an open one', () => {
    const finished = new FinishedKeys(2)
    expect(finished.note('o1', true)).to.deep.equal([])
    expect(finished.note('o2', false)).to.deep.equal([])
    expect(finished.note('o3', true)).to.deep.equal([])
    expect(finished.note('o1', false)).to.deep.equal([]) // open again: no longer finished
    expect(finished.note('o4', true)).to.deep.equal([])
    expect(finished.note('o5', true)).to.deep.equal(['o3'])
    expect(new FinishedKeys(Infinity).note('o1', true)).to.deep.equal([])
  })

  it('keptCount takes a whole number or Infinity, and names the option it refuses', () => {
    expect(keptCount('keepFills', undefined, 10)).to.equal(10)
    expect(keptCount('keepFills', Infinity, 10)).to.equal(Infinity)
    expect(() => keptCount('keepFills', 1.5, 10)).to.throw(/keepFills must be a whole number/)
    expect(() => keptCount('keepFills', -1, 10)).to.throw(/keepFills/)
  })
})
