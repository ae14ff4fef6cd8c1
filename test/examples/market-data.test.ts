import { expect } from 'chai'
import { Decimal } from 'rxvenue'
import { startSimulator } from 'rxvenue/testing'
import { runExample } from './run-example.js'

describe('examples/market-data', function () {
  this.timeout(75_000)

  it('prints books and trades of every venue through the default client pointed at the simulator', async () => {
    const sim = await startSimulator({ venues: ['bybit', 'binance', 'coinbase'], seed: 3, tickMs: 20 })
    const topics: string[] = []
    const seen = [
      sim.venue('bybit').events$.subscribe((e) => {
        if (e.type === 'subscribed') topics.push(...e.topics)
      }),
      sim.venue('binance').events$.subscribe((e) => {
        if (e.type === 'subscribed') topics.push(...e.streams)
      }),
      sim.venue('coinbase').events$.subscribe((e) => {
        if (e.type === 'subscribed') topics.push(...e.topics)
      }),
    ]
    try {
      const { bybit, binance, coinbase } = sim.clientOptions().venues
      const { code, stdout, stderr } = await runExample(['examples/market-data.ts'], {
        env: {
          ...process.env,
          RXVENUE_BYBIT_REST_URL: bybit?.restUrl,
          RXVENUE_BYBIT_WS_URL: bybit?.wsUrl,
          RXVENUE_BINANCE_REST_URL: binance?.restUrl,
          RXVENUE_BINANCE_WS_URL: binance?.wsUrl,
          RXVENUE_COINBASE_REST_URL: coinbase?.restUrl,
          RXVENUE_COINBASE_WS_URL: coinbase?.wsUrl,
        },
      })
      expect(code, stderr).to.equal(0)
      for (const [venue, symbol] of [
        ['bybit', 'BTC/USDT'],
        ['binance', 'BTC/USDT'],
        ['coinbase', 'BTC/USD'],
      ]) {
        const books = [
          ...stdout.matchAll(new RegExp(`^${venue} ${symbol} book: bid (\\S+) ask (\\S+)$`, 'gm')),
        ]
        expect(books.length, stdout).to.equal(3)
        for (const [, bid, ask] of books) expect(new Decimal(bid!).lt(ask!), `${bid} < ${ask}`).to.equal(true)
        const trades = [
          ...stdout.matchAll(new RegExp(`^${venue} ${symbol} trade: (buy|sell) (\\S+) @ (\\S+)$`, 'gm')),
        ]
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
      expect(topics).to.include('level2:BTC-USD')
    } finally {
      for (const s of seen) s.unsubscribe()
      await sim.close()
    }
  })
})
