import { expect } from 'chai'
import { runExample } from '../examples/run-example.js'

interface Sample {
  readonly mode: string
  readonly cycle: number
  readonly heapMb: number
  readonly resources: Readonly<Record<string, number>>
  readonly tracked: readonly string[]
  readonly reachable: readonly string[]
}
interface Report {
  readonly baselineResources: Readonly<Record<string, number>>
  readonly samples: readonly Sample[]
}

/**
 * Closing the order manager, the client and the simulators lets every object of theirs go: after each
 * cycle of `scripts/close-cycles.ts` (simulators, a client on them, books, trades and account streams,
 * orders placed and canceled through the manager, everything closed) and a full collection, none of the
 * cycle's objects (each watched through a `WeakRef`) is still reachable and no handle is left open. A
 * user who creates and closes them many times in one process holds nothing more for it.
 */
describe('e2e: nothing stays reachable after close()', function () {
  this.timeout(60_000)

  it('the simulators, client, drivers, manager, store and stream values of each cycle are collected', async () => {
    const run = await runExample(
      ['--expose-gc', 'scripts/close-cycles.ts', '--cycles', '2', '--mode', 'both', '--json'],
      { killAfterMs: 50_000 },
    )
    const last = run.stdout.trim().split('\n').pop() ?? ''
    expect(last.startsWith('{'), `no report: ${run.stderr}`).to.equal(true)
    const report = JSON.parse(last) as Report
    expect(report.samples.map((s) => `${s.mode} ${s.cycle}`)).to.deep.equal([
      'cex 1',
      'cex 2',
      'desks 1',
      'desks 2',
    ])
    for (const s of report.samples) {
      const venues = s.mode === 'cex' ? ['bybit', 'binance'] : ['coinbase', 'prime', 'falconx']
      expect(s.tracked, `${s.mode} cycle ${s.cycle}: looked for`).to.include.members([
        'simulator',
        'client',
        'manager',
        'store',
        ...venues.flatMap((v) => [`${v} simulator`, `${v} driver`, `${v} account`]),
        ...venues.filter((v) => v !== 'falconx').flatMap((v) => [`${v} last book`, `${v} placed order`]),
      ])
      expect(s.reachable, `${s.mode} cycle ${s.cycle}: still reachable`).to.deep.equal([])
      expect(s.resources, `${s.mode} cycle ${s.cycle}: active resources`).to.deep.equal(
        report.baselineResources,
      )
    }
    expect(run.code, run.stderr).to.equal(0)
  })
})
