import { expect } from 'chai'
import { Decimal } from 'rxvenue'
import { runExample } from './run-example.js'

describe('examples/rfq-auto-execution', function () {
  this.timeout(75_000)

  it('buys on quotes within the limit and stops after the executions asked for', async () => {
    const { code, stdout, stderr } = await runExample([
      'examples/rfq-auto-execution.ts',
      '--limit',
      '1000000',
      '--executions',
      '3',
    ])
    expect(code, stderr).to.equal(0)
    const bought = [...stdout.matchAll(/^bought 0\.01 BTC @ (\S+) \(quote (\w+)\)$/gm)]
    expect(bought, stdout).to.have.length(3)
    expect(new Set(bought.map((m) => m[2])).size).to.equal(3)
    for (const m of bought) expect(new Decimal(m[1] ?? 'NaN').lte('1000000')).to.equal(true)
    expect(stdout).to.contain('done: 3 executions; the simulator executed 3')
    expect(stdout).to.contain('BTC 10 -> 10.03')
  })

  it('accepts nothing above the limit', async () => {
    const { code, stdout, stderr } = await runExample([
      'examples/rfq-auto-execution.ts',
      '--limit',
      '1',
      '--max-quotes',
      '3',
    ])
    expect(code, stderr).to.equal(0)
    expect([...stdout.matchAll(/^skip \w+: ask \S+ above the limit 1$/gm)]).to.have.length(3)
    expect(stdout).to.contain('done: 0 executions; the simulator executed 0')
    expect(stdout).to.contain('BTC 10 -> 10')
  })

  it('--help prints the usage and exits 0; a bad option exits 2', async () => {
    const help = await runExample(['examples/rfq-auto-execution.ts', '--help'])
    expect(help.code).to.equal(0)
    expect(help.stdout).to.match(/^usage: rfq-auto-execution/)
    const bad = await runExample(['examples/rfq-auto-execution.ts', '--executions', '0'])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.contain('--executions takes an integer >= 1')
  })
})
