/**
 * The test command's reporter: a log cut to its last lines still names each failed test and why, after
 * the summary line.
 */
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPORTER = fileURLToPath(new URL('./summary-reporter.cjs', import.meta.url))
const MOCHA = fileURLToPath(new URL('../../node_modules/mocha/bin/mocha.js', import.meta.url))

describe('summary reporter', () => {
  it('ends with the counts, then one line per failed test: its full title and its first line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxvenue-reporter-'))
    try {
      const spec = join(dir, 'spec.cjs')
      writeFileSync(
        spec,
        [
          "describe('outer', () => {",
          "  it('passes', () => {})",
          "  it.skip('waits', () => {})",
          "  it('fails', () => { throw new RangeError('first line\\nsecond line') })",
          "  it('fails long', () => { throw new Error('x'.repeat(400)) })",
          '})',
        ].join('\n'),
      )
      const run = spawnSync(process.execPath, [MOCHA, '--no-config', '--reporter', REPORTER, spec], {
        encoding: 'utf8',
      })
      expect(run.status).to.equal(2)
      const lines = run.stdout.trimEnd().split('\n')
      expect(lines.slice(-3)).to.deep.equal([
        'mocha: 1 passed, 2 failed, 1 skipped',
        'failed: outer fails: RangeError: first line',
        `failed: outer fails long: Error: ${'x'.repeat(300)}…`,
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
