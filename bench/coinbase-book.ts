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
 * - `block`: the event loop held by one snapshot frame through the whole driver (`createCoinbaseVenue`
 *   on a WebSocket stand-in, the kit's `orderBook$` at depth 10): from the frame's arrival to the view.
 *
 * Before timing, the book after the snapshot and after every update is checked against a `Map`
 * reference built from the generator's own levels, string for string.
 *
 * ```
 * node --import tsx bench/coinbase-book.ts [--levels 25000] [--updates 100000] [--rounds 7] [--seed 5]
 * ```
 */
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
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

async function main(): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`)
    return i < 0 ? fallback : Number(process.argv[i + 1])
  }
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

  const timed = (work: () => void): number => {
    const t0 = performance.now()
    work()
    return performance.now() - t0
  }
  const snap = { parse: [] as number[], ours: [] as number[], json: [] as number[] }
  for (let r = 0; r < rounds + 2; r++) {
    const order = [0, 1, 2].map((i) => (i + r) % 3)
    for (const which of order) {
      if (which === 0) snap.parse.push(timed(() => JSON.parse(snapshot)))
      else if (which === 1) snap.ours.push(timed(() => applyOurs(newBook(), snapshot)))
      else snap.json.push(timed(() => applyOurs(newBook(), spaced)))
    }
  }
  // the first two rounds warm up
  const m = (xs: number[]) => median(xs.slice(2))
  const ratios = snap.ours.slice(2).map((o, i) => o / (snap.parse[i + 2] as number))
  console.log('\nsnapshot frame, ms (median of rounds; ratio: median of per-round ratios)')
  const low = (xs: number[]) => Math.min(...xs.slice(2)).toFixed(1)
  console.log(`  parse      ${m(snap.parse).toFixed(1)} (fastest round ${low(snap.parse)})`)
  console.log(
    `  ours       ${m(snap.ours).toFixed(1)}  × parse ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
  )
  console.log(`  ours-json  ${m(snap.json).toFixed(1)}  × parse ${(m(snap.json) / m(snap.parse)).toFixed(2)}`)

  const upd = { parse: [] as number[], ours: [] as number[], json: [] as number[] }
  const spacedFrames = frames.map((f) => ` ${f}`)
  for (let r = 0; r < Math.max(3, Math.ceil(rounds / 2)); r++) {
    upd.parse.push(timed(() => frames.forEach((f) => JSON.parse(f))))
    const a = newBook()
    applyOurs(a, snapshot)
    upd.ours.push(timed(() => frames.forEach((f) => applyOurs(a, f))))
    const b = newBook()
    applyOurs(b, snapshot)
    upd.json.push(timed(() => spacedFrames.forEach((f) => applyOurs(b, f))))
  }
  const per = (ms: number) => ((ms * 1000) / updates).toFixed(2)
  console.log('\nupdate frames on that book, µs a frame (median of rounds)')
  console.log(`  parse      ${per(median(upd.parse))}`)
  console.log(
    `  ours       ${per(median(upd.ours))}  × parse ${(median(upd.ours) / median(upd.parse)).toFixed(2)}`,
  )
  console.log(
    `  ours-json  ${per(median(upd.json))}  × parse ${(median(upd.json) / median(upd.parse)).toFixed(2)}`,
  )

  const blocks = await driverBlock(snapshot, rounds + 1)
  console.log(
    `\nevent loop held by one snapshot frame, whole driver to the view: first ${blocks[0]?.toFixed(1)} ms, ` +
      `then median ${median(blocks.slice(1)).toFixed(1)} ms (max ${Math.max(...blocks.slice(1)).toFixed(1)})`,
  )
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main()
}
