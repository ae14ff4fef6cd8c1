/**
 * `import 'rxvenue'` loads no driver, no matching engine and no simulator; using Bybit loads Bybit's
 * driver and nothing of another venue. A program of its own records every module it loads
 * (record-loads.mjs) and marks each step.
 */
import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runExample } from '../examples/run-example.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** The repository files each step loaded, relative to the root, by the step that ended with them. */
function steps(log: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  let files: string[] = []
  for (const line of log.split('\n')) {
    if (line.startsWith('-- ')) {
      out.set(line.slice(3), files)
      files = []
    } else if (line.startsWith('file:') && !line.includes('/node_modules/')) {
      files.push(relative(ROOT, fileURLToPath(line)))
    }
  }
  return out
}

/**
 * What a venue folder may load before the venue is used: its registration (`module.ts`) and declared
 * capabilities (`spec.ts`); and Fordefi's signing, whose webhook check the package root exports (it
 * loads node:crypto and no driver).
 */
const REGISTRATION = /^lib\/venues\/((\w+)\/(module|spec)|fordefi\/sign)\.ts$/

/** Files of a venue's driver, of the matching engine or of the simulators among `files`. */
function drivers(files: readonly string[], except?: string): string[] {
  return files.filter(
    (f) =>
      /^lib\/(sim|testing)\//.test(f) ||
      (/^lib\/venues\/(?!contract|kit)\w+\//.test(f) &&
        !REGISTRATION.test(f) &&
        (except === undefined || !f.startsWith(`lib/venues/${except}/`))),
  )
}

describe('lazy loading: importing the package loads no driver until a venue is used', function () {
  this.timeout(60_000)
  let dir: string
  let loaded: Map<string, string[]>

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxvenue-loads-'))
    const log = join(dir, 'loads.log')
    const run = await runExample(
      ['--import', './test/conformance/record-loads.mjs', 'test/conformance/lazy-load-program.ts'],
      { env: { ...process.env, RXVENUE_LOAD_LOG: log }, killAfterMs: 50_000 },
    )
    expect(run.code, run.stderr).to.equal(0)
    loaded = steps(readFileSync(log, 'utf8'))
  })

  after(() => rmSync(dir, { recursive: true, force: true }))

  it("import 'rxvenue' and createClient load no driver, matching engine or simulator", () => {
    const imported = loaded.get('import') ?? []
    expect(imported, 'the package root').to.include('index.ts')
    expect(imported.filter((f) => REGISTRATION.test(f)).length, 'venue registrations').to.be.greaterThan(2)
    expect(drivers(imported), 'loaded by the import').to.deep.equal([])
    expect(drivers(loaded.get('client') ?? []), 'loaded by createClient and venue()').to.deep.equal([])
  })

  it("using Bybit loads Bybit's driver and nothing of another venue", () => {
    const used = loaded.get('bybit') ?? []
    expect(used, 'loaded by a Bybit stream').to.include('lib/venues/bybit/driver.ts')
    expect(drivers(used, 'bybit'), 'loaded by a Bybit stream, not Bybit').to.deep.equal([])
  })
})
