'use strict'
// Mocha's dot reporter, closed by one plain summary line ("mocha: N passed, N failed, N skipped")
// that CI systems which do not parse mocha's own epilogue can read. The failed tests are named again
// after it, one line each, so a log cut to its last lines still says which test failed and why (mocha's
// own report of a failure can be hundreds of stack lines long).
const Mocha = require('mocha')

const { EVENT_RUN_END, EVENT_TEST_FAIL } = Mocha.Runner.constants

/** The first line of a failure's message, at most 300 characters. */
function firstLine(err) {
  const text = err && typeof err.message === 'string' ? err.message : String(err)
  const line = text.split('\n', 1)[0]
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}

class SummaryReporter extends Mocha.reporters.Dot {
  constructor(runner, options) {
    super(runner, options)
    const failed = []
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      const name = err && typeof err.name === 'string' ? err.name : 'Error'
      failed.push(`failed: ${test.fullTitle()}: ${name}: ${firstLine(err)}`)
    })
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 }
      process.stdout.write(`mocha: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped\n`)
      for (const line of failed) process.stdout.write(`${line}\n`)
    })
  }
}

module.exports = SummaryReporter
