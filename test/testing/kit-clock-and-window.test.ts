import { expect } from 'chai'
import { SimClock } from '../../lib/testing/kit/clock.js'
import { RateWindow, RateWindows } from '../../lib/testing/kit/rate-window.js'

describe('SimClock', () => {
  it('runs with its source, freezes when set, and moves by hand', () => {
    let real = 1000
    const clock = new SimClock(() => real)
    real = 1500
    expect(clock.now()).to.equal(1500)
    clock.advance(100)
    real = 2000
    expect(clock.now()).to.equal(2100)
    clock.set(50)
    real = 9000
    expect(clock.now()).to.equal(50)
    clock.advance(25)
    expect(clock.now()).to.equal(75)
    clock.set(10, { running: true })
    real = 9005
    expect(clock.now()).to.equal(15)
  })
})

describe('RateWindow', () => {
  it('allows limit requests in any window and says when the oldest leaves', () => {
    const w = new RateWindow(2, 1000)
    expect(w.take(0)).to.deep.equal({ allowed: true, limit: 2, remaining: 1, resetAt: 0 })
    expect(w.take(400).remaining).to.equal(0)
    expect(w.take(999)).to.deep.equal({ allowed: false, limit: 2, remaining: 0, resetAt: 1000 })
    expect(w.take(1000)).to.include({ allowed: true, remaining: 0 })
    expect(w.take(1399)).to.include({ allowed: false, resetAt: 1400 })
  })
  it('RateWindows counts each key in its own window', () => {
    const perIp = new RateWindows(1000)
    expect(perIp.take('a', 1, 0).allowed).to.equal(true)
    expect(perIp.take('b', 1, 10).allowed).to.equal(true)
    expect(perIp.take('a', 1, 999)).to.include({ allowed: false, resetAt: 1000 })
    expect(perIp.take('a', 1, 1000).allowed).to.equal(true)
  })
})
