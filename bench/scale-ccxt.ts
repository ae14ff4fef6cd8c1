/**
 * The ccxt client of the scale bench: ccxt pro 4.5.84 (pinned in bench/ccxt) with its own connections
 * pointed at the feed: Bybit's public spot URL, Binance's `/ws` base and REST base. Markets are given
 * with `setMarkets` (the feed does not serve ccxt's market-loading endpoints); everything else is ccxt's
 * own: `watchOrderBook` per symbol (Bybit limit 50, Binance its default snapshot of 1000 and its own
 * spread of streams over connections), its subscribe messages, parsing, books and REST throttling.
 * Latency is taken at the subscriber, from the book's `timestamp` (Bybit `ts`, Binance `E`).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ClientContext, ScaleClient } from './scale-types.js'
import type { ScaleSymbol } from './scale-symbols.js'

interface CcxtBook {
  readonly timestamp: number | undefined
}

interface CcxtExchange {
  urls: { api: Record<string, unknown> & { ws: Record<string, unknown> } }
  setMarkets(markets: unknown[]): void
  loadHttpProxyAgent(): Promise<unknown>
  watchOrderBook(symbol: string, limit?: number): Promise<CcxtBook>
  close(): Promise<void>
}

type CcxtModule = { pro: Record<'bybit' | 'binance', new (config?: object) => CcxtExchange> }

/** The unified spot market ccxt builds (the fields its order-book code reads, and the usual ones). */
function market(s: ScaleSymbol): unknown {
  return {
    id: s.venueSymbol,
    lowercaseId: s.lower,
    symbol: s.unified,
    base: s.base,
    quote: s.quote,
    baseId: s.base,
    quoteId: s.quote,
    type: 'spot',
    spot: true,
    margin: false,
    swap: false,
    future: false,
    option: false,
    contract: false,
    active: true,
    taker: 0.001,
    maker: 0.001,
    precision: { amount: 0.000001, price: 0.01 },
    limits: {
      amount: { min: 0.000001, max: 9000 },
      price: { min: 0.01, max: 1000000 },
      cost: { min: 5 },
      leverage: {},
    },
    info: {},
  }
}

/**
 * Starts one watch loop per symbol and venue.
 *
 * @example
 * const client = await startCcxt({ http, ws, symbols, latency, source: 'dist', root })
 */
export async function startCcxt(ctx: ClientContext): Promise<ScaleClient> {
  const entry = join(ctx.root, 'bench', 'ccxt', 'node_modules', 'ccxt', 'js', 'ccxt.js')
  if (!existsSync(entry)) throw new Error('ccxt is not installed: run `npm ci --prefix bench/ccxt` first')
  const ccxt = ((await import(pathToFileURL(entry).href)) as { default: CcxtModule }).default
  const markets = ctx.symbols.map(market)

  const bybit = new ccxt.pro.bybit()
  ;(bybit.urls.api.ws.public as Record<string, string>).spot = `${ctx.ws}/v5/public/spot`
  bybit.setMarkets(markets)
  const binance = new ccxt.pro.binance()
  binance.urls.api.ws.spot = `${ctx.ws}/ws`
  binance.urls.api.public = `${ctx.http}/api/v3`
  binance.setMarkets(markets)
  // ccxt's own step for plain `ws://` URLs in Node: it opens them through an `http.Agent` it loads here
  await Promise.all([bybit.loadHttpProxyAgent(), binance.loadHttpProxyAgent()])

  const latency = ctx.latency
  const seen = new Uint8Array(ctx.symbols.length * 2)
  let synced = 0
  let errors = 0
  let closed = false
  const loop = async (exchange: CcxtExchange, symbol: string, limit: number | undefined, book: number) => {
    while (!closed) {
      try {
        const ob = await exchange.watchOrderBook(symbol, limit)
        latency.record(Date.now() - (ob.timestamp ?? 0))
        if (seen[book] === 0) {
          seen[book] = 1
          synced += 1
        }
      } catch (e) {
        if (closed) return
        errors += 1
        console.error(`ccxt ${symbol}: ${String(e)}`)
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
    }
  }
  const loops = ctx.symbols.flatMap((s, i) => [
    loop(bybit, s.unified, 50, 2 * i),
    loop(binance, s.unified, undefined, 2 * i + 1),
  ])
  return {
    synced: () => synced,
    counters: () => ({ errors }),
    close: async () => {
      closed = true
      await Promise.allSettled([bybit.close(), binance.close()])
      await Promise.race([Promise.allSettled(loops), new Promise((resolve) => setTimeout(resolve, 2000))])
    },
  }
}
