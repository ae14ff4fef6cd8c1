import { expect } from 'chai'
import { readdirSync, readFileSync } from 'node:fs'
import { runExample } from './run-example.js'

// every runnable file of examples/, the demo scripts (demo-frames.ts is a module they import), the
// trading soak (its trading-*.ts siblings are modules it imports) and the close-cycles check
const programs = [
  ...readdirSync('examples')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `examples/${f}`),
  ...readdirSync('scripts')
    .filter(
      (f) =>
        (f.startsWith('demo') && f.endsWith('.ts') && f !== 'demo-frames.ts') ||
        f === 'trading-soak.ts' ||
        f === 'close-cycles.ts',
    )
    .map((f) => `scripts/${f}`),
].sort()

/** Whether the program declares a `--live` flag of its own. */
const takesLive = (file: string) => /\blive: \{ type: 'boolean'/.test(readFileSync(file, 'utf8'))

describe('the command line of every example and script', function () {
  this.timeout(120_000)

  it('finds the programs', () => {
    expect(programs).to.include.members([
      'examples/demo.ts',
      'examples/place-order.ts',
      'scripts/close-cycles.ts',
      'scripts/demo-soak.ts',
      'scripts/trading-soak.ts',
    ])
  })

  for (const file of programs) {
    it(`${file} --help prints its usage and exits 0`, async () => {
      const { code, stdout, stderr } = await runExample([file, '--help'], { killAfterMs: 60_000 })
      expect(code, stderr).to.equal(0)
      expect(stdout).to.match(/^usage: /)
      expect(stderr).to.equal('')
    })
  }

  for (const file of programs.filter((f) => !takesLive(f))) {
    it(`${file} --live is refused: it cannot honour it`, async () => {
      const { code, stdout, stderr } = await runExample([file, '--live'], { killAfterMs: 60_000 })
      expect(code).to.equal(2)
      expect(stderr).to.contain('--live is not supported')
      expect(stdout).to.equal('')
    })
  }

  it('an unknown flag is refused with the usage', async () => {
    const { code, stderr } = await runExample(['examples/demo.ts', '--nonsense'], { killAfterMs: 60_000 })
    expect(code).to.equal(2)
    expect(stderr).to.contain("Unknown option '--nonsense'").and.contain('usage: demo')
  })
})
