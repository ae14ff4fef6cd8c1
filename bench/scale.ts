/**
 * Books at scale: rxvenue, the bare `ws` + `JSON.parse` floor and ccxt, each in its own process, on the
 * same feed (bench/scale-feed.ts, a child process) of N symbols per venue. Method and figures:
 * bench/README.md.
 *
 * ```
 * npm run bench:scale -- [--sizes 100,250,500] [--seconds 60] [--clients rxvenue,bare,ccxt]
 *      [--settle 5] [--source dist|src] [--profile 500] [--weight 6000] [--out .bench-out/scale.json]
 * ```
 * For each size and client, one after the other: a fresh feed, then the client, which waits until every
 * book has delivered, settles, and measures `--seconds`; the feed's counters are read as its window
 * starts and ends. `--profile N` also writes a CPU profile of each client's window at N symbols per venue
 * to `.bench-out/scale-<client>-<N>.cpuprofile`. `--weight W` makes the feed declare Binance's request weight a minute as W instead of
 * the real 6,000: the Binance books then sync in seconds rather than minutes; the measured window is the same.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ClientName } from './scale-types.js'
import type { FeedStats } from './scale-feed.js'
import type { WindowResult } from './scale-measure.js'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..')
const NAMES: readonly ClientName[] = ['rxvenue', 'bare', 'ccxt']

/** One client's window at one size, with the feed's side of it. */
export interface ScaleRow extends WindowResult {
  readonly client: ClientName
  readonly symbols: number
  readonly books: number
  readonly synced: number
  readonly syncSeconds: number
  readonly counters: Record<string, number>
  /** Frames the feed sent in the window (both venues), per second and in all. */
  readonly frames: number
  readonly framesPerSec: number
  readonly cpuUsPerFrame: number
  readonly allocatedBytesPerFrame: number
  /** The feed's own CPU over the window (% of a core), its late ticks and latest tick (ms). */
  readonly feed: { readonly cpuPercent: number; readonly lateTicks: number; readonly maxLateMs: number }
  readonly load: readonly number[]
}

interface Line {
  readonly event: string
  readonly phase?: string
  readonly seconds?: number
}

function spawnNode(file: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [...process.execArgv, join(HERE, file), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', r))

async function startFeed(
  symbols: number,
  seed: number,
  weight: number,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawnNode('scale-feed.ts', [
    ...['--symbols', String(symbols), '--seed', String(seed), '--weight', String(weight)],
  ])
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  for await (const line of lines) {
    lines.close()
    return { child, port: (JSON.parse(line) as { port: number }).port }
  }
  throw new Error(`the feed exited (${String(await exited(child))}) before printing its port`)
}

async function feedStats(port: number, reset: boolean): Promise<FeedStats> {
  const res = await fetch(`http://127.0.0.1:${port}/feed/stats${reset ? '?reset=1' : ''}`)
  return (await res.json()) as FeedStats
}

async function measure(
  client: ClientName,
  symbols: number,
  opts: { seconds: number; settle: number; source: string; seed: number; weight: number; profile?: string },
): Promise<ScaleRow> {
  const feed = await startFeed(symbols, opts.seed, opts.weight)
  try {
    const child = spawnNode('scale-client.ts', [
      ...['--client', client, '--port', String(feed.port), '--symbols', String(symbols)],
      ...['--seconds', String(opts.seconds), '--settle', String(opts.settle), '--source', opts.source],
      ...['--seed', String(opts.seed), ...(opts.profile ? ['--profile', opts.profile] : [])],
    ])
    let syncSeconds = NaN
    let before: Promise<FeedStats> | undefined
    let after: Promise<FeedStats> | undefined
    let result: (WindowResult & Record<string, unknown>) | undefined
    for await (const text of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
      const line = JSON.parse(text) as Line
      if (line.event === 'synced') syncSeconds = line.seconds ?? NaN
      else if (line.event === 'window' && line.phase === 'start') before = feedStats(feed.port, true)
      else if (line.event === 'window' && line.phase === 'end') after = feedStats(feed.port, false)
      else if (line.event === 'result') result = line as unknown as WindowResult & Record<string, unknown>
    }
    const code = await exited(child)
    if (code !== 0 || result === undefined || before === undefined || after === undefined) {
      throw new Error(`${client} at ${symbols} symbols per venue failed (exit ${String(code)})`)
    }
    const [s0, s1] = await Promise.all([before, after])
    const frames = s1.frames.bybit + s1.frames.binance - s0.frames.bybit - s0.frames.binance
    return {
      ...result,
      client,
      symbols,
      books: result.books as number,
      synced: result.synced as number,
      counters: result.counters as Record<string, number>,
      syncSeconds,
      frames,
      framesPerSec: frames / result.seconds,
      cpuUsPerFrame: result.cpuUs / frames,
      allocatedBytesPerFrame: result.allocatedBytes / frames,
      feed: {
        cpuPercent: (s1.cpuUs - s0.cpuUs) / 1e4 / result.seconds,
        lateTicks: s1.ticks.late - s0.ticks.late,
        maxLateMs: s1.maxLateMs,
      },
      load: loadavg(),
    }
  } finally {
    feed.child.kill('SIGTERM')
    await exited(feed.child)
  }
}

const fmt = (x: number, digits = 0): string =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–'

/** The markdown table of bench/README.md, and the targets of the issue as verdicts. */
export function report(rows: readonly ScaleRow[]): string[] {
  const out = [
    '| books (symbols × 2) | client | frames/s in | CPU % | CPU µs/frame | loop delay p99 / max ms | latency p50 / p99 / p99.9 ms | alloc B/frame | heap MB | RSS MB | sockets |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of rows) {
    out.push(
      `| ${fmt(r.books)} | ${r.client} | ${fmt(r.framesPerSec)} | ${fmt(r.cpuPercent, 1)} | ` +
        `${fmt(r.cpuUsPerFrame, 1)} | ${fmt(r.loopDelay.p99, 1)} / ${fmt(r.loopDelay.max, 1)} | ` +
        `${r.latency.p50} / ${r.latency.p99} / ${r.latency.p999} | ${fmt(r.allocatedBytesPerFrame)} | ` +
        `${fmt(r.heapUsedMB)} | ${fmt(r.rssMB)} | ${r.sockets} |`,
    )
  }
  const at = (client: ClientName, books: number) => rows.find((r) => r.client === client && r.books === books)
  const sizes = [...new Set(rows.map((r) => r.books))].sort((a, b) => a - b)
  out.push('')
  for (const books of sizes) {
    const rx = at('rxvenue', books)
    if (rx === undefined) continue
    const bare = at('bare', books)
    const ccxt = at('ccxt', books)
    const parts = [`${fmt(books)} books: rxvenue CPU`]
    if (bare) parts.push(`${fmt(rx.cpuPercent / bare.cpuPercent, 2)} × bare (target ≤ 1.5)`)
    if (ccxt) parts.push(`${fmt(rx.cpuPercent / ccxt.cpuPercent, 2)} × ccxt (target ≤ 0.5)`)
    if (bare) parts.push(`p99 ${fmt(rx.latency.p99 / Math.max(1, bare.latency.p99), 2)} × bare (target ≤ 3)`)
    parts.push(`largest loop stall ${fmt(rx.loopDelay.max, 1)} ms (target ≤ 50)`)
    parts.push(`resyncs ${rx.counters.resyncs ?? 0}, errors ${rx.counters.errors ?? 0}`)
    out.push(`- ${parts.join('; ')}`)
  }
  for (const client of NAMES) {
    const mine = sizes.map((b) => at(client, b)).filter((r): r is ScaleRow => r !== undefined)
    const first = mine[0]
    const last = mine[mine.length - 1]
    if (first === undefined || last === undefined || first === last) continue
    out.push(
      `- ${client} CPU µs a frame, ${fmt(last.books)} against ${fmt(first.books)} books: ` +
        `${fmt(last.cpuUsPerFrame / first.cpuUsPerFrame, 2)} ×` +
        (client === 'rxvenue' ? ' (target: flat within 20%)' : ''),
    )
  }
  return out
}

async function main(argv: readonly string[]): Promise<void> {
  const opts: Record<string, string> = {
    sizes: '100,250,500',
    seconds: '60',
    clients: 'rxvenue,bare,ccxt',
    settle: '5',
    source: 'dist',
    seed: '1',
    profile: '',
    weight: '6000',
    out: join(ROOT, '.bench-out', 'scale.json'),
  }
  for (let i = 0; i < argv.length; i += 2) {
    const key = (argv[i] ?? '').replace(/^--/, '')
    if (!(key in opts) || argv[i + 1] === undefined)
      throw new Error(`unknown or incomplete option ${argv[i]}`)
    opts[key] = argv[i + 1] as string
  }
  const sizes = (opts.sizes as string).split(',').map(Number)
  const clients = (opts.clients as string).split(',') as ClientName[]
  for (const c of clients) if (!NAMES.includes(c)) throw new Error(`--clients: unknown ${c}`)
  if (
    clients.includes('rxvenue') &&
    opts.source === 'dist' &&
    !existsSync(join(ROOT, 'dist', 'esm', 'index.js'))
  ) {
    throw new Error('no build of rxvenue: run `npm run build` first (or pass --source src)')
  }
  if (clients.includes('ccxt') && !existsSync(join(HERE, 'ccxt', 'node_modules', 'ccxt', 'package.json'))) {
    throw new Error('ccxt is not installed for the comparison: run `npm ci --prefix bench/ccxt` first')
  }
  const out = resolve(opts.out as string)
  mkdirSync(dirname(out), { recursive: true })
  const env = `node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}`
  const loads: number[][] = [loadavg()]
  console.log(
    `${env}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
  const rows: ScaleRow[] = []
  for (const symbols of sizes) {
    for (const client of clients) {
      const profile =
        opts.profile === String(symbols)
          ? join(dirname(out), `scale-${client}-${symbols}.cpuprofile`)
          : undefined
      const row = await measure(client, symbols, {
        seconds: Number(opts.seconds),
        settle: Number(opts.settle),
        source: opts.source as string,
        seed: Number(opts.seed),
        weight: Number(opts.weight),
        ...(profile ? { profile } : {}),
      })
      rows.push(row)
      loads.push([...row.load])
      process.stderr.write(
        `${client} ${symbols}/venue: CPU ${fmt(row.cpuPercent, 1)}%, p99 ${row.latency.p99} ms, ` +
          `synced in ${fmt(row.syncSeconds)} s, load ${row.load.map((l) => l.toFixed(2)).join(' ')}\n`,
      )
    }
  }
  const table = report(rows)
  const load1 = loads.map((l) => l[0] as number)
  const summary = `load average (1 min) over the run: ${fmt(Math.min(...load1), 2)}–${fmt(Math.max(...load1), 2)}`
  console.log(['', ...table, '', summary].join('\n'))
  writeFileSync(out, JSON.stringify({ env, options: opts, loads, table, rows }, null, 2) + '\n')
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e)
    process.exit(2)
  })
}
