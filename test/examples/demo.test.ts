import { expect } from 'chai'
import { Decimal } from 'rxvenue'
import { parseFrames, type DemoFrame } from '../../scripts/demo-frames.js'
import { refusedPort } from '../e2e/outage-proxy.js'
import { runExample } from './run-example.js'

const DECIMAL = /^\d+(\.\d+)?$/
const VENUES = ['bybit', 'binance'] as const

/** Where the first Bybit drop is shown: the fault, Bybit stale after it, and fresh again after that. */
function firstDrop(all: readonly DemoFrame[]) {
  const faultAt = all.findIndex((f) => f.text.includes('fault: bybit drops its sockets'))
  const staleAt = faultAt < 0 ? -1 : all.findIndex((f, i) => i >= faultAt && f.best.get('bybit')?.stale)
  const backAt =
    staleAt < 0 ? -1 : all.findIndex((f, i) => i > staleAt && f.best.get('bybit')?.stale === false)
  return { faultAt, staleAt, backAt }
}

/** The demo has shown a Bybit drop and its recovery, counted in its health table. */
function recovered(stdout: string): boolean {
  const all = parseFrames(stdout)
  const last = all[all.length - 1]
  return (
    firstDrop(all).backAt > 0 &&
    stdout.includes('bybit connected public (reconnect)') &&
    (last?.health.get('bybit')?.reconnects ?? 0) > 0
  )
}

describe('examples/demo', function () {
  this.timeout(90_000)

  it('shows the merged book, best prices, health and a venue healing after a fault, and stops on Ctrl-C', async () => {
    // No clock: the demo runs until it has shown a fault and the recovery, then gets Ctrl-C.
    const { code, stdout, stderr } = await runExample(['examples/demo.ts'], {
      interruptWhen: recovered,
      killAfterMs: 80_000,
    })
    expect(code, stderr).to.equal(0)
    expect(stderr).to.equal('')
    expect(stdout).to.contain('stopped, connections closed')
    // Not a terminal: plain frames, no cursor movement.
    expect(stdout).to.not.contain('\x1b[')
    const all = parseFrames(stdout)
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
      // a depth bar per level: the largest total has the longest, every level at least one mark
      const largest = Decimal.max(...f.levels.map((l) => new Decimal(l.total)))
      for (const l of f.levels) {
        expect(l.bar, f.text).to.be.within(1, 20)
        if (new Decimal(l.total).eq(largest)) expect(l.bar, f.text).to.equal(20)
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
      const quotes = all.flatMap((f) => {
        const q = f.best.get(venue)
        return q !== undefined && !q.stale ? [q] : []
      })
      expect(quotes.length, venue).to.be.greaterThan(0)
      for (const q of quotes) {
        expect(new Decimal(q.bid).lt(q.ask), `${venue} ${q.bid} / ${q.ask}`).to.equal(true)
        expect(new Decimal(q.ask).minus(q.bid).toString()).to.equal(q.spread)
      }
    }
    expect(stdout).to.match(/^overall +\d+(\.\d+)? (bybit|binance) +\d+(\.\d+)? (bybit|binance) +-?\d/m)

    // Coinbase's BTC/USD apart from the USDT books: its own quotes, under a line saying why.
    expect(stdout).to.contain(
      'BTC/USD in US dollars: USD is not USDT, so it is shown apart and never converted',
    )
    const usd = all.flatMap((f) => {
      const q = f.best.get('coinbase')
      return q !== undefined && !q.stale ? [q] : []
    })
    expect(usd.length, 'coinbase quotes').to.be.greaterThan(0)
    for (const q of usd) expect(new Decimal(q.bid).lt(q.ask), `coinbase ${q.bid} / ${q.ask}`).to.equal(true)
    expect(
      merged.every(
        (f) => !/coinbase/.test(f.text.split('\n').find((l) => l.startsWith('merged book')) ?? ''),
      ),
    ).to.equal(true)
    expect(stdout).to.match(/^cross-venue {2}buy bybit sell binance: -?\d/m)

    // The first fault: Bybit drops its sockets, is shown stale, reconnects, and is fresh again.
    const { faultAt, staleAt, backAt } = firstDrop(all)
    expect(faultAt, stdout).to.be.greaterThan(-1)
    expect(staleAt, 'bybit shown stale after the fault').to.be.greaterThan(-1)
    expect(backAt, 'bybit fresh again').to.be.greaterThan(-1)
    expect(stdout).to.contain('bybit connected public (reconnect)')

    // Health: every venue connected and receiving, Bybit counting its reconnect.
    for (const venue of [...VENUES, 'coinbase']) {
      const rates = all.map((f) => f.health.get(venue)).filter((h) => h?.status === 'connected')
      expect(
        rates.some((h) => (h?.messagesPerSecond ?? 0) > 0),
        `${venue} messages/s`,
      ).to.equal(true)
    }
    expect(all[all.length - 1]?.health.get('bybit')?.reconnects).to.be.greaterThan(0)
  })

  it('with --duration, stops by itself and exits 0', async () => {
    const { code, stdout, stderr } = await runExample(['examples/demo.ts', '--duration', '1'], {
      killAfterMs: 60_000,
    })
    expect(code, stderr).to.equal(0)
    expect(stdout).to.contain('stopped, connections closed')
  })

  it('refuses a bad flag with a message and a non-zero exit', async () => {
    const { code, stderr } = await runExample(['examples/demo.ts', '--duration', 'soon'])
    expect(code).to.equal(2)
    expect(stderr).to.contain('--duration takes a number of seconds')
    expect(stderr).to.contain('usage: demo')
    const faults = await runExample(['examples/demo.ts', '--faults-every', '0'])
    expect(faults.code).to.equal(2)
    expect(faults.stderr).to.contain('--faults-every takes a number of seconds')
  })

  it('--live with no way to the venues says which host it cannot reach and why, and exits non-zero', async () => {
    const port = await refusedPort()
    const host = `127.0.0.1:${port}`
    const { code, stderr } = await runExample(['examples/demo.ts', '--live'], {
      env: {
        ...process.env,
        RXVENUE_BYBIT_REST_URL: `http://${host}`,
        RXVENUE_BYBIT_WS_URL: `ws://${host}/v5/public/spot`,
        RXVENUE_BINANCE_REST_URL: `http://${host}`,
        RXVENUE_BINANCE_WS_URL: `ws://${host}`,
        RXVENUE_COINBASE_REST_URL: `http://${host}`,
        RXVENUE_COINBASE_WS_URL: `ws://${host}`,
        // long enough for a refused connection on a busy machine; the deadline, not the test, waits
        RXVENUE_CONNECT_TIMEOUT_MS: '8000',
      },
      killAfterMs: 60_000,
    })
    expect(code).to.equal(1)
    expect(stderr).to.match(new RegExp(`^cannot reach ${host.replace(/\./g, '\\.')}: .*ECONNREFUSED`, 'm'))
  })
})
