/**
 * Public market data in a browser: the first Bybit BTC/USDT book, a few trades and the number of listed
 * instruments (a REST call), shown on the page.
 * Bundled for browsers, the package uses `fetch` for REST and the browser's WebSocket, and holds no
 * Node.js built-in.
 *
 *   npx esbuild examples/browser/main.ts --bundle --format=esm --outfile=examples/browser/main.js
 *
 * then serve the folder and open index.html (Bybit's public endpoints), or index.html?rest=…&ws=… for
 * a simulator (`startSimulator` from rxvenue/testing sends CORS headers). With `report=<url>`, the
 * page also POSTs what it saw there as JSON.
 */
import { firstValueFrom, take, toArray } from 'rxjs'
import { createClient } from 'rxvenue'

// the page's own globals, declared here rather than by the DOM library for every file of the project
declare const document: { getElementById(id: string): { textContent: string | null } | null }
declare const location: { readonly search: string }

const params = new URLSearchParams(location.search)
const show = (id: string, text: string): void => {
  const element = document.getElementById(id)
  if (element !== null) element.textContent = text
}

const client = createClient({
  venues: { bybit: { restUrl: params.get('rest') ?? undefined, wsUrl: params.get('ws') ?? undefined } },
})
let seen: Record<string, unknown>
try {
  const [book, trades, instruments] = await Promise.all([
    firstValueFrom(client.orderBook$('bybit', 'BTC/USDT', { depth: 50 })),
    firstValueFrom(client.trades$('bybit', 'BTC/USDT').pipe(take(3), toArray())),
    firstValueFrom(client.instruments$('bybit')),
  ])
  const bid = book.bids[0]?.price.toString()
  const ask = book.asks[0]?.price.toString()
  show('book', `BTC/USDT bid ${bid} ask ${ask} (${book.bids.length} × ${book.asks.length} levels)`)
  show('trades', trades.map((t) => `${t.side} ${t.size.toString()} @ ${t.price.toString()}`).join('\n'))
  show('instruments', `${instruments.length} instruments listed`)
  seen = {
    bid,
    ask,
    levels: book.bids.length + book.asks.length,
    trades: trades.length,
    instruments: instruments.length,
  }
} catch (e) {
  show('book', `failed: ${String(e)}`)
  seen = { error: String(e) }
} finally {
  await client.close()
}
const report = params.get('report')
if (report !== null) await fetch(report, { method: 'POST', body: JSON.stringify(seen) })
