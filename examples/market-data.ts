/**
 * Market data with the top-level functions: a few BTC/USDT books and trades from Bybit and Binance, and
 * BTC/USD from Coinbase (quoted in US dollars, not USDT: the SDK names each pair and never converts).
 * No client to make: the functions share a default client on the venues' public endpoints, and
 * `closeDefaultClient()` releases it so the process can exit.
 *
 *   node --import tsx examples/market-data.ts
 */
import { lastValueFrom, map, merge, take, tap } from 'rxjs'
import { closeDefaultClient, orderBook$, trades$, type UnifiedSymbol, type VenueId } from 'rxvenue'
import { commandLine } from './support/cli.js'

// always on the real venues: `--live` is accepted and changes nothing
commandLine('usage: market-data [--live]   (reads the real venues public endpoints)', {
  live: { type: 'boolean' },
})

const show = (venue: VenueId, symbol: UnifiedSymbol) =>
  merge(
    orderBook$(venue, symbol).pipe(
      take(3),
      map(
        (b) =>
          `${venue} ${symbol} book: bid ${b.bids[0]?.price.toString()} ask ${b.asks[0]?.price.toString()}`,
      ),
    ),
    trades$(venue, symbol).pipe(
      take(3),
      map((t) => `${venue} ${symbol} trade: ${t.side} ${t.size.toString()} @ ${t.price.toString()}`),
    ),
  )

await lastValueFrom(
  merge(show('bybit', 'BTC/USDT'), show('binance', 'BTC/USDT'), show('coinbase', 'BTC/USD')).pipe(
    tap((line) => console.log(line)),
  ),
)
await closeDefaultClient()
