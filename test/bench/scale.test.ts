import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ScaleRow } from '../../bench/scale.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Runs bench/scale.ts to its end; its output goes to the test's stderr only when it fails. */
function runScale(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'scale.ts'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, output }))
  })
}

describe('bench/scale.ts (smoke: the harness at a tiny size)', function () {
  // two client processes and two feeds, each loading TypeScript through tsx: about 15 s on a busy machine
  this.timeout(120_000)

  it('syncs every book of rxvenue and of the bare floor on the feed and reports numeric figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxvenue-scale-'))
    try {
      const out = join(dir, 'scale.json')
      const { code, output } = await runScale([
        ...['--sizes', '2', '--seconds', '2', '--settle', '0'],
        ...['--clients', 'rxvenue,bare', '--source', 'src', '--out', out],
      ])
      expect(code, output).to.equal(0)
      const { rows, table } = JSON.parse(readFileSync(out, 'utf8')) as { rows: ScaleRow[]; table: string[] }
      expect(rows.map((r) => r.client)).to.deep.equal(['rxvenue', 'bare'])
      for (const r of rows) {
        expect(r.books, r.client).to.equal(4)
        expect(r.synced, r.client).to.equal(4)
        expect(r.frames, r.client).to.be.greaterThan(0)
        expect(r.updates, r.client).to.be.greaterThan(0)
        for (const x of [r.latency.p50, r.latency.p99, r.latency.p999, r.latency.max, r.loopDelay.p99]) {
          expect(Number.isFinite(x), `${r.client}: ${JSON.stringify(r.latency)}`).to.equal(true)
        }
        expect(r.latency.p50).to.be.at.most(r.latency.p99)
        for (const x of [r.cpuPercent, r.allocatedBytesPerFrame, r.heapUsedMB, r.rssMB]) {
          expect(x, r.client).to.be.greaterThan(0)
        }
        expect(r.sockets, r.client).to.be.at.least(2)
        expect(r.counters.errors, r.client).to.equal(0)
      }
      // a gap or a crossed book on the feed would make the driver resync
      expect(rows[0]?.counters.resyncs).to.equal(0)
      expect(table.join('\n')).to.match(/\| 4 \| rxvenue \|/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('bench/scale.ts report', () => {
  const row = (client: ScaleRow['client'], books: number, round: number, cpuPercent: number, p99: number) =>
    ({
      client,
      books,
      round,
      cpuPercent,
      cpuUsPerFrame: cpuPercent * 10,
      framesPerSec: 1000,
      loopDelay: { p99: 1, max: 2 },
      latency: { p50: 1, p99, p999: p99, max: p99, count: 1 },
      allocatedBytesPerFrame: 1,
      heapUsedMB: 1,
      rssMB: 1,
      sockets: 2,
      counters: { resyncs: 0, errors: 0 },
    }) as unknown as ScaleRow

  it('takes each ratio within a round, and gives the median and range over the rounds', async () => {
    const { report } = await import('../../bench/scale.js')
    const lines = report([
      row('rxvenue', 1000, 0, 40, 10),
      row('bare', 1000, 0, 20, 5),
      row('rxvenue', 1000, 1, 30, 9),
      row('bare', 1000, 1, 30, 3),
      row('rxvenue', 1000, 2, 36, 8),
      row('bare', 1000, 2, 24, 4),
    ]).join('\n')
    // rounds: 2.00, 1.00, 1.50 (not 35.3 / 24.7 of the medians across rounds)
    expect(lines).to.include('rxvenue CPU; 1.50 × (1.00–2.00) bare (target ≤ 1.5)')
    expect(lines).to.include('p99 2.00 × (2.00–3.00) bare')
    // the table shows each client's round of median CPU a frame
    expect(lines).to.match(/\| 1,000 \| rxvenue \| 1,000 \| 36\.0 \|/)
    expect(lines).to.match(/\| 1,000 \| bare \| 1,000 \| 24\.0 \|/)
  })
})
