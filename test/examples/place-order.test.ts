import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { Decimal } from '../../lib/core/decimal.js'

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

describe('examples/place-order', () => {
  it('places a resting bid on the simulator, sees it filled, and the balance moves exactly', async () => {
    const { code, out } = await run(['examples/place-order.ts'])
    expect(code, out).to.equal(0)
    const placed = /placed (\S+) at (\d+\.\d+): new/.exec(out)
    expect(placed, out).to.not.equal(null)
    const price = new Decimal(placed?.[2] ?? 'NaN')
    expect(out).to.contain(`fill 0.01 @ ${price.toString()}`)
    expect(out).to.contain(`done: filled, average price ${price.toString()}`)
    // the simulator account starts with 100 000 USDT; a maker buy pays price × quantity in USDT
    const free = /USDT free (\S+)/.exec(out)?.[1]
    expect(free).to.equal(new Decimal('100000').minus(price.times('0.01')).toString())
  })
})
