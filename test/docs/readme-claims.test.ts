import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { filter, firstValueFrom, ReplaySubject, skip, type Subscription } from 'rxjs'
import { silentLogger } from '../../lib/core/logging.js'
import type { Ticker } from '../../lib/core/model.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import { createClient } from '../../streams/client.js'

const README = readFileSync('README.md', 'utf8')

/** The README's ticker table: venue → column → yes/no. */
function tickerTable(): Map<string, Record<string, boolean>> {
  const rows = README.split('\n').filter((l) => /^\| `(bybit|binance|coinbase|mock)` +\| (yes|no)/.test(l))
  const out = new Map<string, Record<string, boolean>>()
  for (const row of rows) {
    const cells = row.split('|').slice(1, -1).map((c) => c.trim())
    const yes = (i: number) => (cells[i] ?? '').startsWith('yes')
    out.set(cells[0]!.replaceAll('`', ''), {
      bid: yes(1),
      last: yes(2),
      open24h: yes(3),
      high24h: yes(4),
      volume24h: yes(5),
      quoteVolume24h: yes(6),
    })
  }
  return out
}

const present = (t: Ticker) => ({
  bid: t.bid !== undefined && t.ask !== undefined && t.bidSize !== undefined && t.askSize !== undefined,
  last: t.last !== undefined,
  open24h: t.open24h !== undefined,
  high24h: t.high24h !== undefined && t.low24h !== undefined,
  volume24h: t.volume24h !== undefined,
  quoteVolume24h: t.quoteVolume24h !== undefined,
})

describe('README claims', function () {
  this.timeout(30_000)

  it('names the order manager’s order$ with its venue', () => {
    expect(README).to.not.match(/order\$\(clientOrderId\)/)
    expect(README).to.include('order$(venue, clientOrderId)')
  })

  describe('the ticker table says which fields each venue sets', () => {
    let sim: Simulator
    before(async () => {
      sim = await startSimulator({ venues: ['bybit', 'binance', 'coinbase'], seed: 3, tickMs: 'manual' })
    })
    after(() => sim?.close())

    const cases = [
      { id: 'bybit', symbol: 'BTC/USDT', topic: 'tickers.BTCUSDT' },
      { id: 'binance', symbol: 'BTC/USDT', topic: 'btcusdt@bookTicker' },
      { id: 'coinbase', symbol: 'BTC/USD', topic: 'ticker:BTC-USD' },
    ] as const
    for (const c of cases) {
      it(c.id, async () => {
        const table = tickerTable().get(c.id)
        expect(table, `a row for ${c.id}`).to.not.equal(undefined)
        const client = createClient({ ...sim.clientOptions(), logger: silentLogger })
        const venue = sim.venue(c.id)
        venue.trade({ symbol: c.symbol, side: 'buy', qty: '0.01' }) // a last price and 24 h statistics
        const tickers = new ReplaySubject<Ticker>()
        let received = 0
        const sub: Subscription = client.ticker$(c.id, c.symbol).subscribe((t) => {
          received++
          tickers.next(t)
        })
        await venue.subscribed(c.topic)
        // the first ticker after the market moves (Binance sends none on subscribing)
        const after = tickers.pipe(skip(received))
        venue.step(5, c.symbol)
        const ticker = await firstValueFrom(after)
        sub.unsubscribe()
        await client.close()
        expect(present(ticker)).to.deep.equal(table)
      })
    }

    it('mock', async () => {
      const mock = createMockVenue({ seed: 4, intervalMs: 10 })
      const client = createClient({ drivers: { mock } })
      // once it has traded (it trades by itself), its ticker carries every field
      const ticker = await firstValueFrom(
        client.ticker$('mock', 'BTC/USDT').pipe(filter((t) => t.last !== undefined)),
      )
      await client.close()
      expect(present(ticker)).to.deep.equal(tickerTable().get('mock'))
    })
  })
})
