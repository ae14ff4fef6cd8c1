/**
 * What a start-up costs on a SQLite store that holds a long history: the time `load()` takes and the
 * heap its contents hold, and the time `hasFill` takes for a fill not read.
 *
 * ```
 * node --expose-gc --import tsx bench/sqlite-load.ts [--orders 100000] [--open 50]
 * ```
 *
 * Each order is saved finished (`--open` of them open) with one fill, in one database in a temporary
 * folder (needs better-sqlite3, a devDependency). Heap is measured after a full GC.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Order } from '../lib/core/model.js'
import { sqliteStore } from '../lib/store/index.js'
import { intOption } from './int-option.js'
import { benchFill, benchOrder } from './order-records.js'

const ORDERS = intOption('orders', 100_000)
const OPEN = intOption('open', 50)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')

const heapMb = (): number => {
  for (let i = 0; i < 4; i++) gc?.()
  return process.memoryUsage().heapUsed / 1e6
}

/** The i-th order: filled, or open for the last `--open`. */
const order = (i: number): Order => benchOrder(i, i >= ORDERS - OPEN ? 'new' : 'filled')

const dir = mkdtempSync(join(tmpdir(), 'rxvenue-sqlite-load-'))
try {
  const path = join(dir, 'orders.db')
  const writer = sqliteStore(path)
  await writer.load()
  const first = benchFill(order(0))
  for (let i = 0; i < ORDERS; i++) {
    const o = order(i)
    await writer.saveOrder(o)
    if (o.status === 'filled') await writer.saveFill(benchFill(o))
  }
  await writer.close()

  const before = heapMb()
  const store = sqliteStore(path)
  const began = process.hrtime.bigint()
  const contents = await store.load()
  const loadMs = Number(process.hrtime.bigint() - began) / 1e6
  const held = heapMb() - before
  const rounds = 10_000
  const asked = process.hrtime.bigint()
  let known = 0
  for (let i = 0; i < rounds; i++) if (store.hasFill?.(first)) known++
  const hasFillUs = Number(process.hrtime.bigint() - asked) / 1e3 / rounds
  if (known !== rounds) throw new Error('the first fill is not known')
  console.log(
    `${ORDERS.toLocaleString('en')} orders and fills stored: load() ${loadMs.toFixed(0)} ms, ` +
      `${contents.orders.length.toLocaleString('en')} orders and ${contents.fills.length.toLocaleString('en')} fills read, ` +
      `${held.toFixed(1)} MB held; hasFill of a fill not read ${hasFillUs.toFixed(1)} µs`,
  )
  await store.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
