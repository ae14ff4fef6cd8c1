import { expect } from 'chai'
import { Decimal } from 'rxvenue'
import { startSimulator } from 'rxvenue/testing'
import { runExample } from './run-example.js'

describe('examples/market-data', function () {
  this.timeout(75_000)

  it('prints books and trades of both venues through the default client pointed at the simulator', async () => {
    const sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 3, tickMs: 20 })
    const topics: string[] = []
    const seen = [
      sim.venue('bybit').events$.subscribe((e) => {
        if (e.type === 'subscribed') topics.push(...e.topics)
      }),
      sim.venue('binance').events$.subscribe((e) => {
        if (e.type === 'subscribed') topics.push(...e.streams)
      }),
    ]
    try {
      const { bybit, binance } = sim.clientOptions().venues
      const { code, stdout, stderr } = await runExample(['examples/market-data.ts'], {
        env: {
          ...process.env,
          RXVENUE_BYBIT_REST_URL: bybit?.restUrl,
          RXVENUE_BYBIT_WS_URL: bybit?.wsUrl,
          RXVENUE_BINANCE_REST_URL: binance?.restUrl,
          RXVENUE_BINANCE_WS_URL: binance?.wsUrl,
        },
      })
      expect(code, stderr).to.equal(0)
      for (const venue of ['bybit', 'binance']) {
        const books = [...stdout.matchAll(new RegExp(`^${venue} book: bid (\\S+) ask (\\S+)$`, 'gm'))]
        expect(books.length, stdout).to.equal(3)
        for (const [, bid, ask] of books) expect(new Decimal(bid!).lt(ask!), `${bid} < ${ask}`).to.equal(true)
        const trades = [...stdout.matchAll(new RegExp(`^${venue} trade: (buy|sell) (\\S+) @ (\\S+)$`, 'gm'))]
        expect(trades.length, stdout).to.equal(3)
        for (const [, , size, price] of trades) {
          expect(new Decimal(size!).gt(0)).to.equal(true)
          expect(new Decimal(price!).gt(0)).to.equal(true)
        }
      }
      // The environment, not the real venues, decided where the default client went.
      expect(
        topics.some((t) => t.startsWith('orderbook.') && t.endsWith('.BTCUSDT')),
        String(topics),
      ).to.equal(true)
      expect(topics).to.include('btcusdt@trade')
    } finally {
      for (const s of seen) s.unsubscribe()
      await sim.close()
    }
  })
})
