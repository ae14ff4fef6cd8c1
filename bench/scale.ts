/**
 * Books at scale: rxvenue, the bare `ws` + `JSON.parse` floor and ccxt, each in its own process, on the
 * same feed (bench/scale-feed.ts, a child process) of N symbols per venue. Method and figures:
 * bench/README.md.
 *
 * ```
 * npm run bench:scale -- [--sizes 100,250,500] [--seconds 60] [--clients rxvenue,bare,ccxt]
 *      [--settle 5] [--source dist|src] [--profile 500] [--weight 6000] [--rounds 1]
 *      [--out .bench-out/scale.json]
 * ```
 * For each size and client, one after the other: a fresh feed, then the client, which waits until every
 * book has delivered, settles, and measures `--seconds`; the feed's counters are read as its window
 * starts and ends.
 * - `--profile N` also writes a CPU profile of each client's window at N symbols per venue to
 *   `.bench-out/scale-<client>-<N>.cpuprofile`.
 * - `--weight W` makes the feed declare Binance's request weight a minute as W instead of the real 6,000:
 *   the Binance books then sync in seconds rather than minutes; the measured window is the same.
 * - `--rounds R` measures everything R times, each round starting with the next client, and reports
 *   medians and ranges (on a shared machine one round is at the mercy of what else runs).
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
  /** Which round of `--rounds` it was measured in (0 first). */
  readonly round?: number
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

/** The middle of `xs` (the lower one of an even count). */
const middle = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1] as number

/** The median of `xs` (the mean of the two middle ones of an even count). */
function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const k = sorted.length >> 1
  return sorted.length % 2 === 1
    ? (sorted[k] as number)
    : ((sorted[k - 1] as number) + (sorted[k] as number)) / 2
}

/** `1.43 ×` for one round, `1.43 × (1.38–1.51)` (median, range) for several. */
function spread(xs: readonly number[], digits = 2): string {
  const m = `${fmt(median(xs), digits)} ×`
  return xs.length < 2 ? m : `${m} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`
}

/**
 * The markdown table of bench/README.md, and the targets of the issue as verdicts. With several rounds
 * a (size, client) row is its round of median CPU a frame, and each ratio is taken within each round
 * (both clients measured minutes apart, not hours) and given as its median and range.
 */
export function report(all: readonly ScaleRow[]): string[] {
  const out = [
    '| books (symbols × 2) | client | frames/s in | CPU % | CPU µs/frame | loop delay p99 / max ms | latency p50 / p99 / p99.9 ms | alloc B/frame | heap MB | RSS MB | sockets |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  const sizes = [...new Set(all.map((r) => r.books))].sort((a, b) => a - b)
  const runs = (client: ClientName, books: number) =>
    all.filter((r) => r.client === client && r.books === books)
  const at = (client: ClientName, books: number): ScaleRow | undefined => {
    const mine = runs(client, books)
    const m = middle(mine.map((r) => r.cpuUsPerFrame))
    return mine.find((r) => r.cpuUsPerFrame === m)
  }
  for (const books of sizes) {
    for (const client of NAMES) {
      const r = at(client, books)
      if (r === undefined) continue
      out.push(
        `| ${fmt(r.books)} | ${r.client} | ${fmt(r.framesPerSec)} | ${fmt(r.cpuPercent, 1)} | ` +
          `${fmt(r.cpuUsPerFrame, 1)} | ${fmt(r.loopDelay.p99, 1)} / ${fmt(r.loopDelay.max, 1)} | ` +
          `${r.latency.p50} / ${r.latency.p99} / ${r.latency.p999} | ${fmt(r.allocatedBytesPerFrame)} | ` +
          `${fmt(r.heapUsedMB)} | ${fmt(r.rssMB)} | ${r.sockets} |`,
      )
    }
  }
  /** `f(rxvenue, other)` in every round where both ran at `books`. */
  const ratios = (other: ClientName, books: number, f: (rx: ScaleRow, o: ScaleRow) => number): number[] =>
    runs('rxvenue', books).flatMap((rx) => {
      const o = runs(other, books).find((r) => r.round === rx.round)
      return o === undefined ? [] : [f(rx, o)]
    })
  out.push('')
  for (const books of sizes) {
    const rx = runs('rxvenue', books)
    if (rx.length === 0) continue
    const parts = [`${fmt(books)} books: rxvenue CPU`]
    const bare = ratios('bare', books, (a, b) => a.cpuPercent / b.cpuPercent)
    const ccxt = ratios('ccxt', books, (a, b) => a.cpuPercent / b.cpuPercent)
    const p99 = ratios('bare', books, (a, b) => a.latency.p99 / Math.max(1, b.latency.p99))
    if (bare.length > 0) parts.push(`${spread(bare)} bare (target ≤ 1.5)`)
    if (ccxt.length > 0) parts.push(`${spread(ccxt)} ccxt (target ≤ 0.5)`)
    if (p99.length > 0) parts.push(`p99 ${spread(p99)} bare (target ≤ 3)`)
    parts.push(`largest loop stall ${fmt(Math.max(...rx.map((r) => r.loopDelay.max)), 1)} ms (target ≤ 50)`)
    const sum = (k: string) => rx.reduce((n, r) => n + (r.counters[k] ?? 0), 0)
    parts.push(`resyncs ${sum('resyncs')}, errors ${sum('errors')}`)
    out.push(`- ${parts.join('; ')}`)
  }
  for (const client of NAMES) {
    const first = sizes.find((b) => runs(client, b).length > 0)
    const last = [...sizes].reverse().find((b) => runs(client, b).length > 0)
    if (first === undefined || last === undefined || first === last) continue
    const growth = runs(client, last).flatMap((r) => {
      const base = runs(client, first).find((f) => f.round === r.round)
      return base === undefined ? [] : [r.cpuUsPerFrame / base.cpuUsPerFrame]
    })
    out.push(
      `- ${client} CPU µs a frame, ${fmt(last)} against ${fmt(first)} books: ${spread(growth)}` +
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
    rounds: '1',
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
  const rounds = Number(opts.rounds)
  for (let round = 0; round < rounds; round++) {
    for (const symbols of sizes) {
      // each round starts with the next client, so none is always measured first
      for (let k = 0; k < clients.length; k++) {
        const client = clients[(k + round) % clients.length] as ClientName
        const profile =
          opts.profile === String(symbols) && round === 0
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
        rows.push({ ...row, round })
        loads.push([...row.load])
        process.stderr.write(
          `${client} ${symbols}/venue (round ${round + 1}/${rounds}): CPU ${fmt(row.cpuPercent, 1)}%, ` +
            `p99 ${row.latency.p99} ms, synced in ${fmt(row.syncSeconds)} s, ` +
            `load ${row.load.map((l) => l.toFixed(2)).join(' ')}\n`,
        )
      }
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
