#!/usr/bin/env node
/**
 * ccxt pro's Bybit order book, driven offline on the frames of bench/frames.ts: one measurement per
 * process, one JSON line on stdout. Started by bench/bybit-book.ts; on its own:
 *
 * ```
 * node bench/ccxt/ccxt-driver.mjs --frames .bench-out/bybit-orderbook50-BTCUSDT.ndjson
 *      [--impl ccxt|ccxt-client] [--latency 0|1] [--verify-every K] [--dump FILE]
 * ```
 *
 * ccxt runs through its public entry point: `watchOrderBook('BTC/USDT', 50)` on an exchange whose
 * WsClient has `connect()`/`send()` stubbed (no socket); the subscription acknowledgement is delivered
 * as the server sends it, then every frame:
 * - `ccxt`: `JSON.parse` and `exchange.handleMessage(client, message)`, what ccxt does per message;
 * - `ccxt-client`: `client.onMessage({ data })`, ccxt's own WsClient entry (a regex pre-pass for
 *   15+ digit numbers, `JSON.parse`, then `handleMessage`), what it does per text frame.
 *
 * With `--verify-every K` (not timed) the book is compared after every K-th frame and after the last
 * with a plain Map book fed the same frames (ccxt keeps prices and sizes as floats, so the reference
 * compares `Number(text)`); the run fails on any difference or on an error ccxt reports.
 * `--dump FILE` writes ccxt's final book, best first, for the cross-check with ours.
 */
import fs from 'node:fs'
import { StringDecoder } from 'node:string_decoder'

const SYMBOL = 'BTC/USDT'

function args(argv) {
  const opts = { frames: '', impl: 'ccxt', latency: '0', 'verify-every': '0', dump: '' }
  for (let i = 0; i < argv.length; i += 2) {
    const key = String(argv[i]).replace(/^--/, '')
    if (!(key in opts) || argv[i + 1] === undefined)
      throw new Error(`unknown or incomplete option ${argv[i]}`)
    opts[key] = argv[i + 1]
  }
  if (!opts.frames) throw new Error('--frames FILE is required')
  if (!['ccxt', 'ccxt-client'].includes(opts.impl)) throw new Error('--impl ccxt|ccxt-client')
  return {
    frames: opts.frames,
    impl: opts.impl,
    latency: opts.latency === '1',
    verifyEvery: Number(opts['verify-every']),
    dump: opts.dump,
  }
}

// the same loader as bench/bybit-book.ts: 1 MiB chunks, so the file never sits in memory twice
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

// ---- the reference: a Map per side keyed by the price text, u continuity checked ----

class Reference {
  constructor() {
    this.bids = new Map()
    this.asks = new Map()
    this.u = undefined
  }
  static apply(side, levels) {
    for (const [p, s] of levels) {
      if (Number(s) === 0) side.delete(p)
      else side.set(p, s)
    }
  }
  handle(message) {
    const d = message.data
    if (message.type === 'snapshot') {
      this.bids.clear()
      this.asks.clear()
    } else if (this.u === undefined || d.u !== this.u + 1) {
      throw new Error(`reference: u ${d.u} after ${this.u}`)
    }
    Reference.apply(this.bids, d.b)
    Reference.apply(this.asks, d.a)
    this.u = d.u
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

async function setup(viaClient) {
  const { default: ccxt } = await import('ccxt')
  const sent = []
  const errors = []
  const exchange = new ccxt.pro.bybit()
  exchange.setMarkets([spotMarket()])
  goOffline(exchange, sent, errors)
  const watch = exchange.watchOrderBook(SYMBOL, 50)
  watch.catch(() => {})
  await until(() => sent.length > 0, 'the subscribe message')
  const { url, message } = sent[0]
  const client = exchange.clients[url]
  const deliver = viaClient
    ? (line) => client.onMessage({ data: line })
    : (line) => exchange.handleMessage(client, JSON.parse(line))
  deliver(
    JSON.stringify({
      success: true,
      ret_msg: 'subscribe',
      conn_id: 'offline',
      req_id: String(message.req_id),
      op: 'subscribe',
    }),
  )
  const packageVersion = JSON.parse(
    fs.readFileSync(new URL('./node_modules/ccxt/package.json', import.meta.url), 'utf8'),
  ).version
  return { ccxt, exchange, deliver, watch, errors, subscribe: message, packageVersion }
}

// ---- the run ----

async function main() {
  const opts = args(process.argv.slice(2))
  const lines = loadLines(opts.frames)
  const n = lines.length
  const cx = await setup(opts.impl === 'ccxt-client')
  const lat = opts.latency ? new Float64Array(n) : undefined
  let step = cx.deliver
  let checks = 0
  if (opts.verifyEvery > 0) {
    const ref = new Reference()
    let i = 0
    step = (line) => {
      cx.deliver(line)
      ref.handle(JSON.parse(line))
      if (i % opts.verifyEvery === 0 || i === n - 1) {
        const ob = cx.exchange.orderbooks[SYMBOL]
        const problem = ob ? difference(levelsOf(ob), ref.levels(), `after frame ${i}`) : 'no book'
        if (problem) throw new Error(problem)
        checks++
      }
      i++
    }
  }
  const cpu = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  if (lat) {
    for (let i = 0; i < n; i++) {
      const t = process.hrtime.bigint()
      step(lines[i])
      lat[i] = Number(process.hrtime.bigint() - t)
    }
  } else {
    for (let i = 0; i < n; i++) step(lines[i])
  }
  const ns = Number(process.hrtime.bigint() - t0)
  const used = process.cpuUsage(cpu)
  await cx.watch
  const ob = cx.exchange.orderbooks[SYMBOL]
  if (!ob) throw new Error(`ccxt has no book for ${SYMBOL} (errors: ${cx.errors.join('; ')})`)
  if (cx.errors.length > 0) throw new Error(`ccxt reported errors: ${cx.errors.join('; ')}`)
  const out = {
    impl: opts.impl,
    mode: lat ? 'latency' : 'throughput',
    frames: n,
    seconds: ns / 1e9,
    framesPerSec: n / (ns / 1e9),
    usPerFrame: ns / 1e3 / n,
    cpuUsPerFrame: (used.user + used.system) / n,
    node: process.version,
    ccxt: cx.ccxt.version,
    ccxtPackage: cx.packageVersion,
    maxRssKB: process.resourceUsage().maxRSS,
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
