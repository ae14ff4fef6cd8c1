/**
 * Runs the order manager on the Bybit and Binance simulators (or, with `--venues`, Coinbase and Prime;
 * markets moving) for a long stretch with seeded random orders, cancels, amends, fills, cancel-alls and
 * kill switches between seeded faults (dropped sockets, silences, lost and spoiled answers, 429s and
 * 5xx, clock steps), checking as it goes and at the end (see `scripts/trading-soak-core.ts`), and
 * reports. Exits 1 when a check failed.
 *
 *   npm run trading:soak                                  # 10 minutes, both venues
 *   npm run trading:soak -- --minutes 1 --seed 7 --venues bybit
 *   npm run trading:soak -- --minutes 2 --venues coinbase,prime          # BTC/USD there
 */
import { createOrderManager, type OrderManager } from '../lib/orders/index.js'
import { memoryStore } from '../lib/store/index.js'
import { startSimulator, type Simulator } from '../lib/testing/index.js'
import { createClient, type Client } from '../streams/client.js'
import { commandLine, refuse } from '../examples/support/cli.js'
import { errorLog, soakAbsentAfterMs, soakClientOptions, soakSimulatorOptions } from './trading-soak-setup.js'
import { runTradingSoak, summary } from './trading-soak-core.js'
import { LEDGER_VENUES, symbolOf, type LedgerVenue } from './trading-ledger.js'

const USAGE = 'usage: trading-soak [--minutes n] [--seed integer] [--venues bybit,binance,coinbase,prime]'
const values = commandLine(USAGE, {
  minutes: { type: 'string', default: '10' },
  seed: { type: 'string', default: '42' },
  venues: { type: 'string', default: 'bybit,binance' },
})
const minutes = Number(values.minutes)
if (!(minutes > 0)) refuse(USAGE, '--minutes takes a number > 0')
const seed = Number(values.seed)
if (!Number.isInteger(seed)) refuse(USAGE, '--seed takes an integer')
const venues = values.venues.split(',') as LedgerVenue[]
if (venues.length === 0 || venues.some((v) => !LEDGER_VENUES.includes(v))) {
  refuse(USAGE, `--venues takes ${LEDGER_VENUES.join(', ')}, comma-separated`)
}
const ABSENT_AFTER_MS = soakAbsentAfterMs(venues)

const errors = errorLog()
let sim: Simulator | undefined = await startSimulator(soakSimulatorOptions(venues, seed))
let client: Client | undefined = createClient(soakClientOptions(sim, venues, errors.logger))
// the store and the read model keep the open orders, the last 500 finished and 500 fills whole: a long
// run must not grow
let manager: OrderManager | undefined = createOrderManager({
  client,
  store: memoryStore({ keepFinishedOrders: 500, keepFills: 500 }),
  venues,
  markets: venues.map((v) => [v, symbolOf(v)] as const),
  risk: { killSwitch: { cancelOpenOrders: true } },
  absentAfterMs: ABSENT_AFTER_MS,
  keepFinishedOrders: 500,
  logger: errors.logger,
})
const report = await runTradingSoak({
  sim,
  client,
  manager,
  venues,
  seed,
  durationMs: minutes * 60_000,
  absentAfterMs: ABSENT_AFTER_MS,
  log: (line) => console.error(line),
  trace: process.env['SOAK_TRACE'] ? (line) => console.error(line) : undefined,
})
// the simulators keep every order, fill and trade of the run in the same heap: what closing and dropping
// the manager and client frees, then the simulators, tells their shares apart (what stays is neither's)
// (a few turns of the event loop first: sockets finish their closing handshakes after `close()`)
const gc = (globalThis as { gc?: () => void }).gc
const heapNow = async () => {
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    gc?.()
  }
  return process.memoryUsage().heapUsed / 2 ** 20
}
const atEnd = await heapNow()
await manager.close()
await client.close()
manager = undefined
client = undefined
const simulatorsOnly = await heapNow()
await sim.close()
sim = undefined
const neither = await heapNow()
const sdkAtEnd = atEnd - simulatorsOnly

const heap = report.heapMb
const first = heap.find((h) => h.atMs >= 55_000) ?? heap[0]
const end = heap[heap.length - 1]
const heapLine =
  first === undefined || end === undefined
    ? 'n/a (run node with --expose-gc)'
    : `${first.mb.toFixed(1)} MB after ${(first.atMs / 60_000).toFixed(1)} min, ${end.mb.toFixed(1)} MB at the end (${heap.map((h) => h.mb.toFixed(0)).join(' ')})`
// the simulators keep every order, fill and trade of the run in the same heap, so the whole heap grows
// with the run's length by design; what the SDK holds is what closing and dropping the manager and
// client frees: its caps (500 finished orders and fills here, the drivers' order trackers, the books)
// bound it, however long the run
const SDK_HEAP_MB = 32
const grew = gc !== undefined && sdkAtEnd > SDK_HEAP_MB
const errorLines = [...new Set(errors.lines)]
const failures = [
  ...report.failures,
  ...errorLines.map((line) => `logged an error: ${line}`),
  ...(grew
    ? [`the manager and client held ${sdkAtEnd.toFixed(1)} MB at the end (at most ${SDK_HEAP_MB})`]
    : []),
  ...(report.loopDelayMs.p99 > 100 ? [`event-loop delay p99 ${report.loopDelayMs.p99.toFixed(0)} ms`] : []),
]
console.log(
  [
    `trading soak: ${minutes} min, seed ${seed}, venues ${venues.join(',')}, ran ${(report.ranMs / 1000).toFixed(0)} s`,
    `actions and faults             ${summary(report.counts)}`,
    `open-order comparisons         ${report.comparisons} (slowest ${report.slowestCheckMs.toFixed(1)} ms)`,
    `errors logged                  ${errors.lines.length}`,
    ...report.positions.map((p) => `position                       ${p}`),
    `event-loop delay               max ${report.loopDelayMs.max.toFixed(1)} ms, p99 ${report.loopDelayMs.p99.toFixed(1)} ms, mean ${report.loopDelayMs.mean.toFixed(1)} ms`,
    `heap after GC                  ${heapLine}`,
    `heap freed at the end          ${sdkAtEnd.toFixed(1)} MB closing and dropping the manager and client, ${(simulatorsOnly - neither).toFixed(1)} MB the simulators; ${neither.toFixed(1)} MB still held (compiled code and module sources: scripts/close-cycles.ts shows nothing of a closed client or simulator reachable)`,
    `checks                         ${failures.length === 0 ? 'all passed' : `${failures.length} failed`}`,
  ].join('\n'),
)
for (const f of failures) console.error(`FAIL: ${f}`)
process.exitCode = failures.length > 0 ? 1 : 0
