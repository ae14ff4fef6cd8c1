import { expect } from 'chai'
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const ID = `lint-probe-${process.pid}`

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** `npm run <script> -- <args>` in the repository, as `npm run lint` runs it. */
function npmRun(script: string, args: readonly string[] = []): Promise<Run> {
  return new Promise((done) => {
    execFile(
      'npm',
      ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
        done({ code, stdout, stderr })
      },
    )
  })
}

interface Violation {
  readonly from: string
  readonly to: string
  readonly rule: { readonly name: string; readonly severity: string }
}

/**
 * Each probe is a file with an import the house forbids (or, with no `rule`, one it allows), written
 * into the tree for one run of the layer check.
 */
interface Probe {
  readonly file: string
  readonly code: string
  /** The rule the import breaks, reported as `rule: file → to`; none for an allowed import. */
  readonly rule?: string
  readonly to: string
}

const PROBES: readonly Probe[] = [
  {
    file: `lib/core/${ID}/reaches-up.ts`,
    code: `export { RestClient } from '../../transport/rest.js'\n`,
    rule: 'core-imports-only-core',
    to: 'lib/transport/rest.ts',
  },
  {
    file: `lib/venues/kit/${ID}/node-builtin.ts`,
    code: `export { randomBytes } from 'node:crypto'\n`,
    rule: 'node-builtins-only-where-node-runs',
    to: 'crypto',
  },
  {
    file: `lib/core/${ID}/circle-a.ts`,
    code: `import type { B } from './circle-b.js'\nexport interface A { b?: B }\n`,
    rule: 'no-circular',
    to: `lib/core/${ID}/circle-b.ts`,
  },
  {
    file: `lib/core/${ID}/circle-b.ts`,
    code: `import type { A } from './circle-a.js'\nexport interface B { a?: A }\n`,
    to: `lib/core/${ID}/circle-a.ts`,
  },
  {
    file: `lib/core/${ID}/nowhere.ts`,
    code: `export * from './missing.js'\n`,
    rule: 'no-unresolvable',
    to: './missing.js',
  },
  {
    file: `lib/core/${ID}/test-support.ts`,
    code: `export { runExample } from '../../../test/examples/run-example.js'\n`,
    rule: 'no-tests-or-tools-in-the-package',
    to: 'test/examples/run-example.ts',
  },
  {
    file: `lib/testing/${ID}/knows-venue.ts`,
    code: `export { createMockVenue } from '../../venues/mock/index.js'\n`,
    rule: 'simulators-import-sim-core',
    to: 'lib/venues/mock/index.ts',
  },
  { file: `lib/testing/${ID}/simulator.ts`, code: `export const probe = 1\n`, to: '' },
  {
    file: `lib/venues/${ID}/borrows.ts`,
    code: `export * from '../bybit/index.js'\n`,
    rule: 'venue-folders-independent',
    to: 'lib/venues/bybit/index.ts',
  },
  {
    file: `lib/venues/${ID}/engine.ts`,
    code: `export { Exchange } from '../../sim/exchange.js'\n`,
    rule: 'venues-not-sim-except-mock',
    to: 'lib/sim/exchange.ts',
  },
  {
    file: `lib/venues/mock/${ID}.ts`,
    code: `export { Exchange } from '../../sim/exchange.js'\n`,
    to: 'lib/sim/exchange.ts',
  },
  {
    file: `lib/venues/${ID}/lazy.ts`,
    code: `export const simulator = () => import('../../testing/${ID}/simulator.js')\n`,
    rule: 'venues-not-simulators',
    to: `lib/testing/${ID}/simulator.ts`,
  },
  {
    file: `lib/venues/${ID}/module.ts`,
    code: `export const simulator = () => import('../../testing/${ID}/simulator.js')\n`,
    to: `lib/testing/${ID}/simulator.ts`,
  },
  {
    file: `lib/venues/${ID}/module.ts`,
    code: `export { probe } from '../../testing/${ID}/simulator.js'\n`,
    rule: 'venue-module-names-simulator-lazily',
    to: `lib/testing/${ID}/simulator.ts`,
  },
  {
    file: `lib/venues/${ID}/module.ts`,
    code: `export const other = () => import('../../testing/bybit/index.js')\n`,
    rule: 'venue-module-names-own-simulator',
    to: 'lib/testing/bybit/index.ts',
  },
  {
    file: `lib/venues/kit/${ID}/probe.ts`,
    code: `export * from '../../bybit/index.js'\n`,
    rule: 'kit-knows-no-venue',
    to: 'lib/venues/bybit/index.ts',
  },
  {
    file: `streams/${ID}.ts`,
    code: `export { RestClient } from '../lib/transport/rest.js'\n`,
    rule: 'face-imports-venues-book-core-trading',
    to: 'lib/transport/rest.ts',
  },
  {
    file: `lib/${ID}/outside.ts`,
    code: `export * from '../core/decimal.js'\n`,
    rule: 'every-lib-file-in-a-part',
    to: 'lib/core/decimal.ts',
  },
]

/** What the probes leave in the tree, removed whatever happens. */
const PROBE_PATHS = [
  `lib/core/${ID}`,
  `lib/testing/${ID}`,
  `lib/venues/${ID}`,
  `lib/venues/mock/${ID}.ts`,
  `lib/venues/kit/${ID}`,
  `streams/${ID}.ts`,
  `lib/${ID}`,
]

function writeProbes(): void {
  const files = new Map<string, string>()
  for (const p of PROBES) files.set(p.file, (files.get(p.file) ?? '') + p.code)
  for (const [file, code] of files) {
    mkdirSync(dirname(join(ROOT, file)), { recursive: true })
    writeFileSync(join(ROOT, file), code)
  }
}

function removeProbes(): void {
  for (const path of PROBE_PATHS) rmSync(join(ROOT, path), { recursive: true, force: true })
}

/** `rule: from → to` of each violation in dependency-cruiser's `err` output (a circle: its first step). */
function reported(output: string): string[] {
  const lines = output.split('\n')
  const out: string[] = []
  lines.forEach((line, i) => {
    const m = /^\s*error (\S+): (\S+) →\s*(\S*)/.exec(line)
    if (!m) return
    const to = m[3] || (lines[i + 1] ?? '').trim().replace(/ →$/, '')
    out.push(`${m[1]}: ${m[2]} → ${to}`)
  })
  return out.sort()
}

describe('lint: the layers of the house (dependency-cruiser)', function () {
  this.timeout(120_000)

  it('runs inside npm run lint, with the size check', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    expect(scripts.lint).to.include('npm run lint:layers').and.include('npm run lint:size')
    expect(scripts['lint:layers']).to.equal('depcruise . --config .dependency-cruiser.cjs')
  })

  it('passes today’s tree with no violation and no tolerated exception', async () => {
    const run = await npmRun('lint:layers', ['--output-type', 'json'])
    expect(run.code, run.stderr).to.equal(0)
    const result = JSON.parse(run.stdout) as {
      summary: { error: number; violations: Violation[]; optionsUsed: { knownViolations?: Violation[] } }
    }
    expect(result.summary.error).to.equal(0)
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).to.deep.equal([])
    expect(
      result.summary.optionsUsed.knownViolations ?? [],
      'a baseline of tolerated violations',
    ).to.deep.equal([])
  })

  it('fails on a forbidden import, naming the rule, the file and what it imports', async () => {
    let run: Run
    try {
      writeProbes()
      run = await npmRun('lint:layers')
    } finally {
      removeProbes()
    }
    expect(run.code, run.stdout).to.not.equal(0)
    const expected = PROBES.filter((p) => p.rule !== undefined).map((p) => `${p.rule}: ${p.file} → ${p.to}`)
    expect(reported(run.stdout), run.stdout).to.deep.equal(expected.sort())
  })
})
