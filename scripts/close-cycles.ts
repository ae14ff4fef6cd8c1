/**
 * Does anything stay reachable after `close()`? Runs cycles of: start the simulators, point a client at
 * them, watch books, trades and the account streams, place and cancel a few orders through the order
 * manager (memoryStore), fill one, accept a quote where the venue quotes, close the manager, the client
 * and the simulators, and drop every reference. After each cycle it collects garbage and prints the
 * heap used, the active handles and which of the cycle's objects (each watched through a `WeakRef`: the
 * simulators, the client, its drivers and trading surfaces, the manager, its store and read model, the
 * last values the streams gave) are still reachable. A library that frees what it held shows a flat
 * heap after the first few cycles (the first ones compile code) and nothing still reachable.
 *
 *   node --expose-gc --import tsx scripts/close-cycles.ts [--cycles 20] [--mode cex|desks|both] [--json]
 *
 * `cex`: the Bybit and Binance simulators; `desks`: Coinbase, Prime and FalconX. `--json` prints one JSON
 * line (the samples) instead of the table. Exits 1 when an object of a cycle was still reachable or a
 * handle was left open after it.
 */
import { firstValueFrom, filter, Subscription, take, timeout, type Observable } from 'rxjs'
import { Decimal } from '../lib/core/decimal.js'
import { silentLogger } from '../lib/core/logging.js'
import type { Instrument, VenueId } from '../lib/core/model.js'
import { hasRfq } from '../lib/venues/contract/index.js'
import { createOrderManager, type OrderManager } from '../lib/orders/index.js'
import { memoryStore } from '../lib/store/index.js'
import { startSimulator, type SimulatedVenue } from '../lib/testing/index.js'
import { createClient, type Client } from '../streams/client.js'
import { commandLine, refuse } from '../examples/support/cli.js'

const MODES = {
  cex: ['bybit', 'binance'],
  desks: ['coinbase', 'prime', 'falconx'],
} as const satisfies Record<string, readonly SimulatedVenue[]>
type Mode = keyof typeof MODES

const USAGE = 'usage: close-cycles [--cycles n] [--mode cex|desks|both] [--json]'
const values = commandLine(USAGE, {
  cycles: { type: 'string', default: '20' },
  mode: { type: 'string', default: 'both' },
  json: { type: 'boolean', default: false },
})
const cycles = Number(values.cycles)
if (!Number.isInteger(cycles) || cycles < 1) refuse(USAGE, '--cycles takes an integer ≥ 1')
const modes: Mode[] =
  values.mode === 'both'
    ? ['cex', 'desks']
    : values.mode === 'cex' || values.mode === 'desks'
      ? [values.mode]
      : []
if (modes.length === 0) refuse(USAGE, '--mode takes cex, desks or both')
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) refuse(USAGE, 'run node with --expose-gc')

/** A value within `ms`, or an error naming what did not come. */
const within = <T>(what: string, source: Observable<T>, ms = 10_000): Promise<T> =>
  firstValueFrom(source.pipe(timeout({ first: ms, with: () => Promise.reject(new Error(`no ${what}`)) })))

/** The market a venue's simulator lists first among the usual ones. */
async function market(client: Client, venue: VenueId): Promise<Instrument> {
  const all = await within(`${venue} instruments`, client.instruments$(venue))
  const found = ['BTC/USDT', 'BTC/USD'].map((s) => all.find((i) => i.symbol === s)).find((i) => i) ?? all[0]
  if (found === undefined) throw new Error(`${venue} lists no instrument`)
  return found
}

/** The smallest quantity on the venue's grid worth at least 10 in quote currency at `price`. */
function smallest(instrument: Instrument, price: Decimal): Decimal {
  const least = Decimal.max(instrument.minSize, instrument.lotSize, new Decimal(10).div(price))
  return least.div(instrument.lotSize).ceil().times(instrument.lotSize)
}

/** Registers an object of a cycle, by name, to be looked for once the cycle is over. */
type Track = (name: string, value: object) => void

/** One cycle: simulators, client, streams, orders through the manager, then everything closed. */
async function cycle(mode: Mode, n: number, track: Track): Promise<void> {
  const venues = MODES[mode]
  const sim = await startSimulator({ venues, seed: 11 + n, tickMs: 20 })
  const client = createClient({ ...sim.clientOptions(), logger: silentLogger })
  const store = memoryStore()
  const watched = new Subscription()
  let manager: OrderManager | undefined
  track('simulator', sim)
  track('client', client)
  track('store', store)
  try {
    const traded = venues.filter((v) => v !== 'falconx')
    const markets = new Map<VenueId, Instrument>()
    for (const v of venues) markets.set(v, await market(client, v))
    const instrumentOf = (v: VenueId): Instrument => {
      const found = markets.get(v)
      if (found === undefined) throw new Error(`no market of ${v}`)
      return found
    }
    manager = createOrderManager({
      client,
      store,
      venues,
      markets: traded.map((v) => [v, instrumentOf(v).symbol] as const),
      logger: silentLogger,
    })
    track('manager', manager)
    track('manager.state', manager.state)
    await manager.ready()
    for (const v of venues) {
      const { symbol } = instrumentOf(v)
      const account = client.account(v)
      track(`${v} simulator`, sim.venue(v))
      track(`${v} driver`, client.venue(v))
      track(`${v} account`, account)
      const last = (what: string) => (value: object) => track(`${v} last ${what}`, value)
      watched.add(account.orderUpdates$().subscribe(last('order update')))
      watched.add(account.fills$().subscribe(last('fill')))
      watched.add(account.balanceUpdates$().subscribe(last('balance update')))
      const { marketData } = client.venue(v).capabilities
      if (marketData.book) watched.add(client.orderBook$(v, symbol).subscribe(last('book')))
      if (marketData.trades) watched.add(client.trades$(v, symbol).subscribe(last('trade')))
    }
    watched.add(manager.orders$().subscribe((all) => track('manager last orders', all)))
    watched.add(manager.pnl$().subscribe((pnl) => track('manager last pnl', pnl)))
    watched.add(client.events$().subscribe((e) => track('last client event', e)))
    for (const v of traded) {
      const instrument = instrumentOf(v)
      const book = await within(
        `${v} book`,
        client.orderBook$(v, instrument.symbol).pipe(filter((b) => b.bids.length > 0)),
      )
      const bid = book.bids[0]?.price
      if (bid === undefined) throw new Error(`${v}: no bid`)
      for (let i = 0; i < 3; i++) {
        // far under the touch, so it rests; at least the venue's smallest size and 10 in quote value
        const price = bid.minus(instrument.tickSize.times(100 + i))
        const quantity = smallest(instrument, price)
        const request = { symbol: instrument.symbol, side: 'buy', type: 'limit', price, quantity } as const
        const placed = await within(
          `${v} placement`,
          manager.place(v, { ...request, clientOrderId: `cycle-${n}-${v}-${i}` }),
        )
        track(`${v} placed order`, placed)
        track(`${v} canceled order`, await within(`${v} cancel`, manager.cancel(v, placed.clientOrderId)))
      }
      // and one that fills: a position and PnL in the manager
      const id = `cycle-${n}-${v}-market`
      const filled = within(
        `${v} fill`,
        manager.fills$().pipe(filter((f) => f.venue === v && f.clientOrderId === id)),
      )
      filled.catch(() => undefined) // awaited below, once placed
      const quantity = smallest(instrument, bid)
      await within(
        `${v} market order`,
        manager.place(v, {
          symbol: instrument.symbol,
          side: 'buy',
          type: 'market',
          quantity,
          clientOrderId: id,
        }),
      )
      track(`${v} fill`, await filled)
    }
    // a quote asked for and accepted, where the venue quotes: a fill the manager counts as any other
    for (const v of venues) {
      const driver = client.venue(v)
      if (!hasRfq(driver)) continue
      const request = { symbol: instrumentOf(v).symbol, side: 'buy', quantity: new Decimal('0.01') } as const
      const quote = await within(`${v} quote`, driver.rfq.quote$(request))
      track(`${v} quote`, quote)
      track(`${v} execution`, await within(`${v} accept`, driver.rfq.accept(quote, 'buy')))
    }
    // the manager has heard of each cancel on the streams too
    await within(
      'every order finished',
      manager.openOrders$().pipe(
        filter((open) => open.length === 0),
        take(1),
      ),
    )
  } finally {
    watched.unsubscribe()
    await manager?.close()
    await client.close()
    await sim.close()
  }
}

interface Sample {
  readonly mode: Mode
  readonly cycle: number
  readonly heapMb: number
  /** Active resources (`process.getActiveResourcesInfo()`) by kind, after the cycle. */
  readonly resources: Readonly<Record<string, number>>
  /** The cycle's objects looked for, by name. */
  readonly tracked: readonly string[]
  /** Those still reachable once the cycle is over and garbage was collected. */
  readonly reachable: readonly string[]
}

/** Heap used after a few full collections, with turns of the event loop between them, MB. */
async function settledHeapMb(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    gc?.()
  }
  return process.memoryUsage().heapUsed / 2 ** 20
}

/** The active resources by kind: `{ TCPWrap: 2, Timeout: 1 }`. */
function activeResources(): Record<string, number> {
  const kinds: Record<string, number> = {}
  for (const r of process.getActiveResourcesInfo()) kinds[r] = (kinds[r] ?? 0) + 1
  return kinds
}
const describeResources = (r: Readonly<Record<string, number>>) =>
  Object.entries(r)
    .map(([k, c]) => `${k} ${c}`)
    .join(', ')

// the process's own pipes exist from their first use: use them before the baseline
process.stdout.write('')
process.stderr.write('')
const baselineMb = await settledHeapMb()
const baselineResources = activeResources()
const samples: Sample[] = []
for (const mode of modes) {
  for (let n = 1; n <= cycles; n++) {
    const refs = new Map<string, WeakRef<object>>()
    await cycle(mode, n, (name, value) => refs.set(name, new WeakRef(value)))
    const heapMb = await settledHeapMb()
    const reachable = [...refs].filter(([, ref]) => ref.deref() !== undefined).map(([name]) => name)
    samples.push({
      mode,
      cycle: n,
      heapMb,
      resources: activeResources(),
      tracked: [...refs.keys()],
      reachable,
    })
    if (!values.json) process.stderr.write(`${mode} ${n}: ${heapMb.toFixed(2)} MB\n`)
  }
}
const leftOpen = samples.filter(
  (s) => describeResources(s.resources) !== describeResources(baselineResources),
)
const kept = samples.filter((s) => s.reachable.length > 0)

if (values.json) {
  process.stdout.write(`${JSON.stringify({ baselineMb, baselineResources, samples })}\n`)
} else {
  const lines = [
    `before the first cycle: heap ${baselineMb.toFixed(2)} MB, active resources ${describeResources(baselineResources) || 'none'}`,
    'mode   cycle  heap MB   Δ prev  active resources   still reachable',
  ]
  let previous: number | undefined
  for (const s of samples) {
    const delta = previous === undefined ? '' : (s.heapMb - previous).toFixed(2)
    const cells = [
      s.mode.padEnd(6),
      String(s.cycle).padStart(5),
      s.heapMb.toFixed(2).padStart(8),
      delta.padStart(7),
      (describeResources(s.resources) || 'none').padEnd(17),
      s.reachable.join(', ') || 'nothing',
    ]
    lines.push(cells.join('  '))
    previous = s.heapMb
  }
  for (const mode of modes) {
    const of = samples.filter((s) => s.mode === mode)
    const k = Math.max(1, Math.floor(of.length / 2))
    const heapAt = (c: number) => of.find((s) => s.cycle === c)?.heapMb ?? Number.NaN
    const last = of.length
    const perCycle = (heapAt(last) - heapAt(k)) / (last - k || 1)
    lines.push(
      `${mode}: cycle ${k} ${heapAt(k).toFixed(2)} MB, cycle ${last} ${heapAt(last).toFixed(2)} MB, ${(perCycle * 1024).toFixed(0)} KB a cycle`,
    )
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}
if (leftOpen.length > 0) process.exit(1) // what was left open would keep the process running
if (kept.length > 0) process.exitCode = 1
