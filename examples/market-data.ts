/**
 * Market data with the top-level functions: a few BTC/USDT books and trades from Bybit and Binance.
 * No client to make: the functions share a default client on the venues' public endpoints, and
 * `closeDefaultClient()` releases it so the process can exit.
 *
 *   node --import tsx examples/market-data.ts
 */
import { lastValueFrom, map, merge, take, tap } from 'rxjs'
import { closeDefaultClient, orderBook$, trades$, type VenueId } from 'rxvenue'

const show = (venue: VenueId) =>
  merge(
    orderBook$(venue, 'BTC/USDT').pipe(
      take(3),
      map((b) => `${venue} book: bid ${b.bids[0]?.price.toString()} ask ${b.asks[0]?.price.toString()}`),
    ),
    trades$(venue, 'BTC/USDT').pipe(
      take(3),
      map((t) => `${venue} trade: ${t.side} ${t.size.toString()} @ ${t.price.toString()}`),
    ),
  )

await lastValueFrom(merge(show('bybit'), show('binance')).pipe(tap((line) => console.log(line))))
await closeDefaultClient()
