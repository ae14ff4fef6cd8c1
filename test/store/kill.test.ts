import { expect } from 'chai'
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { silentLogger } from '../../lib/core/logging.js'
import { createOrderManager } from '../../lib/orders/index.js'
import { sqliteStore } from '../../lib/store/index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createClient } from '../../streams/client.js'

const HERE = dirname(fileURLToPath(import.meta.url))
// 60 kills (20 of each point, on average) in the suite, about a minute; `npm run test:kill` runs the
// 200 the store is held to, about four minutes on 2 cores
const KILLS = Number(process.env['RXVENUE_KILLS'] ?? 60)
const CHILD = resolve(HERE, '../../node_modules/.cache/rxvenue-kill/child.mjs')

/** The whole journal, as the database holds it (a start-up loads only what it needs of it). */
function journal(path: string): { state: string; clientOrderId: string }[] {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (p: string) => {
    prepare(sql: string): { all(): { record: string }[] }
    close(): void
  }
  const db = new Database(path)
  try {
    return db
      .prepare('SELECT record FROM intents')
      .all()
      .map((row) => JSON.parse(row.record) as { state: string; clientOrderId: string })
  } finally {
    db.close()
  }
}

/** mulberry32: the kill points are the same every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type KillPoint = 'before-send' | 'in-flight' | 'after-ack'

/** The child's stdout, a line at a time, as promises of the next line. */
function lineReader(child: ChildProcessWithoutNullStreams) {
  let buffered = ''
  const lines: string[] = []
  const waiting: ((line: string | undefined) => void)[] = []
  let ended = false
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString()
    let i: number
    while ((i = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, i)
      buffered = buffered.slice(i + 1)
      const w = waiting.shift()
      if (w) w(line)
      else lines.push(line)
    }
  })
  child.on('close', () => {
    ended = true
    for (const w of waiting.splice(0)) w(undefined)
  })
  return (): Promise<string | undefined> =>
    lines.length > 0
      ? Promise.resolve(lines.shift())
      : ended
        ? Promise.resolve(undefined)
        : new Promise((r) => waiting.push(r))
}

describe('sqlite store: kill test (SIGKILL at random points, then recovery)', function () {
  this.timeout(600_000)
  let sim: Simulator
  let dir: string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvenue-kill-'))
    // one bundle of the child, so each of the hundreds of starts is a plain node start
    await build({
      entryPoints: [resolve(HERE, 'kill-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // inside the repository, so the bundle resolves better-sqlite3 from its node_modules
      outfile: CHILD,
      external: ['better-sqlite3'],
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'silent',
    })
    sim = await startSimulator({ venues: ['bybit'], seed: 11, tickMs: 'manual' })
  })
  after(async () => {
    await sim.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it(`recovers every order after ${KILLS} kills: none lost, none doubled`, async () => {
    const bybit = sim.venue('bybit')
    const base = (bybit.book('BTC/USDT', 1).bids[0]?.price ?? new Decimal('60000')).minus('1000')
    const path = join(dir, 'orders.db')
    // a placement may reach the venue 1 s (deadline) + 2 s (receive window) + 2 s (grace) after it is asked
    const clientOptions = sim.clientOptions()
    const bybitOptions = { ...clientOptions.venues.bybit, recvWindowMs: 2_000, orderDeadlineMs: 1_000 }
    const options = JSON.stringify({ ...clientOptions, venues: { bybit: bybitOptions } })
    const random = seeded(2024)
    const total = KILLS * 3 + 50
    const kills: Record<KillPoint, number> = { 'before-send': 0, 'in-flight': 0, 'after-ack': 0 }
    const started = Date.now()
    let spawns = 0

    const run = async (killAt: KillPoint | undefined, after: number): Promise<boolean> => {
      spawns++
      const child = spawn(process.execPath, [CHILD, path, options, base.toFixed(), String(total)], {
        stdio: ['pipe', 'pipe', 'pipe'],
        cwd: resolve(HERE, '../..'),
      })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      const next = lineReader(child)
      const closed = new Promise<void>((r) => child.on('close', () => r()))
      let orders = 0
      for (;;) {
        const line = await next()
        if (line === undefined) throw new Error(`the child ended early: ${stderr}`)
        if (line === 'done') {
          await closed
          return true
        }
        const [what] = line.split(' ')
        if (what === 'ready') continue
        if (killAt !== undefined && orders >= after) {
          if (what === 'journaled' && killAt === 'before-send') {
            child.kill('SIGKILL')
            break
          }
          if (what === 'journaled' && killAt === 'in-flight') {
            bybit.faults.slowNext(1, 300) // carried out 300 ms after it arrived: the child dies meanwhile
            const arrived = firstValueFrom(
              bybit.events$.pipe(filter((e) => e.type === 'received' && e.method === 'POST')),
            )
            child.stdin.write('go\n')
            await arrived
            child.kill('SIGKILL')
            break
          }
          if (what === 'acked' && killAt === 'after-ack') {
            child.kill('SIGKILL')
            break
          }
        }
        if (what === 'acked') orders++
        child.stdin.write('go\n')
      }
      await closed
      if (killAt !== undefined) kills[killAt]++
      return false
    }

    const points: KillPoint[] = ['before-send', 'in-flight', 'after-ack']
    for (let i = 0; i < KILLS; i++) {
      await run(points[Math.floor(random() * 3)], Math.floor(random() * 3))
    }
    const killedFor = Date.now() - started

    // a new process on the same store, here, in-process: it settles each placement in doubt as the
    // venue shows it, or as never placed once the venue's placement window has passed
    const client = createClient({ ...(JSON.parse(options) as object), logger: silentLogger })
    const store = sqliteStore(path)
    const manager = createOrderManager({ client, store, venues: ['bybit'], absentAfterMs: 1500 })
    const inDoubt = journal(path).filter((i) => i.state === 'pending').length
    const settled = firstValueFrom(
      manager.events$.pipe(
        filter((e) => e.type === 'difference' && (e.kind === 'intent-placed' || e.kind === 'intent-absent')),
        take(inDoubt),
        toArray(),
      ),
      { defaultValue: [] },
    )
    await manager.ready()
    await settled
    const venueOrders = await lastValueFrom(client.account('bybit').openOrders('BTC/USDT'))
    await manager.close()
    await client.close()
    const contents = { intents: journal(path) }

    // k is in the price: a second venue order at one price would be a doubled order
    const byK = new Map<string, number>()
    for (const o of venueOrders) {
      const k = base
        .minus(o.price ?? 0)
        .div('0.1')
        .toFixed()
      byK.set(k, (byK.get(k) ?? 0) + 1)
    }
    const doubled = [...byK.values()].filter((n) => n > 1).length
    const placed = new Set(contents.intents.filter((i) => i.state === 'placed').map((i) => i.clientOrderId))
    const atVenue = new Set(venueOrders.map((o) => o.clientOrderId))
    const lost =
      [...atVenue].filter((id) => !placed.has(id)).length +
      [...placed].filter((id) => !atVenue.has(id)).length
    const pending = contents.intents.filter((i) => i.state === 'pending').length
    const absent = contents.intents.filter((i) => i.state === 'absent').length
    console.log(
      `      kill test: ${KILLS} kills (${kills['before-send']} before the send, ${kills['in-flight']} in flight, ` +
        `${kills['after-ack']} after the ack) over ${spawns} processes in ${(killedFor / 1000).toFixed(1)} s; ` +
        `${contents.intents.length} intents, ${venueOrders.length} orders on the venue, ${absent} never sent; ` +
        `lost ${lost}, doubled ${doubled}`,
    )
    expect(kills['before-send'] + kills['in-flight'] + kills['after-ack']).to.equal(KILLS)
    expect(doubled).to.equal(0)
    expect(lost).to.equal(0)
    expect(pending).to.equal(0)
    expect(venueOrders.length + absent).to.equal(contents.intents.length)
  })
})
