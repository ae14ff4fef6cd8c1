/**
 * The Binance book path measured against `JSON.parse` and ccxt, on the same `depthUpdate` frames
 * (bench/binance-frames.ts, 200 000 by default) and REST snapshot, offline. Method and figures:
 * bench/README.md.
 *
 * ```
 * node --import tsx bench/binance-book.ts [--n 200000] [--rounds 5] [--buffer 20] [--verify-every 1000]
 *      [--impls parse,parse-raw,ours,ccxt]
 * ```
 *
 * Each measurement runs in its own process (one pass over every frame, a fresh heap, no state carried
 * from another implementation); the rounds interleave the implementations in rotating order, and every
 * implementation is timed twice a round: once over the whole stream (throughput) and once with a timer
 * around each frame (latency). The first `--buffer` frames arrive before the REST snapshot, as for a
 * client that subscribes and then fetches; the snapshot hand-over is timed apart (`snapshotSyncMs`), not
 * in any frame's time. Implementations:
 * - `parse`: `JSON.parse` of each combined-stream frame (`{"stream":"btcusdt@depth@100ms","data":{…}}`,
 *   what the driver's connection receives), nothing else: the floor of any JavaScript client;
 * - `parse-raw`: the same on the bare events (`/ws/<stream>`, what ccxt's connection receives);
 * - `ours`: what the Binance driver does per frame: `decodeBinanceMarketFrame` (JSON.parse and the
 *   validating codec), the stream and duplicate checks, buffering until the snapshot, the documented
 *   hand-over (the snapshot decoded with `BinanceDepthSnapshot`, `u <= lastUpdateId` dropped, the first
 *   event must straddle `lastUpdateId + 1`), each later event checked `U <= last + 1` and `u > last`,
 *   a `TextBookChange`, then `L2Book.applyChange` with `rangedUpdateIds`: exact strings, every price and
 *   size validated;
 * - `ccxt` / `ccxt-client`: ccxt pro's Binance `watchOrderBook`, REST snapshot served through its HTTP
 *   layer, fed the bare events through `handleMessage` / `WsClient.onMessage` (bench/ccxt/ccxt-binance.mjs).
 * Before any timing, ours and ccxt's books are compared with a reference after every `--verify-every`-th
 * frame and after the last; ours must end exactly (as strings) on the generator's own book, and ccxt's
 * on the same levels as numbers.
 *
 * As a child process (started by the run above): `--impl parse|parse-raw|ours --frames FILE
 * [--snapshot FILE] [--buffer K] [--latency 1] [--verify-every K] [--final FILE] [--dump FILE]`, one JSON
 * line on stdout.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Decimal } from '../lib/core/decimal.js'
import { L2Book } from '../lib/book/l2-book.js'
import type { BookEntry } from '../lib/book/level.js'
import { rangedUpdateIds } from '../lib/book/sequence-rules.js'
import { TextBookChange } from '../lib/book/text-book-change.js'
import {
  BinanceDepthSnapshot,
  decodeBinanceMarketFrame,
  type BinanceDepthMessage,
} from '../lib/venues/binance/codecs.js'
import { binanceDepthFrames, type BinanceLevelText } from './binance-frames.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..')
const SYMBOL = 'BTC/USDT'
const STREAM = 'btcusdt@depth@100ms'

type Impl = 'parse' | 'parse-raw' | 'ours' | 'ccxt' | 'ccxt-client'

/** What a child prints. */
interface Measurement {
  readonly impl: Impl
  readonly mode: 'throughput' | 'latency'
  readonly frames: number
  readonly seconds: number
  readonly framesPerSec: number
  readonly usPerFrame: number
  /** CPU time (user + system, all threads) over the timed frames, per frame. */
  readonly cpuUsPerFrame: number
  readonly snapshotSyncMs?: number
  readonly latencyNs?: { p50: number; p99: number; p999: number; max: number }
  readonly checks?: number
  readonly nonce?: number
  readonly final?: { bidLevels: number; askLevels: number; sequence?: number }
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

// 1 MiB chunks, so the file never sits in memory twice; the same loader as bench/ccxt/ccxt-binance.mjs
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
// the reference: a Map per side from the normalized price to the level as last sent, ordered with Decimal
// comparisons (nothing of lib/book), fed by Binance's documented procedure written out plainly

interface RawEvent {
  readonly U: number
  readonly u: number
  readonly b: [string, string][]
  readonly a: [string, string][]
}

interface RawSnapshot {
  readonly lastUpdateId: number
  readonly bids: [string, string][]
  readonly asks: [string, string][]
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

  sorted(): RefLevel[] {
    const order = (a: RefLevel, b: RefLevel): number =>
      this.isBid ? b.price.comparedTo(a.price) : a.price.comparedTo(b.price)
    return [...this.levels.values()].sort(order)
  }
}

class Reference {
  readonly bids = new ReferenceSide(true)
  readonly asks = new ReferenceSide(false)
  id: number | undefined = undefined
  private last: number | undefined = undefined
  private buffer: RawEvent[] = []

  handle(event: RawEvent): void {
    if (this.id === undefined) this.buffer.push(event)
    else this.apply(event)
  }

  snapshot(snap: RawSnapshot): void {
    this.bids.levels.clear()
    this.asks.levels.clear()
    this.bids.apply(snap.bids)
    this.asks.apply(snap.asks)
    this.id = snap.lastUpdateId
    const buffered = this.buffer
    this.buffer = []
    for (const e of buffered) this.apply(e)
  }

  private apply(e: RawEvent): void {
    const id = this.id as number
    if (e.u <= id) return
    if (this.last === undefined) {
      if (!(e.U <= id + 1 && e.u >= id + 1)) throw new Error(`reference: U ${e.U} u ${e.u} after ${id}`)
    } else if (e.U !== this.last + 1) {
      throw new Error(`reference: gap, U ${e.U} after u ${this.last}`)
    }
    this.bids.apply(e.b)
    this.asks.apply(e.a)
    this.last = e.u
  }
}

type Sides<T> = { readonly bids: readonly T[]; readonly asks: readonly T[] }

/** The first difference between two books' levels, best first, as exact strings. */
function difference(
  got: Sides<BinanceLevelText>,
  want: Sides<BinanceLevelText>,
  label: string,
): string | undefined {
  for (const side of ['bids', 'asks'] as const) {
    const g = got[side]
    const w = want[side]
    if (g.length !== w.length) return `${label}: ${side} has ${g.length} levels, expected ${w.length}`
    for (let i = 0; i < w.length; i++) {
      const a = g[i] as BinanceLevelText
      const b = w[i] as BinanceLevelText
      if (a[0] !== b[0] || a[1] !== b[1])
        return `${label}: ${side}[${i}] is [${a.join(', ')}], expected [${b.join(', ')}]`
    }
  }
  return undefined
}

const entryText = (e: BookEntry): BinanceLevelText => [e.priceText, e.sizeText]
const refText = (l: RefLevel): BinanceLevelText => [l.priceText, l.sizeText]
const bookText = (book: L2Book): Sides<BinanceLevelText> => ({
  bids: book.bids().map(entryText),
  asks: book.asks().map(entryText),
})
const referenceText = (ref: Reference): Sides<BinanceLevelText> => ({
  bids: ref.bids.sorted().map(refText),
  asks: ref.asks.sorted().map(refText),
})

// ---------------------------------------------------------------------------------------------------------
// ours: the Binance driver's book path (ws-public.ts BookFeed and its hub), synchronous, every outcome
// other than "applied" a failure

class OursFeed {
  private buffer: BinanceDepthMessage[] = []
  private synced = false
  private last = 0
  private lastKey = -1

  constructor(readonly book: L2Book) {}

  /** One text frame of the combined stream. */
  frame(text: string): void {
    const frame = decodeBinanceMarketFrame(text)
    if (frame.kind !== 'depth' || frame.stream !== STREAM) throw new Error(`not ${STREAM}: ${text}`)
    const event = frame.event
    // a second connection's copy of an event is dropped by its id
    if (event.u <= this.lastKey) return
    this.lastKey = event.u
    if (this.synced) this.apply(event)
    else this.buffer.push(event)
  }

  /** The REST answer's body. */
  snapshot(body: string): void {
    const decoded = BinanceDepthSnapshot.decode(JSON.parse(body))
    if (decoded._tag === 'Left') throw new Error('snapshot refused by its codec')
    const snapshot = decoded.right
    const id = snapshot.lastUpdateId
    const first = this.buffer[0]
    if (first === undefined || id < first.U) throw new Error(`snapshot ${id} older than the first event`)
    const pending = this.buffer.filter((e) => e.u > id)
    this.buffer = []
    const next = pending[0]
    if (next !== undefined && next.U > id + 1) throw new Error(`no buffered event follows snapshot ${id}`)
    this.synced = true
    this.last = id
    this.publish(
      TextBookChange.of({
        venue: 'binance',
        symbol: SYMBOL,
        isSnapshot: true,
        bids: snapshot.bids,
        asks: snapshot.asks,
        sequence: id,
        firstSequence: undefined,
        previousSequence: undefined,
        rawTimestamp: Date.now(),
      }),
    )
    for (const event of pending) this.apply(event)
  }

  private apply(event: BinanceDepthMessage): void {
    const last = this.last
    if (event.u <= last) return
    if (event.U > last + 1) throw new Error(`gap: U ${event.U} after ${last}`)
    this.last = event.u
    this.publish(
      TextBookChange.of({
        venue: 'binance',
        symbol: SYMBOL,
        isSnapshot: false,
        bids: event.b,
        asks: event.a,
        sequence: event.u,
        firstSequence: event.U,
        previousSequence: last,
        rawTimestamp: event.E,
      }),
    )
  }

  private publish(change: TextBookChange): void {
    const result = this.book.applyChange(change)
    if (result.kind !== 'applied') {
      throw new Error(`change ${String(change.sequence)} not applied: ${JSON.stringify(result)}`)
    }
  }
}

const newBook = (): L2Book => new L2Book({ venue: 'binance', symbol: SYMBOL, sequence: rangedUpdateIds })

// ---------------------------------------------------------------------------------------------------------
// the children

type Step = (line: string) => void

interface Timed {
  ns: number
  cpuUs: number
}

function feed(lines: readonly string[], step: Step, from: number, to: number, lat?: Float64Array): Timed {
  const cpu = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  if (lat) {
    for (let i = from; i < to; i++) {
      const t = process.hrtime.bigint()
      step(lines[i] as string)
      lat[i] = Number(process.hrtime.bigint() - t)
    }
  } else {
    for (let i = from; i < to; i++) step(lines[i] as string)
  }
  const ns = Number(process.hrtime.bigint() - t0)
  const used = process.cpuUsage(cpu)
  return { ns, cpuUs: used.user + used.system }
}

function child(argv: readonly string[]): void {
  const opts = options(argv, {
    impl: '',
    frames: '',
    snapshot: '',
    buffer: '20',
    latency: '0',
    'verify-every': '0',
    final: '',
    dump: '',
  })
  const impl = opts.impl as Impl
  if (!['parse', 'parse-raw', 'ours'].includes(impl)) throw new Error('--impl parse|parse-raw|ours')
  const lines = loadLines(opts.frames as string)
  const n = lines.length
  const every = Number(opts['verify-every'])
  const lat = opts.latency === '1' ? new Float64Array(n) : undefined
  const out: Record<string, unknown> = { impl, mode: lat ? 'latency' : 'throughput', frames: n }

  let timed: Timed
  if (impl !== 'ours') {
    let sink = 0
    const step: Step =
      impl === 'parse'
        ? (line) => (sink += (JSON.parse(line) as { data: RawEvent }).data.u)
        : (line) => (sink += (JSON.parse(line) as RawEvent).u)
    timed = feed(lines, step, 0, n, lat)
    out.sink = sink
  } else {
    const snapshotText = readFileSync(opts.snapshot as string, 'utf8')
    const k = Math.min(Number(opts.buffer), n)
    const book = newBook()
    const ours = new OursFeed(book)
    let step: Step = (line) => ours.frame(line)
    let handOver = (): void => ours.snapshot(snapshotText)
    // verification (not timed): lock-step with the reference, then the generator's own final book
    let checks = 0
    if (every > 0) {
      const ref = new Reference()
      const check = (label: string): void => {
        const problem = difference(bookText(book), referenceText(ref), label)
        if (problem) throw new Error(problem)
        checks++
      }
      let i = 0
      step = (line) => {
        ours.frame(line)
        ref.handle((JSON.parse(line) as { data: RawEvent }).data)
        if (ref.id !== undefined && (i % every === 0 || i === n - 1)) check(`after frame ${i}`)
        i++
      }
      handOver = () => {
        ours.snapshot(snapshotText)
        ref.snapshot(JSON.parse(snapshotText) as RawSnapshot)
        check('after the snapshot hand-over')
      }
    }
    const before = feed(lines, step, 0, k, lat)
    const t0 = process.hrtime.bigint()
    handOver()
    const syncNs = Number(process.hrtime.bigint() - t0)
    const after = feed(lines, step, k, n, lat)
    timed = { ns: before.ns + after.ns, cpuUs: before.cpuUs + after.cpuUs }
    out.bufferedBeforeSnapshot = k
    out.snapshotSyncMs = syncNs / 1e6
    out.final = { bidLevels: book.bidCount, askLevels: book.askCount, sequence: book.sequence }
    if (every > 0) {
      if (opts.final) {
        const generator = JSON.parse(readFileSync(opts.final, 'utf8')) as Sides<BinanceLevelText>
        const problem = difference(bookText(book), generator, "final book against the generator's")
        if (problem) throw new Error(problem)
        checks++
      }
      out.checks = checks
    }
    if (opts.dump) writeFileSync(opts.dump, JSON.stringify(bookText(book)))
  }

  Object.assign(out, {
    seconds: timed.ns / 1e9,
    framesPerSec: n / (timed.ns / 1e9),
    usPerFrame: timed.ns / 1e3 / n,
    cpuUsPerFrame: timed.cpuUs / n,
    maxRssKB: process.resourceUsage().maxRSS,
  })
  if (lat) {
    const s = lat.sort()
    const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number
    out.latencyNs = { p50: q(0.5), p99: q(0.99), p999: q(0.999), max: s[s.length - 1] }
  }
  process.stdout.write(JSON.stringify(out) + '\n')
  process.exit(0)
}

// ---------------------------------------------------------------------------------------------------------
// the run (parent)

const CCXT_DRIVER = join(HERE, 'ccxt', 'ccxt-binance.mjs')
const IMPLS: readonly Impl[] = ['parse', 'parse-raw', 'ours', 'ccxt', 'ccxt-client']

interface Files {
  /** Bare events, byte-for-byte the generator's. */
  readonly raw: string
  /** The same events in the combined-stream wrapper. */
  readonly combined: string
  readonly snapshot: string
  /** The generator's own final book. */
  readonly final: string
  readonly lastU: number
  readonly describe: string
}

function run(impl: Impl, files: Files, args: readonly string[]): Measurement {
  const ccxt = impl === 'ccxt' || impl === 'ccxt-client'
  const command = ccxt
    ? [CCXT_DRIVER, '--impl', impl, '--frames', files.raw, '--snapshot', files.snapshot]
    : [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        '--impl',
        impl,
        '--frames',
        impl === 'parse-raw' ? files.raw : files.combined,
        ...(impl === 'ours' ? ['--snapshot', files.snapshot] : []),
      ]
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
  parse: '`JSON.parse` only, combined frames (the floor)',
  'parse-raw': '`JSON.parse` only, bare events',
  ours: 'ours: decode + hand-over + `L2Book`',
  ccxt: 'ccxt: `handleMessage`',
  'ccxt-client': 'ccxt: `WsClient.onMessage`',
}

/** Writes the frames once for every process, and says what they are. */
function writeFrames(n: number, dir: string): Files {
  const made = binanceDepthFrames({ n })
  const base = join(dir, `binance-depth-BTCUSDT-${n}`)
  const body = made.frames.join('\n') + '\n'
  const raw = `${base}.ndjson`
  const combined = `${base}.combined.ndjson`
  const snapshot = `${base}.snapshot.json`
  const final = `${base}.final.json`
  writeFileSync(raw, body)
  writeFileSync(combined, made.frames.map((f) => `{"stream":"${STREAM}","data":${f}}`).join('\n') + '\n')
  writeFileSync(snapshot, made.snapshot)
  writeFileSync(final, JSON.stringify(made.final))
  const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')
  const describe =
    `${fmt(n)} frames (${STREAM}: ${fmt(made.changes / n, 1)} level changes a frame on average, ` +
    `${fmt((100 * made.deletes) / made.changes, 0)}% deletes, ${fmt(Buffer.byteLength(body) / n)} bytes a ` +
    `bare event, +${STREAM.length + 21} in the combined wrapper), sha256 ${sha256(body)}; snapshot ` +
    `lastUpdateId ${made.lastUpdateId} (${fmt(JSON.parse(made.snapshot).bids.length as number)} bids), ` +
    `sha256 ${sha256(made.snapshot)}`
  return { raw, combined, snapshot, final, lastU: made.lastU, describe }
}

/** Ours and ccxt against the reference, ours against the generator, ccxt's final book against ours. */
function verify(impls: readonly Impl[], files: Files, every: number, buffer: string, dir: string): string {
  const oursDump = join(dir, 'binance-book.ours-final.json')
  const ccxtDump = join(dir, 'binance-book.ccxt-final.json')
  const checked: string[] = []
  const common = ['--buffer', buffer, '--verify-every', String(every)]
  const ours = run('ours', files, [...common, '--final', files.final, '--dump', oursDump])
  if (ours.final?.sequence !== files.lastU) throw new Error(`ours ended at ${String(ours.final?.sequence)}`)
  checked.push(`ours ${fmt(ours.checks ?? 0)}`)
  for (const impl of impls.filter((i) => i === 'ccxt' || i === 'ccxt-client')) {
    const m = run(impl, files, [...common, ...(impl === 'ccxt' ? ['--dump', ccxtDump] : [])])
    if (m.nonce !== files.lastU)
      throw new Error(`${impl} ended at nonce ${String(m.nonce)}, not ${files.lastU}`)
    checked.push(`${impl} ${fmt(m.checks ?? 0)}`)
  }
  let versusCcxt = ''
  if (impls.includes('ccxt')) {
    const a = JSON.parse(readFileSync(oursDump, 'utf8')) as Sides<BinanceLevelText>
    const b = JSON.parse(readFileSync(ccxtDump, 'utf8')) as Sides<[number, number]>
    for (const side of ['bids', 'asks'] as const) {
      const x = a[side]
      const y = b[side]
      const same =
        x.length === y.length && x.every((l, i) => Number(l[0]) === y[i]?.[0] && Number(l[1]) === y[i]?.[1])
      if (!same) throw new Error(`final ${side}: our book and ccxt's differ`)
    }
    versusCcxt = `; ccxt's final book equals ours (${a.bids.length} bids, ${a.asks.length} asks, as numbers)`
  }
  return (
    `verified, untimed: each book against the reference after the hand-over, every ${fmt(every)}th frame ` +
    `and the last (checks: ${checked.join(', ')}); ours ends exactly on the generator's book, at u ` +
    `${files.lastU}, as ccxt's nonce does${versusCcxt}`
  )
}

function parent(argv: readonly string[]): void {
  const opts = options(argv, {
    n: '200000',
    rounds: '5',
    buffer: '20',
    'verify-every': '1000',
    impls: 'parse,parse-raw,ours,ccxt',
  })
  const n = Number(opts.n)
  const rounds = Number(opts.rounds)
  const every = Number(opts['verify-every'])
  const buffer = opts.buffer as string
  const impls = (opts.impls as string).split(',') as Impl[]
  for (const impl of impls) if (!IMPLS.includes(impl)) throw new Error(`--impls: unknown ${impl}`)
  if (!impls.includes('parse') || !impls.includes('ours')) throw new Error('--impls needs parse and ours')
  const withCcxt = impls.includes('ccxt') || impls.includes('ccxt-client')
  if (withCcxt && !existsSync(join(HERE, 'ccxt', 'node_modules', 'ccxt', 'package.json'))) {
    throw new Error('ccxt is not installed for the comparison: run `npm ci --prefix bench/ccxt` first')
  }
  const started = Date.now()
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')
  const dir = join(ROOT, '.bench-out')
  mkdirSync(dir, { recursive: true })
  const files = writeFrames(n, dir)
  const probe = withCcxt ? run(impls.includes('ccxt') ? 'ccxt' : 'ccxt-client', files, []) : undefined
  const env = [
    `node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, load ${load()}`,
    ...(probe
      ? [`ccxt ${String(probe.ccxtPackage)} (its \`version\` field says ${String(probe.ccxt)})`]
      : []),
    files.describe,
    `${buffer} frames arrive before the REST snapshot (the first 5 are older than it, the 6th straddles it)`,
  ]
  console.log(env.join('\n'))
  if (every > 0) console.log(verify(impls, files, every, buffer, dir))

  const tp: Record<string, Measurement[]> = Object.fromEntries(impls.map((i) => [i, []]))
  const lat: Record<string, Measurement[]> = Object.fromEntries(impls.map((i) => [i, []]))
  for (let r = 0; r < rounds; r++) {
    const order = [...impls.slice(r % impls.length), ...impls.slice(0, r % impls.length)]
    for (const impl of order) {
      tp[impl]?.push(run(impl, files, ['--buffer', buffer]))
      lat[impl]?.push(run(impl, files, ['--buffer', buffer, '--latency', '1']))
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
  const out: string[] = []
  out.push(
    `${rounds} interleaved rounds, medians; load ${load()}; ${fmt((Date.now() - started) / 1000)} s in all`,
  )
  out.push('')
  out.push(
    '| implementation | frames/s (min–max) | µs/frame | × parse | CPU µs/frame | p50 µs | p99 µs | p99.9 µs |',
  )
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const impl of impls) {
    const us = wall(impl)
    const m = median(us)
    out.push(
      `| ${LABELS[impl]} | ${fmt(1e6 / m)} (${fmt(1e6 / Math.max(...us))}–${fmt(1e6 / Math.min(...us))}) | ` +
        `${fmt(m, 2)} | ${fmt(m / floor, 2)} | ${fmt(median(cpu(impl)), 2)} | ${fmt(q(impl, 'p50'), 2)} | ` +
        `${fmt(q(impl, 'p99'), 2)} | ${fmt(q(impl, 'p999'), 2)} |`,
    )
  }
  // each ratio is taken within a round (both runs saw the same machine), then the median and range
  const ratios = (of: (i: Impl) => number[], a: Impl, b: Impl): number[] => {
    const xb = of(b)
    return of(a).map((x, i) => x / (xb[i] as number))
  }
  const ratio = (of: (i: Impl) => number[], a: Impl, b: Impl): string => {
    const xs = ratios(of, a, b)
    return `${fmt(median(xs), 2)} × (rounds ${fmt(Math.min(...xs), 2)}–${fmt(Math.max(...xs), 2)})`
  }
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED')
  out.push('')
  if (impls.includes('ccxt')) {
    out.push(
      `- ours vs ccxt, frames/s: ${ratio(wall, 'ccxt', 'ours')}; by CPU time ${ratio(cpu, 'ccxt', 'ours')}. ` +
        `Target >= 2: ${verdict(median(ratios(wall, 'ccxt', 'ours')) >= 2)}`,
    )
  }
  out.push(
    `- ours vs JSON.parse of the same frames, time a frame: ${ratio(wall, 'ours', 'parse')}; by CPU time ` +
      `${ratio(cpu, 'ours', 'parse')}. Target <= 1.3: ${verdict(median(ratios(wall, 'ours', 'parse')) <= 1.3)}`,
  )
  if (impls.includes('parse-raw')) {
    out.push(`- ours vs JSON.parse of the bare events (ccxt's input): ${ratio(wall, 'ours', 'parse-raw')}`)
  }
  const p99 = q('ours', 'p99')
  out.push(
    `- ours p99: ${fmt(p99, 2)} µs (JSON.parse alone ${fmt(q('parse', 'p99'), 2)} µs). Target <= 20: ${verdict(p99 <= 20)}`,
  )
  const sync = (impl: Impl) => median((tp[impl] as Measurement[]).map((m) => m.snapshotSyncMs ?? NaN))
  out.push(
    `- snapshot hand-over, not in the frames' time: ours ${fmt(sync('ours'), 2)} ms` +
      (impls.includes('ccxt') ? `, ccxt ${fmt(sync('ccxt'), 2)} ms (through its promises)` : ''),
  )
  const perRound = (impl: Impl) =>
    wall(impl)
      .map((x) => fmt(x, 2))
      .join(' ')
  out.push(`- µs/frame by round: ${impls.map((i) => `${i} ${perRound(i)}`).join('; ')}`)
  console.log('\n' + out.join('\n'))
  const summary = { env, rounds, table: out, throughput: tp, latency: lat }
  writeFileSync(join(dir, 'binance-book.json'), JSON.stringify(summary, null, 2) + '\n')
}

const argv = process.argv.slice(2)
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    if (argv.includes('--impl')) child(argv)
    else parent(argv)
  } catch (e: unknown) {
    console.error(e)
    process.exit(2)
  }
}
