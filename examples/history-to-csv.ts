/**
 * Candle history to CSV: `history.candles` pages through the venue's REST API lazily, one page at a
 * time as rows are written, and each row is written as soon as it arrives. A progress bar on stderr
 * follows the pages (`onProgress`); a start before the venue's first candle is refused, naming it.
 *
 *   node --import tsx examples/history-to-csv.ts                        # last 24 h of 1m candles, simulated Bybit
 *   node --import tsx examples/history-to-csv.ts --interval 1h --from 2024-01-01 --to 2024-02-01 --live
 *   node --import tsx examples/history-to-csv.ts --venue binance --out candles.csv
 */
import { createWriteStream } from 'node:fs'
import { lastValueFrom, tap } from 'rxjs'
import {
  CANDLE_INTERVALS,
  candleOpenAt,
  createClient,
  parseSymbol,
  type Candle,
  type HistoryProgress,
} from 'rxvenue'
import { startSimulator } from 'rxvenue/testing'
import { commandLine, refuse } from './support/cli.js'

const USAGE =
  'usage: history-to-csv [--venue bybit|binance] [--symbol BTC/USDT] [--interval 1m] ' +
  '[--from ISO-date] [--to ISO-date] [--out file.csv] [--live]'

function options() {
  const values = commandLine(USAGE, {
    venue: { type: 'string', default: 'bybit' },
    symbol: { type: 'string', default: 'BTC/USDT' },
    interval: { type: 'string', default: '1m' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    live: { type: 'boolean', default: false },
  })
  const venue = (['bybit', 'binance'] as const).find((v) => v === values.venue)
  if (venue === undefined) throw new Error(`unknown venue ${values.venue}`)
  const { symbol } = parseSymbol(values.symbol)
  const interval = CANDLE_INTERVALS.find((i) => i === values.interval)
  if (interval === undefined) throw new Error(`unknown interval ${values.interval}`)
  // Default range: the last 24 hours of closed candles (the forming one is left out). Given times go
  // to the SDK as typed: it reads ISO 8601 and refuses anything else, naming it.
  const to = values.to ?? candleOpenAt(interval, Date.now())
  const from = values.from ?? (typeof to === 'number' ? to - 24 * 3_600_000 : undefined)
  if (from === undefined) throw new Error('--to needs --from')
  return { ...values, venue, symbol, interval, from, to }
}

let args: ReturnType<typeof options>
try {
  args = options()
} catch (e) {
  refuse(USAGE, e instanceof Error ? e.message : String(e))
}

const sim = args.live ? undefined : await startSimulator({ venues: [args.venue], seed: 7 })
const client = createClient(sim?.clientOptions())
const out = args.out === undefined ? process.stdout : createWriteStream(args.out)

/** A bar on stderr: redrawn in place on a terminal, a line per page otherwise (a log, a pipe). */
function showProgress(p: HistoryProgress): void {
  const width = 30
  const filled = Math.round(p.fraction * width)
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
  const upTo = p.covered === undefined ? '' : ` up to ${p.covered.to.toISOString()}`
  const line = `${bar} ${(p.fraction * 100).toFixed(0).padStart(3)}%  ${p.rows} rows, ${p.pages} pages${upTo}`
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${p.done ? '\n' : ''}`)
  else process.stderr.write(`${line}\n`)
}

// Prices stay exact decimal strings: `toFixed()` never switches to exponent notation.
const row = (c: Candle) =>
  [c.timestamp.toISOString(), c.open, c.high, c.low, c.close, c.volume]
    .map((v) => (typeof v === 'string' ? v : v.toFixed()))
    .join(',')

try {
  out.write('time,open,high,low,close,volume\n')
  const range = { interval: args.interval, from: args.from, to: args.to, onProgress: showProgress }
  await lastValueFrom(
    client.history.candles(args.venue, args.symbol, range).pipe(tap((c) => out.write(row(c) + '\n'))),
    { defaultValue: undefined },
  )
} catch (e) {
  console.error(`history-to-csv: ${e instanceof Error ? e.message : String(e)}`)
  process.exitCode = 1
} finally {
  if (out !== process.stdout) await new Promise<void>((done) => out.end(() => done()))
  await client.close()
  await sim?.close()
}
