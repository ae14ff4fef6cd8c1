import { expect } from 'chai'
import { runExample } from '../examples/run-example.js'

interface Report {
  readonly outcomes: Readonly<Record<string, string>>
  readonly deliveredBeforeClose: readonly string[]
  readonly endedBeforeClose: readonly string[]
}

/**
 * `close()` ends every stream of every venue by completing it, whether it had delivered or not (a
 * request it cuts off fails with the closed error), and leaves nothing that keeps the process alive:
 * each run is a program of its own that must exit by itself.
 */
describe('e2e: close() completes every stream', function () {
  this.timeout(120_000)

  for (const face of ['client', 'default'] as const) {
    for (const mode of ['before', 'after'] as const) {
      const when = mode === 'before' ? 'before the first value' : 'once every stream delivered'
      const how = face === 'client' ? 'client.close()' : 'closeDefaultClient() after the top-level functions'
      it(`${how}, ${when}: every stream completes (a request cut off fails), the process exits by itself`, async () => {
        const run = await runExample(['test/e2e/close-program.ts', mode, face], { killAfterMs: 100_000 })
        expect(run.code, run.stderr).to.equal(0)
        const report = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Report
        const names = Object.keys(report.outcomes)
        expect(names.length, run.stdout).to.be.greaterThan(30)
        // a request (a listing, a paged history) it cuts off fails instead: it would pass for whole
        const request = (n: string) => n.includes('instruments$') || n.includes('history.')
        const cutOff = (n: string) => request(n) && /^error: .*\bclosed\b/.test(report.outcomes[n] ?? '')
        const notCompleted = names.filter((n) => report.outcomes[n] !== 'complete' && !cutOff(n))
        expect(
          notCompleted.map((n) => `${n}: ${report.outcomes[n]}`),
          'streams that did not complete',
        ).to.deep.equal([])
        expect(names.filter(request), 'requests').to.not.deep.equal([])
        if (mode === 'after') {
          const quiet = (n: string) => n === 'events$' || n.includes(' account.')
          // a request with nothing in its range (a quiet hour of trades) ends by itself
          const silent = names.filter(
            (n) =>
              !quiet(n) && !report.deliveredBeforeClose.includes(n) && !report.endedBeforeClose.includes(n),
          )
          expect(silent, 'streams without a value before close').to.deep.equal([])
        }
      })
    }
  }
})
