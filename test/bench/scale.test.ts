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
