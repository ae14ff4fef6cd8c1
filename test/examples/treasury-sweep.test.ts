import { expect } from 'chai'
import { runExample } from './run-example.js'

describe('examples/treasury-sweep', function () {
  this.timeout(75_000)

  it('prints its usage for --help and exits 0', async () => {
    const { code, stdout } = await runExample(['examples/treasury-sweep.ts', '--help'])
    expect(code).to.equal(0)
    expect(stdout).to.match(/^usage: treasury-sweep /)
  })

  it('sweeps the excess over the threshold through approval to completion, exactly', async () => {
    const { code, stdout, stderr } = await runExample([
      'examples/treasury-sweep.ts',
      '--threshold',
      '200000.25',
    ])
    expect(code, stderr).to.equal(0)
    expect(stdout).to.contain('Treasury holds 250000 USDC; threshold 200000.25')
    expect(stdout).to.match(
      /^sweep 49999\.75 USDC to 0x00000000219ab540356cBB839Cbe05303d7705Fa: transaction \S+$/m,
    )
    const states = [...stdout.matchAll(/^state (\S+)/gm)].map((m) => m[1])
    expect(states[0]).to.equal('waiting-for-approval')
    expect(states.at(-1)).to.equal('completed')
    expect(new Set(states).size).to.equal(states.length)
    expect(stdout).to.contain(
      'final: completed (filled), fee 0.000021 ETH, Treasury now holds 200000.25 USDC',
    )
  })

  it('sends nothing when the balance is under the threshold', async () => {
    const { code, stdout } = await runExample([
      'examples/treasury-sweep.ts',
      '--asset',
      'ETH',
      '--threshold',
      '10',
    ])
    expect(code).to.equal(0)
    expect(stdout).to.contain('Treasury holds 10 ETH; threshold 10')
    expect(stdout).to.contain('nothing to sweep')
    expect(stdout).to.not.contain('transaction')
  })

  it('says when approval is overdue, and still follows the sweep to the end', async () => {
    const { code, stdout } = await runExample([
      'examples/treasury-sweep.ts',
      '--approval-timeout',
      '0.3',
      '--approve-after',
      '4',
    ])
    expect(code).to.equal(0)
    expect(stdout).to.match(/^approval overdue: still waiting since \S+$/m)
    expect(stdout).to.contain('final: completed (filled)')
  })
})
