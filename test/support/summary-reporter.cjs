'use strict'
// Mocha's dot reporter, closed by one plain summary line ("mocha: N passed, N failed, N skipped")
// that CI systems which do not parse mocha's own epilogue can read.
const Mocha = require('mocha')

const { EVENT_RUN_END } = Mocha.Runner.constants

class SummaryReporter extends Mocha.reporters.Dot {
  constructor(runner, options) {
    super(runner, options)
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 }
      process.stdout.write(`mocha: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`)
    })
  }
}

module.exports = SummaryReporter
