import { expect } from 'chai'
import { spawn } from 'node:child_process'

/** Runs a program to its end and gives its exit code and output. */
function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, out }))
  })
}

describe('examples/demo', () => {
  it('shows a live book that stays equal to the venue through a disconnect, and exits 0 by itself', async () => {
    const { code, out } = await run(['examples/demo.ts', '--duration', '2.5'])
    expect(code, out).to.equal(0)
    expect(out).to.match(/best bid \d+\.\d+ {3}best ask \d+\.\d+ {3}spread \d/)
    const counts = [...out.matchAll(/views equal to the venue's book: (\d+) {3}different: (\d+)/g)]
    const final = counts[counts.length - 1]
    expect(Number(final?.[1])).to.be.greaterThan(10)
    expect(final?.[2]).to.equal('0')
    expect(out).to.contain('connected public (reconnect)')
  })
})
