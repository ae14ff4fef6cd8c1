/**
 * The Coinbase `level2` book path against `JSON.parse`: a seeded snapshot frame of about 5 MB (tens of
 * thousands of levels a side, laid out exactly as `ws-level2-snapshot.json`, one line as the venue
 * sends it) and update frames shaped like `ws-level2-update.thirdparty-nautilus.json`.
 *
 * - `parse`: `JSON.parse` of the frame and nothing else, the floor of any JavaScript client.
 * - `ours`: what the driver does per frame: `decodeCoinbaseFrame` (the single-pass reader, every price
 *   and size checked), a `TextBookChange` and `L2Book.applyChange` (the rule `coinbaseSequence`, no
 *   depth limit), then `view(10)` as `orderBook$(…, { depth: 10 })` takes it.
 * - `ours-json`: the same with a blank in front of each frame, which the reader leaves to `JSON.parse`
 *   and the io-ts codec: what a frame in another layout costs.
 * - first snapshot: the first big snapshot of a process whose code was warmed on small ones, each
 *   variant in processes of its own: what a driver meets, with no other variant's garbage in the heap.
 * - `block`: the event loop held by one snapshot frame through the whole driver (`createCoinbaseVenue`
 *   on a WebSocket stand-in, the kit's `orderBook$` at depth 10): from the frame's arrival to the view.
 *
 * Before timing, the book after the snapshot and after every update is checked against a `Map`
 * reference built from the generator's own levels, string for string. Rounds take the variants in
 * rotating order; a snapshot variant's sample is the median of the last three of five runs back to back
 * (the first two pay for the garbage the previous variant left). Garbage collection is in every figure.
 *
 * ```
 * node --import tsx bench/coinbase-book.ts [--levels 25000] [--updates 100000] [--rounds 7] [--seed 5]
 * ```
 */
import { performance } from 'node:perf_hooks'
import { spawnSync } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { of } from 'rxjs'
import { L2Book } from '../lib/book/l2-book.js'
import { TextBookChange } from '../lib/book/text-book-change.js'
import { silentLogger } from '../lib/core/logging.js'
import type { OrderBook } from '../lib/core/model.js'
import type { WebSocketCtor } from '../lib/transport/socket.js'
import type { CoinbaseBookFrame } from '../lib/venues/coinbase/book-frame.js'
import { createCoinbaseVenue } from '../lib/venues/coinbase/driver.js'
import { decodeCoinbaseFrame } from '../lib/venues/coinbase/socket-codecs.js'
import { coinbaseSequence } from '../lib/venues/coinbase/spec.js'
import { orderBook$ } from '../lib/venues/kit/book-stream.js'
import { makeRng, randInt, type Rng } from './frames.js'

/** One timed piece of work: wall-clock and CPU ms. */
interface Sample {
  readonly wall: number
  readonly cpu: number
}

/** One side of the generator's book: price ticks (0.01) to size units (1e-8). */
type Side = Map<number, number>

const price = (ticks: number, fixed: boolean): string => {
  const whole = Math.floor(ticks / 100)
  const cents = String(ticks % 100).padStart(2, '0')
  return fixed ? `${whole}.${cents}` : cents === '00' ? String(whole) : `${whole}.${cents.replace(/0$/, '')}`
}

const size = (units: number, fixed: boolean): string => {
  const whole = Math.floor(units / 1e8)
  const frac = String(units % 1e8).padStart(8, '0')
  if (fixed) return `${whole}.${frac}`
  const trimmed = frac.replace(/0+$/, '')
  return trimmed === '' ? String(whole) : `${whole}.${trimmed}`
}

const envelope = (sequence: number, time: string, type: string, updates: string): string =>
  `{"channel":"l2_data","client_id":"","timestamp":"${time}","sequence_num":${sequence},"events":[{"type":"${type}","product_id":"BTC-USD","updates":[${updates}]}]}`

const level = (side: 'bid' | 'offer', time: string, p: string, s: string): string =>
  `{"side":"${side}","event_time":"${time}","price_level":"${p}","new_quantity":"${s}"}`

/** The frames: a snapshot of `levels` a side, then `updates` deltas of 1–10 changes a side (30% deletes). */
export function coinbaseFrames(seed: number, levels: number, updates: number) {
  const rng: Rng = makeRng(seed)
  const bids: Side = new Map()
  const asks: Side = new Map()
  const best = 6_500_000
  for (let i = 0, t = best; i < levels; i++, t -= randInt(rng, 1, 3))
    bids.set(t, randInt(rng, 1, 200_000_000))
  for (let i = 0, t = best + 1; i < levels; i++, t += randInt(rng, 1, 3))
    asks.set(t, randInt(rng, 1, 200_000_000))
  const sorted = (side: Side, desc: boolean) => [...side.keys()].sort((a, b) => (desc ? b - a : a - b))
  const snapshotTime = '1970-01-01T00:00:00Z'
  const snapshot = envelope(
    0,
    '2026-04-07T14:30:00.123456789Z',
    'snapshot',
    [
      ...sorted(bids, true).map((t) =>
        level('bid', snapshotTime, price(t, false), size(bids.get(t) ?? 0, false)),
      ),
      ...sorted(asks, false).map((t) =>
        level('offer', snapshotTime, price(t, false), size(asks.get(t) ?? 0, false)),
      ),
    ].join(','),
  )
  const frames: string[] = []
  for (let n = 1; n <= updates; n++) {
    const time = new Date(Date.UTC(2026, 3, 7, 14, 30) + n * 7).toISOString().replace('Z', '456Z')
    const parts: string[] = []
    for (const [side, map, top] of [
      ['bid', bids, best],
      ['offer', asks, best + 1],
    ] as const) {
      const changes = randInt(rng, 1, 10)
      const touched = new Set<number>()
      for (let c = 0; c < changes; c++) {
        const r = rng()
        // top-heavy: most changes land near the best price, which itself stays
        const away = Math.floor(rng() ** 3 * 400)
        const at = side === 'bid' ? top - away : top + away
        if (touched.has(at)) continue
        touched.add(at)
        if (r < 0.3 && away > 0 && map.has(at) && map.size > levels / 2) {
          map.delete(at)
          parts.push(level(side, time, price(at, true), size(0, true)))
        } else {
          const units = randInt(rng, 1, 200_000_000)
          map.set(at, units)
          parts.push(level(side, time, price(at, true), size(units, true)))
        }
      }
    }
    frames.push(envelope(n, time, 'update', parts.join(',')))
  }
  return { snapshot, frames, bids, asks }
}

function applyOurs(book: L2Book, text: string): OrderBook {
  const f = decodeCoinbaseFrame(text) as CoinbaseBookFrame
  const result = book.applyChange(
    new TextBookChange(
      'coinbase',
      'BTC/USD',
      f.snapshot,
      f.bids,
      f.asks,
      f.sequence,
      undefined,
      undefined,
      f.ts,
    ),
  )
  if (result.kind !== 'applied') throw new Error(`not applied: ${result.kind}`)
  return book.view(10)
}

const newBook = () => new L2Book({ venue: 'coinbase', symbol: 'BTC/USD', sequence: coinbaseSequence })

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

/** The book equals the generator's, string for string, as the venue wrote each level last. */
function verify(book: L2Book, bids: Side, asks: Side): void {
  const want = (side: Side, desc: boolean) =>
    [...side.entries()].sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0])).map(([t, u]) => `${t}:${u}`)
  const got = (levels: ReturnType<L2Book['bids']>) =>
    levels.map((l) => `${Math.round(Number(l.priceText) * 100)}:${Math.round(Number(l.sizeText) * 1e8)}`)
  for (const [name, a, b] of [
    ['bids', got(book.bids()), want(bids, true)],
    ['asks', got(book.asks()), want(asks, false)],
  ] as const) {
    if (a.length !== b.length || a.some((x, i) => x !== b[i]))
      throw new Error(`${name} differ from the reference`)
  }
}

/** The event loop held by a snapshot frame through the whole driver, ms; several frames, one venue. */
async function driverBlock(snapshot: string, times: number): Promise<number[]> {
  let socket:
    { onmessage: ((e: { data: unknown }) => void) | null; onopen: ((e: unknown) => void) | null } | undefined
  const Ctor = class {
    readyState = 0
    onopen: ((e: unknown) => void) | null = null
    onclose: ((e: unknown) => void) | null = null
    onerror: ((e: unknown) => void) | null = null
    onmessage: ((e: { data: unknown }) => void) | null = null
    constructor() {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the bench plays the server on the newest socket
      socket = this
      setImmediate(() => {
        this.readyState = 1
        this.onopen?.({})
      })
    }
    send(): void {}
    close(): void {
      this.readyState = 3
    }
  } as unknown as WebSocketCtor
  const products = {
    products: [
      {
        product_id: 'BTC-USD',
        base_currency_id: 'BTC',
        quote_currency_id: 'USD',
        base_increment: '0.00000001',
        quote_increment: '0.01',
        base_min_size: '0.00000001',
        base_max_size: '3400',
        quote_min_size: '1',
        status: 'online',
        product_type: 'SPOT',
      },
    ],
  }
  const venue = createCoinbaseVenue({
    restUrl: 'http://coinbase.bench',
    wsUrl: 'wss://coinbase.bench',
    WebSocketCtor: Ctor,
    transport: { request: () => of({ status: 200, headers: {}, body: JSON.stringify(products) }) },
    logger: silentLogger,
  })
  let seen = 0
  const sub = orderBook$(venue, 'BTC/USD', { depth: 10 }).subscribe(() => seen++)
  while (socket?.onmessage == null || (socket as { readyState?: number }).readyState !== 1)
    await new Promise((r) => setImmediate(r))
  await new Promise((r) => setTimeout(r, 20))
  const blocks: number[] = []
  for (let i = 0; i < times; i++) {
    const frame = snapshot.replace('"sequence_num":0', `"sequence_num":${i}`)
    const before = seen
    const t0 = performance.now()
    socket.onmessage?.({ data: frame })
    blocks.push(performance.now() - t0)
    if (seen !== before + 1) throw new Error('the snapshot gave no view')
    await new Promise((r) => setImmediate(r))
  }
  sub.unsubscribe()
  await venue.close()
  return blocks
}

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}

type FirstVariant = 'parse' | 'ours' | 'ours-json'
const FIRST_VARIANTS: readonly FirstVariant[] = ['parse', 'ours', 'ours-json']

/**
 * In a process of its own: the code warmed on small snapshots, then one big snapshot, as a driver meets
 * it (the heap holding no garbage of another variant). Prints `{ wall, cpu }`.
 */
function firstSnapshot(variant: FirstVariant, seed: number, levels: number): void {
  const small = coinbaseFrames(seed + 1, 200, 0).snapshot
  const work = (text: string) => (variant === 'parse' ? JSON.parse(text) : applyOurs(newBook(), text))
  const prefix = variant === 'ours-json' ? ' ' : ''
  for (let i = 0; i < 300; i++) work(prefix + small)
  const big = prefix + coinbaseFrames(seed, levels, 0).snapshot
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  work(big)
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  console.log(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }))
}

/** {@link firstSnapshot} of each variant, each in a fresh process, `rounds` times in rotating order. */
function firstSnapshots(seed: number, levels: number, rounds: number): Record<string, Sample[]> {
  const out: Record<string, Sample[]> = { parse: [], ours: [], 'ours-json': [] }
  const script = fileURLToPath(import.meta.url)
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < FIRST_VARIANTS.length; i++) {
      const variant = FIRST_VARIANTS[(i + r) % FIRST_VARIANTS.length] as FirstVariant
      const args = [
        ...process.execArgv,
        script,
        '--first',
        variant,
        '--seed',
        String(seed),
        '--levels',
        String(levels),
      ]
      const child = spawnSync(process.execPath, args, { encoding: 'utf8' })
      if (child.status !== 0) throw new Error(`the ${variant} process failed: ${child.stderr}`)
      out[variant]?.push(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Sample)
    }
  }
  return out
}

async function main(): Promise<void> {
  const levels = arg('levels', 25_000)
  const updates = arg('updates', 100_000)
  const rounds = arg('rounds', 7)
  const seed = arg('seed', 5)
  const { snapshot, frames, bids, asks } = coinbaseFrames(seed, levels, updates)
  console.log(
    `snapshot: ${(snapshot.length / 1e6).toFixed(2)} MB, ${levels} levels a side; ${updates} updates, ` +
      `${(frames.reduce((n, f) => n + f.length, 0) / updates).toFixed(0)} bytes and ` +
      `${(frames.reduce((n, f) => n + (f.match(/"side"/g)?.length ?? 0), 0) / updates).toFixed(1)} changes a frame`,
  )

  // checked before timing: the book equals the generator's after the snapshot and every update
  const checked = newBook()
  applyOurs(checked, snapshot)
  for (const f of frames) applyOurs(checked, f)
  verify(checked, bids, asks)
  const view = checked.view(10)
  if (view.bids.length !== 10 || view.asks.length !== 10) throw new Error('a view of 10 levels a side')
  const spaced = ` ${snapshot}`
  if (JSON.stringify(decodeCoinbaseFrame(spaced)) !== JSON.stringify(decodeCoinbaseFrame(snapshot)))
    throw new Error('the reader and the codec disagree')

  // wall and CPU time of one piece of work; CPU time (GC threads included) stays readable when other
  // processes take the cores
  const once = (work: () => void): Sample => {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    work()
    const wall = performance.now() - t0
    const c = process.cpuUsage(c0)
    return { wall, cpu: (c.user + c.system) / 1000 }
  }
  // a variant's sample: `reps` runs back to back, the first two left out (they pay for the garbage the
  // previous variant left, and settle the young generation), the median of the others
  const reps = 5
  const timed = (work: () => void): Sample => {
    const runs: Sample[] = []
    for (let i = 0; i < reps; i++) runs.push(once(work))
    const kept = runs.slice(2)
    return { wall: median(kept.map((x) => x.wall)), cpu: median(kept.map((x) => x.cpu)) }
  }
  const report = (title: string, unit: (ms: number) => string, rows: Record<string, Sample[]>) => {
    const parse = rows.parse as Sample[]
    console.log(`\n${title}`)
    console.log('  variant     wall median  (fastest)   CPU median   × parse wall (rounds)   × parse CPU')
    for (const [name, samples] of Object.entries(rows)) {
      const wall = samples.map((x) => x.wall)
      const cpu = samples.map((x) => x.cpu)
      const ratios = samples.map((x, i) => x.wall / (parse[i] as Sample).wall)
      const cpuRatios = samples.map((x, i) => x.cpu / (parse[i] as Sample).cpu)
      console.log(
        `  ${name.padEnd(10)}  ${unit(median(wall)).padStart(10)}  (${unit(Math.min(...wall))})  ${unit(median(cpu)).padStart(10)}` +
          `   ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` +
          `        ${median(cpuRatios).toFixed(2)}`,
      )
    }
  }

  const snap: Record<string, Sample[]> = { parse: [], ours: [], 'ours-json': [] }
  for (let r = 0; r < rounds + 1; r++) {
    const round: Record<string, Sample> = {}
    for (const which of [0, 1, 2].map((i) => (i + r) % 3)) {
      if (which === 0) round.parse = timed(() => JSON.parse(snapshot))
      else if (which === 1) round.ours = timed(() => applyOurs(newBook(), snapshot))
      else round['ours-json'] = timed(() => applyOurs(newBook(), spaced))
    }
    // the first round warms up
    if (r >= 1) for (const [k, v] of Object.entries(round)) snap[k]?.push(v)
  }
  report(
    'the first big snapshot of a process (code warmed on small ones), ms; each in a fresh process',
    (ms) => ms.toFixed(1),
    firstSnapshots(seed, levels, rounds),
  )
  report(
    'snapshot frames back to back, ms a frame (ours: read, apply and view(10) on a fresh book)',
    (ms) => ms.toFixed(1),
    snap,
  )

  const upd: Record<string, Sample[]> = { parse: [], ours: [], 'ours-json': [] }
  const spacedFrames = frames.map((f) => ` ${f}`)
  for (let r = 0; r < rounds + 1; r++) {
    const round: Record<string, Sample> = {}
    for (const which of [0, 1, 2].map((i) => (i + r) % 3)) {
      if (which === 0) {
        round.parse = once(() => frames.forEach((f) => JSON.parse(f)))
      } else {
        const book = newBook()
        applyOurs(book, snapshot)
        const list = which === 1 ? frames : spacedFrames
        round[which === 1 ? 'ours' : 'ours-json'] = once(() => list.forEach((f) => applyOurs(book, f)))
      }
    }
    if (r >= 1) for (const [k, v] of Object.entries(round)) upd[k]?.push(v)
  }
  report(
    `update frames on that book, µs a frame (${updates} frames a round)`,
    (ms) => ((ms * 1000) / updates).toFixed(2),
    upd,
  )

  const blocks = await driverBlock(snapshot, rounds + 1)
  console.log(
    `\nevent loop held by one snapshot frame, whole driver to the view: first ${blocks[0]?.toFixed(1)} ms, ` +
      `then median ${median(blocks.slice(1)).toFixed(1)} ms (max ${Math.max(...blocks.slice(1)).toFixed(1)})`,
  )
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const first = process.argv.indexOf('--first')
  if (first >= 0)
    firstSnapshot(process.argv[first + 1] as FirstVariant, arg('seed', 5), arg('levels', 25_000))
  else await main()
}
