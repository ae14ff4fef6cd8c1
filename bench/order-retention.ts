/**
 * What a long run costs the order manager's read model and the default store: heap held after many
 * finished orders, and the time `openOrders$` takes per order change, with the finished orders kept
 * (`keepFinishedOrders`, default 10 000) and with all kept.
 *
 * ```
 * node --expose-gc --import tsx bench/order-retention.ts [--orders 200000] [--open 50]
 * ```
 *
 * Each order is placed (pending, then new) and then filled, as the manager applies a venue's updates;
 * `--open` orders stay open; in the runs "a fill an order" each filled order has one fill, applied and
 * saved. Heap is measured after a full GC, against the heap before the first order.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { benchFill, benchOrder } from './order-records.js'
import { TradingState } from '../lib/orders/trading-state.js'
import { memoryStore } from '../lib/store/memory-store.js'
import { intOption } from './int-option.js'

const ORDERS = intOption('orders', 200_000)
const OPEN = intOption('open', 50)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')

/** Collects until the heap stops shrinking: one call may leave the previous run's old space behind. */
function fullGc(): void {
  let last = Infinity
  for (let i = 0; i < 10; i++) {
    gc?.()
    const now = process.memoryUsage().heapUsed
    if (now >= last) return
    last = now
  }
}

function run(keep: number | undefined, fills: boolean): { heapMb: number; openUs: number; orderUs: number } {
  fullGc()
  const before = process.memoryUsage().heapUsed
  const store = memoryStore({ keepFinishedOrders: keep ?? Infinity, keepFills: keep ?? Infinity })
  // as the manager makes it: with retention, the store is asked about fills beyond the newest keys
  const model = new TradingState(() => Date.now(), {
    keepFinishedOrders: keep,
    storedFill: keep === undefined ? undefined : (f) => store.hasFill(f),
    keepFillKeys: keep,
  })
  const began = process.hrtime.bigint()
  for (let i = 0; i < ORDERS; i++) {
    for (const status of ['pending-new', 'new', ...(i < OPEN ? [] : ['filled' as const])] as const) {
      const o = benchOrder(i, status)
      model.applyOrder(o)
      store.saveOrder(o)
      if (fills && status === 'filled') {
        const f = benchFill(o)
        model.applyFill(f)
        store.saveFill(f)
      }
    }
  }
  const orderUs = Number(process.hrtime.bigint() - began) / 1e3 / ORDERS
  fullGc()
  const heapMb = (process.memoryUsage().heapUsed - before) / 1e6
  // what openOrders$ does on each change: the open orders now
  const rounds = 200
  const start = process.hrtime.bigint()
  let seen = 0
  for (let r = 0; r < rounds; r++) seen += model.openOrders().length
  const openUs = Number(process.hrtime.bigint() - start) / 1e3 / rounds
  if (seen !== rounds * OPEN) throw new Error(`expected ${OPEN} open orders, saw ${seen / rounds}`)
  return { heapMb, openUs, orderUs }
}

function walkAll(): number {
  const model = new TradingState(() => Date.now())
  for (let i = 0; i < ORDERS; i++) model.applyOrder(benchOrder(i, i < OPEN ? 'new' : 'filled'))
  const rounds = 50
  const start = process.hrtime.bigint()
  for (let r = 0; r < rounds; r++) model.allOrders().filter((o) => o.status === 'new')
  return Number(process.hrtime.bigint() - start) / 1e3 / rounds
}

const VARIANTS = [
  ['all kept:', 'all', 'no-fills'],
  ['last 10 000 kept:', '10000', 'no-fills'],
  ['a fill an order, all kept:', 'all', 'fills'],
  ['a fill an order, last 10 000 kept:', '10000', 'fills'],
] as const

const i = process.argv.indexOf('--variant')
if (i >= 0) {
  // one variant a process: a heap left by an earlier run in the same process would skew the next
  const [, keep, fills] = VARIANTS[Number(process.argv[i + 1])] ?? VARIANTS[0]
  console.log(JSON.stringify(run(keep === 'all' ? undefined : Number(keep), fills === 'fills')))
} else {
  console.log(`${ORDERS.toLocaleString('en')} orders, ${OPEN} open`)
  const self = fileURLToPath(import.meta.url)
  VARIANTS.forEach(([what], v) => {
    const out = execFileSync(process.execPath, [
      ...process.execArgv,
      self,
      ...process.argv.slice(2),
      '--variant',
      String(v),
    ])
    const r = JSON.parse(String(out)) as { heapMb: number; openUs: number; orderUs: number }
    console.log(
      `${what.padEnd(40)} heap ${r.heapMb.toFixed(1)} MB, open orders ${r.openUs.toFixed(1)} µs a change, ` +
        `${r.orderUs.toFixed(1)} µs an order applied and saved`,
    )
  })
  console.log(`a walk over all (as before): ${walkAll().toFixed(0)} µs a change`)
}
