/**
 * The floor of the scale bench: `ws` and `JSON.parse` on the connections and topics rxvenue uses (one
 * Bybit public connection; one Binance combined-stream connection naming streams in its URL, the rest
 * by SUBSCRIBE), latency taken right after the parse. No book, no validation.
 */
import WebSocket from 'ws'
import type { ClientContext, ScaleClient } from './scale-types.js'

const BYBIT_MAX_ARGS = 10
const BINANCE_MAX_URL = 4000
const BINANCE_MAX_PARAMS = 200

/**
 * Opens both connections and subscribes every symbol.
 *
 * @example
 * const client = await startBare({ http, ws, symbols, latency, source: 'dist', root })
 * client.synced() // topics that have delivered
 */
export async function startBare(ctx: ClientContext): Promise<ScaleClient> {
  const latency = ctx.latency
  const seen = new Set<string>()
  const books = ctx.symbols.length * 2
  let errors = 0

  const bybit = new WebSocket(`${ctx.ws}/v5/public/spot`)
  bybit.on('open', () => {
    const topics = ctx.symbols.map((s) => `orderbook.50.${s.venueSymbol}`)
    for (let i = 0; i < topics.length; i += BYBIT_MAX_ARGS) {
      const args = topics.slice(i, i + BYBIT_MAX_ARGS)
      bybit.send(JSON.stringify({ req_id: String(i), op: 'subscribe', args }))
    }
  })
  bybit.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as { topic?: string; ts: number; type: string }
    if (m.topic === undefined) return
    latency.record(Date.now() - m.ts)
    if (seen.size < books && m.type === 'snapshot') seen.add(m.topic)
  })

  const names = ctx.symbols.map((s) => `${s.lower}@depth@100ms`)
  let url = `${ctx.ws}/stream?streams=`
  let named = 0
  while (named < names.length && url.length + (names[named] as string).length + 1 <= BINANCE_MAX_URL) {
    url += (named === 0 ? '' : '/') + (names[named] as string)
    named += 1
  }
  const binance = new WebSocket(url)
  binance.on('open', () => {
    for (let i = named; i < names.length; i += BINANCE_MAX_PARAMS) {
      binance.send(
        JSON.stringify({ method: 'SUBSCRIBE', params: names.slice(i, i + BINANCE_MAX_PARAMS), id: i }),
      )
    }
  })
  binance.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString()) as { stream?: string; data: { E: number } }
    if (m.stream === undefined) return
    latency.record(Date.now() - m.data.E)
    if (seen.size < books) seen.add(m.stream)
  })
  for (const ws of [bybit, binance]) {
    ws.on('error', (e) => {
      errors += 1
      console.error(`bare: ${e.message}`)
    })
  }
  await Promise.all([bybit, binance].map((ws) => new Promise((resolve) => ws.once('open', resolve))))
  return {
    synced: () => seen.size,
    counters: () => ({ errors }),
    close: async () => {
      for (const ws of [bybit, binance]) ws.terminate()
      await Promise.resolve()
    },
  }
}
