/**
 * The Bybit book path measured against `JSON.parse` and ccxt, on the same raw `orderbook.50` frames
 * (bench/frames.ts, 200 000 deltas by default), offline. Method and figures: bench/README.md.
 *
 * ```
 * node --import tsx bench/bybit-book.ts [--n 200000] [--rounds 5] [--verify-every 1000]
 *      [--impls parse,ours,driver,ccxt,ccxt-client]
 * ```
 *
 * Each measurement runs in its own process (one pass over every frame, a fresh heap, nothing carried over
 * from another implementation); the rounds interleave the implementations in rotating order, and each is
 * timed twice a round: once over the whole stream (throughput) and once with a timer around each frame
 * (latency). Implementations:
 * - `parse`: `JSON.parse` of each frame, nothing else: the floor of any client that parses JSON;
 * - `ours`: what the Bybit driver does per frame: `decodeBybitPublicFrame` (the validating codec), the
 *   feed's `u` continuity check (`bybitUpdateIds`), a `TextBookChange`, then `L2Book.applyChange` on a book of depth 50 with
 *   `consecutiveUpdateIds`: exact strings, every price and size validated;
 * - `driver`: the whole public stack: `orderBook$(createBybitVenue(…), 'BTC/USDT', { depth: 50 })` with the
 *   WebSocket and the HTTP transport stubbed; each frame goes in as a socket message and comes out as a
 *   book view;
 * - `ccxt`, `ccxt-client`: ccxt pro's Bybit `watchOrderBook`, fed through `handleMessage` or its
 *   WsClient's `onMessage` (bench/ccxt/ccxt-driver.mjs).
 * Before any timing, each book is compared with a reference after every `--verify-every`-th frame and
 * after the last, our final book with ccxt's, and every frame the codec reads from its text with what
 * `JSON.parse` gives.
 *
 * As a child process (started by the run above): `--impl parse|ours|driver --frames FILE [--latency 1]
 * [--verify-every K] [--dump FILE]`, one JSON line on stdout.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import type { Observable, Subscription } from 'rxjs'
import { Decimal } from '../lib/core/decimal.js'
import { silentLogger } from '../lib/core/logging.js'
import type { OrderBook } from '../lib/core/model.js'
import { L2Book } from '../lib/book/l2-book.js'
import { TextBookChange } from '../lib/book/text-book-change.js'
import type { BookEntry } from '../lib/book/level.js'
import { consecutiveUpdateIds } from '../lib/book/sequence-rules.js'
import type { HttpRequest, HttpResponse, HttpTransport } from '../lib/transport/http.js'
import { decodeBybitPublicFrame, scanBybitBookFrame } from '../lib/venues/bybit/codecs.js'
import { createBybitVenue } from '../lib/venues/bybit/index.js'
import { bybitUpdateIds } from '../lib/venues/bybit/spec.js'
import { orderBook$ } from '../lib/venues/kit/book-stream.js'
import { bybitBookFrames } from './frames.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..')
const SYMBOL = 'BTC/USDT'
const TOPIC = 'orderbook.50.BTCUSDT'
const DEPTH = 50

type Impl = 'parse' | 'ours' | 'ours-json' | 'driver' | 'ccxt' | 'ccxt-client'

/** What a child prints. */
interface Measurement {
  readonly impl: Impl
  readonly mode: 'throughput' | 'latency'
  readonly frames: number
  readonly seconds: number
  readonly framesPerSec: number
  readonly usPerFrame: number
  /** CPU time (user + system, all threads) over the timed loop, per frame. */
  readonly cpuUsPerFrame: number
  readonly latencyNs?: { p50: number; p99: number; p999: number; max: number }
  readonly checks?: number
  readonly ccxt?: string
  readonly ccxtPackage?: string
  readonly maxRssKB?: number
}

function options(argv: readonly string[], defaults: Record<string, string>): Record<string, string> {
  const opts = { ...defaults }
  for (let i = 0; i < argv.length; i += 2) {
    const key = (argv[i] ?? '').replace(/^--/, '')
    if (!(key in opts) || argv[i + 1] === undefined) {
      throw new Error(
        `unknown or incomplete option ${argv[i] ?? ''} (known: ${Object.keys(opts).join(', ')})`,
      )
    }
    opts[key] = argv[i + 1] as string
  }
  return opts
}

// 1 MiB chunks, so the file never sits in memory twice; the same loader as bench/ccxt/ccxt-driver.mjs
function loadLines(file: string): string[] {
  const fd = openSync(file, 'r')
  const buf = Buffer.allocUnsafe(1 << 20)
  const decoder = new StringDecoder('utf8')
  const out: string[] = []
  let rest = ''
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null)
    if (n === 0) break
    const parts = (rest + decoder.write(buf.subarray(0, n))).split('\n')
    rest = parts.pop() as string
    for (let i = 0; i < parts.length; i++) out.push(parts[i] as string)
  }
  rest += decoder.end()
  if (rest !== '') out.push(rest)
  closeSync(fd)
  return out
}

// ---------------------------------------------------------------------------------------------------------
// the reference: a Map per side from the normalized price to the level as last sent, ordered and trimmed
// with Decimal comparisons (nothing of lib/book), `u` continuity checked

interface RawFrame {
  readonly type: string
  readonly data: { readonly u: number; readonly b: [string, string][]; readonly a: [string, string][] }
}

interface RefLevel {
  readonly price: Decimal
  readonly priceText: string
  readonly sizeText: string
}

class ReferenceSide {
  readonly levels = new Map<string, RefLevel>()
  constructor(private readonly isBid: boolean) {}

  apply(changes: readonly [string, string][]): void {
    for (const [p, s] of changes) {
      const price = new Decimal(p)
      const key = price.toFixed()
      if (new Decimal(s).isZero()) this.levels.delete(key)
      else this.levels.set(key, { price, priceText: p, sizeText: s })
    }
  }

  /** -1 when `a` is better than `b`. */
  private order(a: RefLevel, b: RefLevel): number {
    return this.isBid ? b.price.comparedTo(a.price) : a.price.comparedTo(b.price)
  }

  trim(depth: number): void {
    while (this.levels.size > depth) {
      let worstKey = ''
      let worst: RefLevel | undefined
      for (const [key, level] of this.levels) {
        if (worst === undefined || this.order(level, worst) > 0) {
          worst = level
          worstKey = key
        }
      }
      this.levels.delete(worstKey)
    }
  }

  sorted(): RefLevel[] {
    return [...this.levels.values()].sort((a, b) => this.order(a, b))
  }
}

class Reference {
  readonly bids = new ReferenceSide(true)
  readonly asks = new ReferenceSide(false)
  private u: number | undefined = undefined
  constructor(private readonly depth: number) {}

  handle(frame: RawFrame): void {
    const d = frame.data
    if (frame.type === 'snapshot') {
      this.bids.levels.clear()
      this.asks.levels.clear()
    } else if (this.u === undefined || d.u !== this.u + 1) {
      throw new Error(`reference: u ${d.u} after ${String(this.u)}`)
    }
    this.bids.apply(d.b)
    this.asks.apply(d.a)
    this.bids.trim(this.depth)
    this.asks.trim(this.depth)
    this.u = d.u
  }
}

/** The first difference between a book's levels (best first) and the reference's, as exact strings. */
function difference(
  got: { bids: readonly BookEntry[]; asks: readonly BookEntry[] },
  ref: Reference,
  label: string,
): string | undefined {
  for (const side of ['bids', 'asks'] as const) {
    const g = got[side]
    const w = ref[side].sorted()
    if (g.length !== w.length) return `${label}: ${side} has ${g.length} levels, reference ${w.length}`
    for (let i = 0; i < w.length; i++) {
      const a = g[i] as BookEntry
      const b = w[i] as RefLevel
      if (a.priceText !== b.priceText || a.sizeText !== b.sizeText) {
        return `${label}: ${side}[${i}] is [${a.priceText}, ${a.sizeText}], reference [${b.priceText}, ${b.sizeText}]`
      }
    }
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------------------
// the implementations (children)

type Step = (line: string) => void

/** `decodeBybitPublicFrame`, the feed's continuity check, a `TextBookChange`, `L2Book.applyChange`. */
function oursStep(book: L2Book): Step {
  let last: number | undefined = undefined
  return (line) => {
    const decoded = decodeBybitPublicFrame(line)
    if (decoded.kind !== 'orderbook' || decoded.topic !== TOPIC) throw new Error(`not ${TOPIC}: ${line}`)
    const frame = decoded.frame
    const { u, b, a } = frame.data
    const snapshot = frame.type === 'snapshot'
    if (!snapshot && bybitUpdateIds.check(last, undefined, u) !== 'apply')
      throw new Error(`gap: u ${u} after ${String(last)}`)
    const change = new TextBookChange(
      'bybit',
      SYMBOL,
      snapshot,
      b,
      a,
      u,
      undefined,
      snapshot ? undefined : last,
      frame.ts,
    )
    last = u
    const result = book.applyChange(change)
    if (result.kind !== 'applied') throw new Error(`frame u ${u} not applied: ${JSON.stringify(result)}`)
  }
}

const newBook = (depth: number | undefined): L2Book =>
  new L2Book({ venue: 'bybit', symbol: SYMBOL, depth, sequence: consecutiveUpdateIds })

/** A WebSocket with no network: opens on the next turn, records what is sent, takes frames by `onmessage`. */
class OfflineSocket {
  static readonly made: OfflineSocket[] = []
  readyState = 0
  binaryType = 'blob'
  onopen: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: string }) => void) | null = null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  readonly sent: string[] = []

  constructor(readonly url: string) {
    OfflineSocket.made.push(this)
    setImmediate(() => {
      this.readyState = 1
      this.onopen?.({ type: 'open' })
    })
  }

  send(text: string): void {
    this.sent.push(text)
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === 3) return
    this.readyState = 3
    this.onclose?.({ code, reason, wasClean: true })
  }
}

const INSTRUMENTS = JSON.stringify({
  retCode: 0,
  retMsg: 'OK',
  result: {
    category: 'spot',
    list: [
      {
        symbol: 'BTCUSDT',
        baseCoin: 'BTC',
        quoteCoin: 'USDT',
        status: 'Trading',
        lotSizeFilter: { basePrecision: '0.000001', quotePrecision: '0.0000001', minOrderAmt: '5' },
        priceFilter: { tickSize: '0.01' },
      },
    ],
  },
  retExtInfo: {},
  time: 1700000000000,
})

/** The HTTP layer: the instruments list, and 404 for anything else. */
const offlineTransport: HttpTransport = {
  request: (request: HttpRequest): Promise<HttpResponse> => {
    const found = new URL(request.url).pathname === '/v5/market/instruments-info'
    return Promise.resolve({
      status: found ? 200 : 404,
      headers: { 'content-type': 'application/json' },
      body: found ? INSTRUMENTS : '{}',
    })
  },
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
  throw new Error(`timed out waiting for ${what}`)
}

interface DriverRun {
  readonly step: Step
  readonly views: () => number
  readonly last: () => OrderBook | undefined
  readonly finish: () => Promise<string[]>
}

/** `orderBook$` on a Bybit venue with the socket and HTTP stubbed, subscribed and acknowledged. */
async function driverRun(): Promise<DriverRun> {
  const venue = createBybitVenue({
    restUrl: 'http://offline.invalid',
    wsUrl: 'ws://offline.invalid/v5/public/spot',
    transport: offlineTransport,
    WebSocketCtor: OfflineSocket,
    logger: silentLogger,
  })
  const events: string[] = []
  const watched: Subscription = venue.events$.subscribe((e) => {
    if (e.type !== 'connected') events.push(e.type)
  })
  let views = 0
  let last: OrderBook | undefined = undefined
  let failure: unknown = undefined
  const books: Observable<OrderBook> = orderBook$(venue, SYMBOL, { depth: DEPTH })
  const subscription = books.subscribe({
    next: (view) => {
      views++
      last = view
    },
    error: (e: unknown) => (failure = e),
  })
  const subscribed = () =>
    OfflineSocket.made[0]?.sent.find((text) => (JSON.parse(text) as { op?: unknown }).op === 'subscribe')
  await until(() => subscribed() !== undefined || failure !== undefined, 'the subscribe message')
  if (failure !== undefined) throw failure
  const socket = OfflineSocket.made[0] as OfflineSocket
  const request = JSON.parse(subscribed() as string) as { req_id: string; args: string[] }
  if (request.args.join() !== TOPIC) throw new Error(`subscribed to ${request.args.join()}, not ${TOPIC}`)
  const receive = socket.onmessage as (event: { data: string }) => void
  receive({
    data: JSON.stringify({
      success: true,
      ret_msg: 'subscribe',
      conn_id: 'offline',
      req_id: request.req_id,
      op: 'subscribe',
    }),
  })
  return {
    step: (line) => receive({ data: line }),
    views: () => views,
    last: () => last,
    finish: async () => {
      if (failure !== undefined) throw failure
      const seen = [...events]
      subscription.unsubscribe()
      watched.unsubscribe()
      await venue.close()
      return seen
    },
  }
}

function timeSteps(
  lines: readonly string[],
  step: Step,
  latency: boolean,
): { ns: number; cpuUs: number; lat?: Float64Array } {
  const n = lines.length
  const cpu = process.cpuUsage()
  const cpuUs = () => {
    const used = process.cpuUsage(cpu)
    return used.user + used.system
  }
  if (!latency) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) step(lines[i] as string)
    return { ns: Number(process.hrtime.bigint() - t0), cpuUs: cpuUs() }
  }
  const lat = new Float64Array(n)
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint()
    step(lines[i] as string)
    lat[i] = Number(process.hrtime.bigint() - t)
  }
  return { ns: Number(process.hrtime.bigint() - t0), cpuUs: cpuUs(), lat }
}

const text = (level: BookEntry): [string, string] => [level.priceText, level.sizeText]

async function child(argv: readonly string[]): Promise<void> {
  const opts = options(argv, { impl: '', frames: '', latency: '0', 'verify-every': '0', dump: '' })
  const impl = opts.impl as Impl
  if (!['parse', 'ours', 'ours-json', 'driver'].includes(impl))
    throw new Error('--impl parse|ours|ours-json|driver')
  const lines = loadLines(opts.frames as string)
  const n = lines.length
  const every = Number(opts['verify-every'])
  const latency = opts.latency === '1'

  let step: Step
  let sink = 0
  let book: L2Book | undefined
  let driver: DriverRun | undefined
  if (impl === 'parse') {
    step = (line) => {
      sink += (JSON.parse(line) as RawFrame).data.u
    }
  } else if (impl === 'ours' || impl === 'ours-json') {
    book = newBook(DEPTH)
    step = oursStep(book)
  } else {
    driver = await driverRun()
    step = driver.step
  }

  // verification (not timed): lock-step with the reference; `ours` also keeps an unlimited book for the
  // comparison with ccxt, whose book keeps every level
  let checks = 0
  let unlimited: L2Book | undefined
  if (every > 0 && impl !== 'parse') {
    const ref = new Reference(DEPTH)
    const fullRef = new Reference(Infinity)
    unlimited = impl === 'ours' ? newBook(undefined) : undefined
    const unlimitedStep = unlimited ? oursStep(unlimited) : undefined
    const measured = step
    const current = (): { bids: readonly BookEntry[]; asks: readonly BookEntry[] } => {
      if (book) return { bids: book.bids(), asks: book.asks() }
      const view = driver?.last()
      if (!view) throw new Error('the driver has emitted no book')
      return view as unknown as { bids: readonly BookEntry[]; asks: readonly BookEntry[] }
    }
    let i = 0
    step = (line) => {
      measured(line)
      unlimitedStep?.(line)
      const raw = JSON.parse(line) as RawFrame
      // the codec reads these frames straight from their text: it must give what JSON.parse gives
      if (impl === 'ours' && !isDeepStrictEqual(scanBybitBookFrame(line), raw)) {
        throw new Error(`frame ${i}: the scanned frame differs from JSON.parse's`)
      }
      if (impl === 'ours-json' && scanBybitBookFrame(line) !== undefined) {
        throw new Error(`frame ${i} is read from its text, not through JSON.parse`)
      }
      ref.handle(raw)
      if (unlimited) fullRef.handle(raw)
      if (i % every === 0 || i === n - 1) {
        const problem =
          difference(current(), ref, `after frame ${i}`) ??
          (unlimited
            ? difference(
                { bids: unlimited.bids(), asks: unlimited.asks() },
                fullRef,
                `unlimited, after frame ${i}`,
              )
            : undefined)
        if (problem) throw new Error(problem)
        checks++
      }
      i++
    }
  }

  const { ns, cpuUs, lat } = timeSteps(lines, step, latency)
  const out: Record<string, unknown> = {
    impl,
    mode: latency ? 'latency' : 'throughput',
    frames: n,
    seconds: ns / 1e9,
    framesPerSec: n / (ns / 1e9),
    usPerFrame: ns / 1e3 / n,
    cpuUsPerFrame: cpuUs / n,
    maxRssKB: process.resourceUsage().maxRSS,
  }
  if (lat) {
    const s = lat.sort()
    const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number
    out.latencyNs = { p50: q(0.5), p99: q(0.99), p999: q(0.999), max: s[s.length - 1] }
  }
  if (impl === 'parse') out.sink = sink
  if (book) out.final = { bidLevels: book.bidCount, askLevels: book.askCount, sequence: book.sequence }
  if (driver) {
    const views = driver.views()
    const events = await driver.finish()
    if (views !== n) throw new Error(`the driver emitted ${views} books for ${n} frames`)
    if (events.length > 0) throw new Error(`the driver reported ${events.join(', ')}`)
    out.final = { views }
  }
  if (every > 0) out.checks = checks
  if (opts.dump && unlimited) {
    writeFileSync(
      opts.dump,
      JSON.stringify({ bids: unlimited.bids().map(text), asks: unlimited.asks().map(text) }),
    )
  }
  process.stdout.write(JSON.stringify(out) + '\n')
  process.exit(0)
}

// ---------------------------------------------------------------------------------------------------------
// the run (parent)

const CCXT_DRIVER = join(HERE, 'ccxt', 'ccxt-driver.mjs')
const IMPLS: readonly Impl[] = ['parse', 'ours', 'ours-json', 'driver', 'ccxt', 'ccxt-client']

function run(impl: Impl, args: readonly string[]): Measurement {
  const ccxt = impl === 'ccxt' || impl === 'ccxt-client'
  const command = ccxt
    ? [CCXT_DRIVER, '--impl', impl]
    : [...process.execArgv, fileURLToPath(import.meta.url), '--impl', impl]
  const r = spawnSync(process.execPath, [...command, ...args], { cwd: ROOT, encoding: 'utf8' })
  if (r.status !== 0) {
    throw new Error(`${impl} ${args.join(' ')} failed (exit ${String(r.status)}):\n${r.stderr}${r.stdout}`)
  }
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Measurement
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

function fmt(x: number, digits = 0): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

const LABELS: Record<Impl, string> = {
  parse: '`JSON.parse` only (the floor)',
  ours: 'ours: decode + `L2Book`',
  'ours-json': 'ours, frames through `JSON.parse`',
  driver: 'ours: whole driver (`orderBook$`)',
  ccxt: 'ccxt: `handleMessage`',
  'ccxt-client': 'ccxt: `WsClient.onMessage`',
}

/**
 * Writes the frames once for every process, and says what they are. `ours-json` reads the same frames
 * each with a blank in front: valid JSON that the codec no longer reads from its text, so it takes the
 * `JSON.parse` path.
 */
function writeFrames(
  n: number,
  dir: string,
): { fileFor: (impl: Impl) => string; sha256: string; describe: string } {
  const frames = bybitBookFrames({ n })
  const body = frames.join('\n') + '\n'
  const file = join(dir, `bybit-orderbook50-BTCUSDT-${n}.ndjson`)
  const blank = join(dir, `bybit-orderbook50-BTCUSDT-${n}.blank.ndjson`)
  writeFileSync(file, body)
  writeFileSync(blank, frames.map((f) => ` ${f}`).join('\n') + '\n')
  let changes = 0
  for (let i = 1; i < frames.length; i++) {
    const d = (JSON.parse(frames[i] as string) as RawFrame).data
    changes += d.b.length + d.a.length
  }
  const sha256 = createHash('sha256').update(body).digest('hex')
  const describe =
    `${fmt(frames.length)} frames (${TOPIC}: a snapshot, then ${fmt(n)} deltas of ${fmt(changes / n, 1)} ` +
    `level changes on average, ${fmt(Buffer.byteLength(body) / frames.length)} bytes a frame), sha256 ${sha256}`
  return { fileFor: (impl) => (impl === 'ours-json' ? blank : file), sha256, describe }
}

/** Every implementation's book against the reference, and our final unlimited book against ccxt's. */
function verify(impls: readonly Impl[], fileFor: (impl: Impl) => string, every: number, dir: string): string {
  const ccxtDump = join(dir, 'bybit-book.ccxt-final.json')
  const oursDump = join(dir, 'bybit-book.ours-final.json')
  const checked: string[] = []
  const checkedImpls: Impl[] = [
    'ours',
    'ccxt',
    ...impls.filter((i) => i !== 'parse' && i !== 'ours' && i !== 'ccxt'),
  ]
  for (const impl of checkedImpls) {
    const dump = impl === 'ours' ? oursDump : impl === 'ccxt' ? ccxtDump : ''
    const m = run(impl, [
      '--frames',
      fileFor(impl),
      '--verify-every',
      String(every),
      ...(dump ? ['--dump', dump] : []),
    ])
    checked.push(`${impl} ${fmt(m.checks ?? 0)}`)
  }
  const ours = JSON.parse(readFileSync(oursDump, 'utf8')) as { bids: string[][]; asks: string[][] }
  const theirs = JSON.parse(readFileSync(ccxtDump, 'utf8')) as { bids: number[][]; asks: number[][] }
  for (const side of ['bids', 'asks'] as const) {
    const a = ours[side]
    const b = theirs[side]
    const same =
      a.length === b.length && a.every((l, i) => Number(l[0]) === b[i]?.[0] && Number(l[1]) === b[i]?.[1])
    if (!same) throw new Error(`final ${side}: our unlimited book and ccxt's differ`)
  }
  return (
    `verified, untimed: each book against the reference after every ${fmt(every)}th frame and the last ` +
    `(checks: ${checked.join(', ')}); our unlimited final book equals ccxt's (${ours.bids.length} bids, ` +
    `${ours.asks.length} asks, as numbers)`
  )
}

async function parent(argv: readonly string[]): Promise<void> {
  const opts = options(argv, {
    n: '200000',
    rounds: '5',
    'verify-every': '1000',
    impls: 'parse,ours,ours-json,driver,ccxt,ccxt-client',
  })
  const n = Number(opts.n)
  const rounds = Number(opts.rounds)
  const every = Number(opts['verify-every'])
  const impls = (opts.impls as string).split(',') as Impl[]
  for (const impl of impls) if (!IMPLS.includes(impl)) throw new Error(`--impls: unknown ${impl}`)
  if (!impls.includes('parse') || !impls.includes('ours')) throw new Error('--impls needs parse and ours')
  if (!existsSync(join(HERE, 'ccxt', 'node_modules', 'ccxt', 'package.json'))) {
    throw new Error('ccxt is not installed for the comparison: run `npm ci --prefix bench/ccxt` first')
  }
  const started = Date.now()
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')
  const dir = join(ROOT, '.bench-out')
  mkdirSync(dir, { recursive: true })
  const { fileFor, sha256, describe } = writeFrames(n, dir)
  const probe = run('ccxt', ['--frames', fileFor('ccxt')])
  const env = [
    `node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, load ${load()}`,
    ...(probe
      ? [`ccxt ${String(probe.ccxtPackage)} (its \`version\` field says ${String(probe.ccxt)})`]
      : []),
    describe,
  ]
  console.log(env.join('\n'))
  if (every > 0) console.log(verify(impls, fileFor, every, dir))

  const tp: Record<string, Measurement[]> = Object.fromEntries(impls.map((i) => [i, []]))
  const lat: Record<string, Measurement[]> = Object.fromEntries(impls.map((i) => [i, []]))
  for (let r = 0; r < rounds; r++) {
    const order = [...impls.slice(r % impls.length), ...impls.slice(0, r % impls.length)]
    for (const impl of order) {
      tp[impl]?.push(run(impl, ['--frames', fileFor(impl)]))
      lat[impl]?.push(run(impl, ['--frames', fileFor(impl), '--latency', '1']))
    }
    process.stderr.write(
      `round ${r + 1}/${rounds}: ${order.join(', ')} (${fmt((Date.now() - started) / 1000)} s)\n`,
    )
  }

  const wall = (impl: Impl) => (tp[impl] as Measurement[]).map((m) => m.usPerFrame)
  const cpu = (impl: Impl) => (tp[impl] as Measurement[]).map((m) => m.cpuUsPerFrame)
  const q = (impl: Impl, key: 'p50' | 'p99' | 'p999') =>
    median((lat[impl] as Measurement[]).map((m) => (m.latencyNs?.[key] ?? NaN) / 1e3))
  const floor = median(wall('parse'))
  const lines: string[] = []
  lines.push(
    `${rounds} interleaved rounds, medians; load ${load()}; ${fmt((Date.now() - started) / 1000)} s in all`,
  )
  lines.push('')
  lines.push(
    '| implementation | frames/s (min–max) | µs/frame | × parse | CPU µs/frame | p50 µs | p99 µs | p99.9 µs |',
  )
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const impl of impls) {
    const us = wall(impl)
    const m = median(us)
    lines.push(
      `| ${LABELS[impl]} | ${fmt(1e6 / m)} (${fmt(1e6 / Math.max(...us))}–${fmt(1e6 / Math.min(...us))}) | ` +
        `${fmt(m, 2)} | ${fmt(m / floor, 2)} | ${fmt(median(cpu(impl)), 2)} | ${fmt(q(impl, 'p50'), 2)} | ` +
        `${fmt(q(impl, 'p99'), 2)} | ${fmt(q(impl, 'p999'), 2)} |`,
    )
  }
  // each ratio is taken within a round (both runs saw the same machine), then the median and range
  const ratio = (of: (i: Impl) => number[], a: Impl, b: Impl): string => {
    const xa = of(a)
    const xb = of(b)
    const xs = xa.map((x, i) => x / (xb[i] as number))
    return `${fmt(median(xs), 2)} × (rounds ${fmt(Math.min(...xs), 2)}–${fmt(Math.max(...xs), 2)})`
  }
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')
  const within = (a: Impl, b: Impl) => median(wall(a).map((x, i) => x / (wall(b)[i] as number)))
  const p99 = q('ours', 'p99')
  const has = (...which: Impl[]) => which.every((i) => impls.includes(i))
  lines.push('')
  if (has('ccxt')) {
    lines.push(
      `- ours vs ccxt, frames/s: ${ratio(wall, 'ccxt', 'ours')}; by CPU time ${ratio(cpu, 'ccxt', 'ours')}. ` +
        `Target >= 2: ${verdict(within('ccxt', 'ours') >= 2)}`,
    )
  }
  lines.push(
    `- ours vs JSON.parse, time a frame: ${ratio(wall, 'ours', 'parse')}; by CPU time ` +
      `${ratio(cpu, 'ours', 'parse')}. Target <= 1.3: ${verdict(within('ours', 'parse') <= 1.3)}`,
  )
  lines.push(
    `- ours p99: ${fmt(p99, 2)} µs (JSON.parse alone ${fmt(q('parse', 'p99'), 2)} µs). ` +
      `Target <= 20: ${verdict(p99 <= 20)}`,
  )
  if (has('ours-json', 'ccxt')) {
    lines.push(
      `- ours through JSON.parse (frames the codec does not read from their text): vs ccxt ` +
        `${ratio(wall, 'ccxt', 'ours-json')}, vs JSON.parse ${ratio(wall, 'ours-json', 'parse')}, ` +
        `p99 ${fmt(q('ours-json', 'p99'), 2)} µs`,
    )
  }
  if (has('driver', 'ccxt')) {
    lines.push(
      `- whole driver vs ccxt \`handleMessage\`: ${ratio(wall, 'ccxt', 'driver')}` +
        (has('ccxt-client')
          ? `; vs ccxt \`WsClient.onMessage\`: ${ratio(wall, 'ccxt-client', 'driver')}`
          : '') +
        `; vs JSON.parse ${ratio(wall, 'driver', 'parse')}`,
    )
  }
  const perRound = (impl: Impl) =>
    wall(impl)
      .map((x) => fmt(x, 2))
      .join(' ')
  lines.push(`- µs/frame by round: ${impls.map((i) => `${i} ${perRound(i)}`).join('; ')}`)
  console.log('\n' + lines.join('\n'))
  const summary = { env, sha256, rounds, table: lines, throughput: tp, latency: lat }
  writeFileSync(join(dir, 'bybit-book.json'), JSON.stringify(summary, null, 2) + '\n')
  // 80 MB each, made again in seconds
  for (const impl of ['ours', 'ours-json'] as const) rmSync(fileFor(impl), { force: true })
}

const argv = process.argv.slice(2)
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const main = argv.includes('--impl') ? child(argv) : parent(argv)
  main.catch((e: unknown) => {
    console.error(e)
    process.exit(2)
  })
}
