import { expect } from 'chai'
import { runExample } from './run-example.js'

describe('examples/risk-managed-strategy', function () {
  this.timeout(75_000)

  it('places inside the limits, is refused at each one it crosses, and the kill switch cancels every open order', async () => {
    const { code, stdout, stderr } = await runExample(['examples/risk-managed-strategy.ts'])
    expect(code, stderr).to.equal(0)
    const lines = stdout.trim().split('\n')
    const shapes = lines.map((l) =>
      l
        .replace(/placed 0\.01 at \d+(\.\d+)?: new/, 'placed 0.01: new')
        .replace(/would be 0\.1\d*\)/, 'would be 0.1…)'),
    )
    expect(shapes).to.deep.equal([
      'bybit: placed 0.01: new',
      'binance: placed 0.01: new',
      'bybit: refused by max-order-quantity (limit 0.05, would be 0.5)',
      'bybit: refused by price-band (limit 0.02, would be 0.1…)',
      'binance: refused by max-open-orders (limit 2, would be 3)',
      'open orders: 2',
      'kill switch tripped',
      'canceled by the kill switch: 2',
      'bybit: refused by kill-switch (limit armed, would be tripped)',
      'open orders: 0',
    ])
  })
})
