import { expect } from 'chai'
import { Decimal } from 'rxvenue'
import { runExample } from './run-example.js'

const DECIMAL = /^\d+(\.\d+)?$/
const VENUES = ['bybit', 'binance'] as const

/** One screen of the demo, as printed in a pipe (frames follow each other). */
interface Frame {
  readonly text: string
  readonly levels: { side: string; price: string; bybit: string; binance: string; total: string }[]
  readonly best: Map<string, { bid: string; ask: string; spread: string } | 'stale'>
}

function frames(stdout: string): Frame[] {
  return stdout
    .split(/^(?=rxvenue demo )/m)
    .filter((t) => t.startsWith('rxvenue demo '))
    .map((text) => {
      const levels = [...text.matchAll(/^ {2}(ask|bid) +(\S+) +(\S+) +(\S+) +(\S+)$/gm)].map((m) => ({
        side: m[1]!,
        price: m[2]!,
        bybit: m[3]!,
        binance: m[4]!,
        total: m[5]!,
      }))
      const best = new Map<string, { bid: string; ask: string; spread: string } | 'stale'>()
      for (const m of text.matchAll(/^(bybit|binance) +(\S+) x \S+ +(\S+) x \S+ +(\S+)$/gm))
        best.set(m[1]!, { bid: m[2]!, ask: m[3]!, spread: m[4]! })
      for (const m of text.matchAll(/^(bybit|binance) +STALE \(/gm)) best.set(m[1]!, 'stale')
      return { text, levels, best }
    })
}

describe('examples/demo', function () {
  this.timeout(20_000)

  it('shows the merged book, best prices, health and a venue healing after a fault, then exits 0 by itself', async () => {
    const { code, stdout, stderr } = await runExample(['examples/demo.ts', '--duration', '5'])
    expect(code, stderr).to.equal(0)
    expect(stderr).to.equal('')
    // Not a terminal: plain frames, no cursor movement.
    expect(stdout).to.not.contain('\x1b[')
    const all = frames(stdout)
    expect(all.length).to.be.greaterThan(2)

    // The merged book: exact sizes per venue that add up to the level's total, best levels in the middle.
    const merged = all.filter((f) => f.levels.length > 0)
    expect(merged.length).to.be.greaterThan(0)
    for (const f of merged) {
      for (const l of f.levels) {
        expect(l.price).to.match(DECIMAL)
        const sizes = [l.bybit, l.binance].filter((s) => s !== '-')
        for (const s of sizes) expect(s).to.match(DECIMAL)
        expect(sizes.reduce((sum, s) => sum.plus(s), new Decimal(0)).toString()).to.equal(l.total)
      }
      // Each side is printed from the highest price down (the two sides may cross between venues).
      for (const side of ['ask', 'bid']) {
        const prices = f.levels.filter((l) => l.side === side).map((l) => new Decimal(l.price))
        for (let i = 1; i < prices.length; i++) expect(prices[i]!.lt(prices[i - 1]!), f.text).to.equal(true)
      }
    }
    expect(merged.some((f) => f.levels.some((l) => l.bybit !== '-'))).to.equal(true)
    expect(merged.some((f) => f.levels.some((l) => l.binance !== '-'))).to.equal(true)

    // Best bid below best ask on each venue, with the spread between them.
    for (const venue of VENUES) {
      const quotes = all.map((f) => f.best.get(venue)).filter((q) => q !== undefined && q !== 'stale')
      expect(quotes.length, venue).to.be.greaterThan(0)
      for (const q of quotes) {
        expect(new Decimal(q.bid).lt(q.ask), `${venue} ${q.bid} / ${q.ask}`).to.equal(true)
        expect(new Decimal(q.ask).minus(q.bid).toString()).to.equal(q.spread)
      }
    }
    expect(stdout).to.match(/^overall +\d+(\.\d+)? (bybit|binance) +\d+(\.\d+)? (bybit|binance) +-?\d/m)
    expect(stdout).to.match(/^cross-venue {2}buy bybit sell binance: -?\d/m)

    // The first fault: Bybit drops its sockets, is shown stale, reconnects, and is fresh again.
    const faultAt = all.findIndex((f) => f.text.includes('fault: bybit drops its sockets'))
    expect(faultAt, stdout).to.be.greaterThan(-1)
    const staleAt = all.findIndex((f, i) => i >= faultAt && f.best.get('bybit') === 'stale')
    expect(staleAt, 'bybit shown stale after the fault').to.be.greaterThan(-1)
    const backAt = all.findIndex((f, i) => i > staleAt && typeof f.best.get('bybit') === 'object')
    expect(backAt, 'bybit fresh again').to.be.greaterThan(-1)
    expect(stdout).to.contain('bybit connected public (reconnect)')

    // Health: both venues connected and receiving, Bybit counting its reconnect.
    for (const venue of VENUES) {
      const rates = [...stdout.matchAll(new RegExp(`^${venue} +connected +(\\d+) +(\\d+)`, 'gm'))]
      expect(
        rates.some((m) => Number(m[1]) > 0),
        `${venue} messages/s`,
      ).to.equal(true)
    }
    const reconnects = /^bybit +\w+ +\d+ +(\d+) /m.exec(all[all.length - 1]!.text)?.[1]
    expect(Number(reconnects)).to.be.greaterThan(0)
  })

  it('refuses a bad flag with a message and a non-zero exit', async () => {
    const { code, stderr } = await runExample(['examples/demo.ts', '--duration', 'soon'])
    expect(code).to.equal(2)
    expect(stderr).to.contain('--duration takes a number of seconds')
    expect(stderr).to.contain('usage: demo')
  })
})
