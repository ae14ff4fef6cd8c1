/**
 * One client process of the scale bench (started by bench/scale.ts): connects a client to the feed,
 * waits until every book has delivered, lets it run `--settle` seconds more, then measures `--seconds`.
 *
 * ```
 * node --import tsx bench/scale-client.ts --client rxvenue|bare|ccxt --port P --symbols N
 *      [--seconds 60] [--settle 5] [--source dist|src] [--seed 1] [--sync-timeout 900] [--profile FILE] [--heap-profile FILE]
 * ```
 * It prints JSON lines on stdout: `{"event":"synced",…}`, `{"event":"window","phase":"start"}` and
 * `"end"` (the parent reads the feed's counters at those moments), then `{"event":"result",…}`.
 * `--profile FILE` writes a V8 CPU profile of the window alone (`.cpuprofile`, for Chrome DevTools);
 * `--heap-profile FILE` a sampled allocation profile of it (`.heapprofile`: bytes allocated, by stack).
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startBare } from './scale-bare.js'
import { startCcxt } from './scale-ccxt.js'
import { LatencyHistogram, startWindow } from './scale-measure.js'
import { startRxvenue } from './scale-rxvenue.js'
import { scaleSymbols } from './scale-symbols.js'
import type { ClientContext, ClientName, ScaleClient } from './scale-types.js'

export const CLIENTS: Record<ClientName, (ctx: ClientContext) => Promise<ScaleClient>> = {
  rxvenue: startRxvenue,
  bare: startBare,
  ccxt: startCcxt,
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

const emit = (line: Record<string, unknown>): void => {
  process.stdout.write(JSON.stringify(line) + '\n')
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function main(argv: readonly string[]): Promise<void> {
  const opts: Record<string, string> = {
    client: '',
    port: '',
    symbols: '',
    seconds: '60',
    settle: '5',
    source: 'dist',
    seed: '1',
    'sync-timeout': '900',
    profile: '',
    'heap-profile': '',
  }
  for (let i = 0; i < argv.length; i += 2) {
    const key = (argv[i] ?? '').replace(/^--/, '')
    if (!(key in opts) || argv[i + 1] === undefined)
      throw new Error(`unknown or incomplete option ${argv[i]}`)
    opts[key] = argv[i + 1] as string
  }
  const name = opts.client as ClientName
  if (!(name in CLIENTS)) throw new Error(`--client ${Object.keys(CLIENTS).join('|')}`)
  if (opts.source !== 'dist' && opts.source !== 'src') throw new Error('--source dist|src')
  const symbols = scaleSymbols(Number(opts.symbols), Number(opts.seed))
  const books = symbols.length * 2
  const latency = new LatencyHistogram()
  const started = performance.now()
  const client = await CLIENTS[name]({
    http: `http://127.0.0.1:${opts.port}`,
    ws: `ws://127.0.0.1:${opts.port}`,
    symbols,
    latency,
    source: opts.source,
    root: ROOT,
  })

  const deadline = started + Number(opts['sync-timeout']) * 1000
  let reported = 0
  while (client.synced() < books) {
    if (performance.now() > deadline) {
      throw new Error(`${name}: ${client.synced()} of ${books} books synced after ${opts['sync-timeout']} s`)
    }
    const at = Math.floor((performance.now() - started) / 30_000)
    if (at > reported) {
      reported = at
      process.stderr.write(`${name}: ${client.synced()} of ${books} books synced\n`)
    }
    await pause(100)
  }
  emit({ event: 'synced', books, seconds: (performance.now() - started) / 1000 })
  await pause(Number(opts.settle) * 1000)

  const session = opts.profile || opts['heap-profile'] ? new Session() : undefined
  if (session) session.connect()
  if (session && opts.profile) {
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  if (session && opts['heap-profile']) {
    await session.post('HeapProfiler.enable')
    // every 1 KiB allocated on average: a sample of where the window's bytes come from, by stack
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    })
  }
  const counters0 = client.counters()
  emit({ event: 'window', phase: 'start' })
  const window = startWindow(latency)
  await pause(Number(opts.seconds) * 1000)
  const result = window.end()
  emit({ event: 'window', phase: 'end' })
  if (session && opts.profile) {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(opts.profile as string, JSON.stringify(profile))
  }
  if (session && opts['heap-profile']) {
    const { profile } = await session.post('HeapProfiler.stopSampling')
    writeFileSync(opts['heap-profile'] as string, JSON.stringify(profile))
  }
  session?.disconnect()
  const counters1 = client.counters()
  const counters = Object.fromEntries(Object.entries(counters1).map(([k, v]) => [k, v - (counters0[k] ?? 0)]))
  await client.close()
  emit({ event: 'result', client: name, books, synced: client.synced(), counters, ...result })
  process.exit(0)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e)
    process.exit(2)
  })
}
