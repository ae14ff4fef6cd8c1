import { expect } from 'chai'
import { runExample } from './run-example.js'

describe('examples/strategy-test', function () {
  this.timeout(90_000)

  it('runs as a mocha spec of its own, and its tests pass', async () => {
    const { code, stdout, stderr } = await runExample(
      ['node_modules/mocha/bin/mocha.js', '--reporter', 'spec', 'examples/strategy-test.ts'],
      { killAfterMs: 80_000 },
    )
    expect(code, stdout + stderr).to.equal(0)
    expect(stdout).to.match(/✔ holds while the market wanders above the stop/)
    expect(stdout).to.match(/✔ sells at market once triggered, at the prices the book offers/)
    expect(stdout).to.match(/^ {2}2 passing/m)
    expect(stdout).to.not.contain('failing')
  })
})
