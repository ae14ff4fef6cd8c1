import { expect } from 'chai'
import { Decimal } from 'rxvenue'
import { runExample } from './run-example.js'

describe('examples/place-order', function () {
  this.timeout(75_000)

  it('tracks a resting bid through its partial and full fill, and the balance moves exactly', async () => {
    const { code, stdout, stderr } = await runExample(['examples/place-order.ts'])
    expect(code, stderr).to.equal(0)
    const placed = /^placed example-bid-1 at (\d+\.\d+): new$/m.exec(stdout)
    expect(placed, stdout).to.not.equal(null)
    const price = new Decimal(placed?.[1] ?? 'NaN')
    // Every state in order, each one seen once, ending in the terminal one.
    const states = [...stdout.matchAll(/^order (\S+): filled (\S+) of 0\.01$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    )
    expect(states).to.deep.equal(['new 0', 'partially-filled 0.004', 'filled 0.01'])
    const fills = [...stdout.matchAll(/^fill (\S+) @ (\S+), fee (\S+) BTC$/gm)]
    expect(fills.map((m) => m[1])).to.deep.equal(['0.004', '0.006'])
    for (const m of fills) expect(m[2]).to.equal(price.toString())
    expect(stdout).to.contain(`final: filled, average price ${price.toString()}`)
    // The simulator account starts with 100 000 USDT; a maker buy pays price × quantity in USDT.
    expect(/^USDT free (\S+)$/m.exec(stdout)?.[1]).to.equal(
      new Decimal('100000').minus(price.times('0.01')).toString(),
    )
  })
})
