/**
 * The rxvenue client of the scale bench: one `createClient` pointed at the feed, one `orderBook$` per
 * symbol and venue (Bybit depth 50, Binance the default), latency taken at the subscriber from the
 * view's venue timestamp (Bybit `ts`, Binance `E`: the feed's send time).
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Subscription } from 'rxjs'
import type * as Rxvenue from '../index.js'
import type { ClientContext, ScaleClient } from './scale-types.js'

/**
 * Starts the client: `source` `dist` loads the build (`npm run build`), `src` the TypeScript sources.
 *
 * @example
 * const client = await startRxvenue({ http, ws, symbols, latency, source: 'dist', root })
 * client.synced() // books that have shown a view
 */
export async function startRxvenue(ctx: ClientContext): Promise<ScaleClient> {
  const entry = ctx.source === 'dist' ? join(ctx.root, 'dist', 'esm', 'index.js') : join(ctx.root, 'index.ts')
  const rx = (await import(pathToFileURL(entry).href)) as typeof Rxvenue
  const client = rx.createClient({
    venues: {
      bybit: { restUrl: ctx.http, wsUrl: `${ctx.ws}/v5/public/spot` },
      binance: { restUrl: ctx.http, wsUrl: ctx.ws },
    },
  })
  const latency = ctx.latency
  const seen = new Uint8Array(ctx.symbols.length * 2)
  let synced = 0
  let resyncs = 0
  let errors = 0
  const subs: Subscription[] = [
    client.events$().subscribe((e) => {
      if (e.type === 'resync') resyncs += 1
    }),
  ]
  const watch = (book: number) => ({
    next: (view: Rxvenue.OrderBook): void => {
      const raw = view.rawTimestamp
      latency.record(Date.now() - (typeof raw === 'number' ? raw : view.timestamp.getTime()))
      if (seen[book] === 0) {
        seen[book] = 1
        synced += 1
      }
    },
    error: (e: unknown): void => {
      errors += 1
      console.error(`rxvenue book ${book}: ${String(e)}`)
    },
  })
  ctx.symbols.forEach((s, i) => {
    subs.push(client.orderBook$('bybit', s.unified, { depth: 50 }).subscribe(watch(2 * i)))
    subs.push(client.orderBook$('binance', s.unified).subscribe(watch(2 * i + 1)))
  })
  return {
    synced: () => synced,
    counters: () => ({ resyncs, errors }),
    close: async () => {
      for (const s of subs) s.unsubscribe()
      await client.close()
    },
  }
}
