#!/usr/bin/env node
/**
 * ccxt pro's Binance spot order book, driven offline on the frames of bench/binance-frames.ts: one
 * measurement per process, one JSON line on stdout. Started by bench/binance-book.ts; on its own:
 *
 * ```
 * node bench/ccxt/ccxt-binance.mjs --frames FILE.ndjson --snapshot FILE.snapshot.json [--buffer 20]
 *      [--impl ccxt|ccxt-client] [--latency 0|1] [--verify-every K] [--dump FILE]
 * ```
 *
 * ccxt runs through its public entry point: `watchOrderBook('BTC/USDT')` on an exchange whose WsClient
 * has `connect()`/`send()` stubbed (no socket) and whose HTTP layer (`exchange.fetch`) answers
 * `GET /api/v3/depth` with the snapshot file once released, so ccxt's own buffer → REST snapshot →
 * drop `u <= lastUpdateId` → apply hand-over runs unchanged. The subscription acknowledgement is delivered
 * as the server sends it; then the first `--buffer` frames (ccxt caches them), the snapshot (not timed:
 * it resolves through promises; its time is reported as `snapshotSyncMs`), and every other frame:
 * - `ccxt`: `JSON.parse` and `exchange.handleMessage(client, message)`, what ccxt does per message;
 * - `ccxt-client`: `client.onMessage({ data })`, ccxt's own WsClient entry (a regex pre-pass for
 *   15+ digit numbers, `JSON.parse`, then `handleMessage`), what it does per text frame.
 * The frames are the raw stream's events (`/ws/<stream>`, ccxt's connection), not the combined wrapper.
 *
 * With `--verify-every K` (not timed) the book is compared after every K-th frame once synced, and after
 * the last, with a plain Map book that follows Binance's documented procedure on the same frames (ccxt
 * keeps prices and sizes as floats, so the reference compares `Number(text)`); the run fails on any
 * difference or on an error ccxt reports. `--dump FILE` writes ccxt's final book, best first.
 */
import fs from 'node:fs'
import { StringDecoder } from 'node:string_decoder'

const SYMBOL = 'BTC/USDT'

function args(argv) {
  const opts = {
    frames: '',
    snapshot: '',
    buffer: '20',
    impl: 'ccxt',
    latency: '0',
    'verify-every': '0',
    dump: '',
  }
  for (let i = 0; i < argv.length; i += 2) {
    const key = String(argv[i]).replace(/^--/, '')
    if (!(key in opts) || argv[i + 1] === undefined)
      throw new Error(`unknown or incomplete option ${argv[i]}`)
    opts[key] = argv[i + 1]
  }
  if (!opts.frames || !opts.snapshot) throw new Error('--frames FILE and --snapshot FILE are required')
  if (!['ccxt', 'ccxt-client'].includes(opts.impl)) throw new Error('--impl ccxt|ccxt-client')
  return {
    frames: opts.frames,
    snapshot: opts.snapshot,
    buffer: Number(opts.buffer),
    impl: opts.impl,
    latency: opts.latency === '1',
    verifyEvery: Number(opts['verify-every']),
    dump: opts.dump,
  }
}

// the same loader as bench/binance-book.ts: 1 MiB chunks, so the file never sits in memory twice
function loadLines(file) {
  const fd = fs.openSync(file, 'r')
  const buf = Buffer.allocUnsafe(1 << 20)
  const decoder = new StringDecoder('utf8')
  const out = []
  let rest = ''
  for (;;) {
    const n = fs.readSync(fd, buf, 0, buf.length, null)
    if (n === 0) break
    const parts = (rest + decoder.write(buf.subarray(0, n))).split('\n')
    rest = parts.pop()
    for (let i = 0; i < parts.length; i++) out.push(parts[i])
  }
  rest += decoder.end()
  if (rest !== '') out.push(rest)
  fs.closeSync(fd)
  return out
}

// ---- the reference: a Map per side keyed by the price text, Binance's documented procedure ----

class Reference {
  constructor() {
    this.bids = new Map()
    this.asks = new Map()
    this.id = undefined // lastUpdateId, once the snapshot is in
    this.last = undefined
    this.buffer = []
  }
  static apply(side, levels) {
    for (const [p, s] of levels) {
      if (Number(s) === 0) side.delete(p)
      else side.set(p, s)
    }
  }
  handle(event) {
    if (this.id === undefined) this.buffer.push(event)
    else this.apply(event)
  }
  snapshot(snap) {
    this.bids.clear()
    this.asks.clear()
    Reference.apply(this.bids, snap.bids)
    Reference.apply(this.asks, snap.asks)
    this.id = snap.lastUpdateId
    const buffered = this.buffer
    this.buffer = []
    for (const e of buffered) this.apply(e)
  }
  apply(e) {
    if (e.u <= this.id) return
    if (this.last === undefined) {
      if (!(e.U <= this.id + 1 && e.u >= this.id + 1))
        throw new Error(`reference: U ${e.U} u ${e.u} after ${this.id}`)
    } else if (e.U !== this.last + 1) {
      throw new Error(`reference: gap, U ${e.U} after u ${this.last}`)
    }
    Reference.apply(this.bids, e.b)
    Reference.apply(this.asks, e.a)
    this.last = e.u
  }
  levels() {
    const conv = (m) => [...m].map(([p, s]) => [Number(p), Number(s)])
    return {
      bids: conv(this.bids).sort((x, y) => y[0] - x[0]),
      asks: conv(this.asks).sort((x, y) => x[0] - y[0]),
    }
  }
}

function difference(got, want, label) {
  for (const side of ['bids', 'asks']) {
    const g = got[side]
    const w = want[side]
    if (g.length !== w.length) return `${label}: ${side} has ${g.length} levels, reference ${w.length}`
    for (let i = 0; i < w.length; i++) {
      if (g[i][0] !== w[i][0] || g[i][1] !== w[i][1]) {
        return `${label}: ${side}[${i}] is [${g[i]}], reference [${w[i]}]`
      }
    }
  }
  return undefined
}

const levelsOf = (ob) => ({
  bids: Array.from(ob.bids, (l) => [l[0], l[1]]),
  asks: Array.from(ob.asks, (l) => [l[0], l[1]]),
})

// ---- ccxt, offline ----

function spotMarket() {
  // the unified market ccxt builds for BTC/USDT spot (the fields its order-book code reads, and the usual ones)
  return {
    id: 'BTCUSDT',
    lowercaseId: 'btcusdt',
    symbol: SYMBOL,
    base: 'BTC',
    quote: 'USDT',
    baseId: 'BTC',
    quoteId: 'USDT',
    type: 'spot',
    spot: true,
    margin: false,
    swap: false,
    future: false,
    option: false,
    contract: false,
    active: true,
    taker: 0.001,
    maker: 0.001,
    precision: { amount: 0.000001, price: 0.01 },
    limits: {
      amount: { min: 0.000001, max: 9000 },
      price: { min: 0.01, max: 1000000 },
      cost: { min: 5 },
      leverage: {},
    },
    info: {},
  }
}

// every WsClient the exchange makes: connect() resolves at once, send() records, errors are kept
function goOffline(exchange, sent, errors) {
  const makeClient = exchange.client
  exchange.client = function (url) {
    const c = makeClient.call(this, url)
    if (!c.offline) {
      c.offline = true
      c.connect = function () {
        if (!this.isConnected) {
          this.isConnected = true
          this.connectionEstablished = Date.now()
          this.connected.resolve(this.url)
        }
        return this.connected
      }
      c.send = function (message) {
        sent.push({ url: this.url, message })
        return Promise.resolve()
      }
      c.close = () => Promise.resolve()
      const reject = c.reject
      c.reject = function (result, messageHash) {
        errors.push(String(result && result.message ? result.message : result))
        return reject.call(this, result, messageHash)
      }
    }
    return c
  }
}

async function until(condition, what) {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function setup(viaClient, snapshotText) {
  const { default: ccxt } = await import('ccxt')
  const sent = []
  const errors = []
  const restCalls = []
  const exchange = new ccxt.pro.binance()
  exchange.setMarkets([spotMarket()])
  goOffline(exchange, sent, errors)
  // the HTTP layer: GET /api/v3/depth answers with the snapshot once released
  let release
  const gate = new Promise((resolve) => (release = resolve))
  exchange.fetch = async function (url, method = 'GET') {
    restCalls.push(`${method} ${url}`)
    await gate
    return JSON.parse(snapshotText)
  }
  const watch = exchange.watchOrderBook(SYMBOL)
  watch.catch(() => {})
  await until(() => sent.length > 0, 'the subscribe message')
  const { url, message } = sent[0]
  const client = exchange.clients[url]
  const deliver = viaClient
    ? (line) => client.onMessage({ data: line })
    : (line) => exchange.handleMessage(client, JSON.parse(line))
  deliver(JSON.stringify({ result: null, id: message.id }))
  const packageVersion = JSON.parse(
    fs.readFileSync(new URL('./node_modules/ccxt/package.json', import.meta.url), 'utf8'),
  ).version
  return { ccxt, exchange, deliver, watch, release, errors, restCalls, subscribe: message, packageVersion }
}

// ---- the run ----

async function main() {
  const opts = args(process.argv.slice(2))
  const lines = loadLines(opts.frames)
  const snapshotText = fs.readFileSync(opts.snapshot, 'utf8')
  const n = lines.length
  const k = Math.min(opts.buffer, n)
  const cx = await setup(opts.impl === 'ccxt-client', snapshotText)
  const lat = opts.latency ? new Float64Array(n) : undefined
  let step = cx.deliver
  let checks = 0
  let ref
  const check = (i) => {
    const ob = cx.exchange.orderbooks[SYMBOL]
    const problem = ob
      ? difference(levelsOf(ob), ref.levels(), `after frame ${i}`)
      : `after frame ${i}: no book`
    if (problem) throw new Error(problem)
    checks++
  }
  if (opts.verifyEvery > 0) {
    ref = new Reference()
    let i = 0
    step = (line) => {
      cx.deliver(line)
      ref.handle(JSON.parse(line))
      if (ref.id !== undefined && (i % opts.verifyEvery === 0 || i === n - 1)) check(i)
      i++
    }
  }
  const feed = (from, to) => {
    if (lat) {
      for (let i = from; i < to; i++) {
        const t = process.hrtime.bigint()
        step(lines[i])
        lat[i] = Number(process.hrtime.bigint() - t)
      }
    } else {
      for (let i = from; i < to; i++) step(lines[i])
    }
  }
  const cpu0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  feed(0, k)
  const t1 = process.hrtime.bigint()
  const cpu1 = process.cpuUsage(cpu0)
  cx.release()
  await cx.watch // resolves once ccxt has applied the snapshot and unrolled its cache
  if (ref) {
    ref.snapshot(JSON.parse(snapshotText))
    check(k - 1)
  }
  const t2 = process.hrtime.bigint()
  const cpu2 = process.cpuUsage()
  feed(k, n)
  const t3 = process.hrtime.bigint()
  const cpu3 = process.cpuUsage(cpu2)
  const ns = Number(t1 - t0 + (t3 - t2))
  const cpuUs = cpu1.user + cpu1.system + cpu3.user + cpu3.system
  const ob = cx.exchange.orderbooks[SYMBOL]
  if (!ob) throw new Error(`ccxt has no book for ${SYMBOL} (errors: ${cx.errors.join('; ')})`)
  if (cx.errors.length > 0) throw new Error(`ccxt reported errors: ${cx.errors.join('; ')}`)
  if (cx.restCalls.length !== 1) throw new Error(`ccxt made ${cx.restCalls.length} REST calls`)
  const out = {
    impl: opts.impl,
    mode: lat ? 'latency' : 'throughput',
    frames: n,
    bufferedBeforeSnapshot: k,
    seconds: ns / 1e9,
    framesPerSec: n / (ns / 1e9),
    usPerFrame: ns / 1e3 / n,
    cpuUsPerFrame: cpuUs / n,
    snapshotSyncMs: Number(t2 - t1) / 1e6,
    node: process.version,
    ccxt: cx.ccxt.version,
    ccxtPackage: cx.packageVersion,
    maxRssKB: process.resourceUsage().maxRSS,
    nonce: ob.nonce,
    restCalls: cx.restCalls,
    final: { bidLevels: ob.bids.length, askLevels: ob.asks.length },
  }
  if (lat) {
    const s = lat.sort()
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))]
    out.latencyNs = { p50: q(0.5), p99: q(0.99), p999: q(0.999), max: s[s.length - 1] }
  }
  if (opts.verifyEvery > 0) out.checks = checks
  if (opts.dump) fs.writeFileSync(opts.dump, JSON.stringify(levelsOf(ob)))
  process.stdout.write(JSON.stringify(out) + '\n')
  process.exit(0)
}

main().catch((e) => {
  console.error(e)
  process.exit(2)
})
