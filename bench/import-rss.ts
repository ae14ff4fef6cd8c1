/**
 * The resident memory that `import 'rxvenue'` adds to a process, beside what importing its runtime
 * foundations alone (rxjs, io-ts and fp-ts) adds. Target: the package at most 4 MB above them, which
 * holds only while importing it loads no driver (their codecs and sockets load on first use).
 *
 * ```
 * npm run build && node --import tsx bench/import-rss.ts [--runs 15] [--entry dist/esm/index.js] [--breakdown]
 * ```
 *
 * Each run is a fresh `node --expose-gc` process that first imports a one-line ESM file (which imports a
 * one-line package by bare name) and a one-line CommonJS file, so the loaders' own start-up, paid by any
 * program that imports anything, is not counted; it then collects garbage, reads `process.memoryUsage().rss`, dynamically imports the built ESM entry,
 * collects again and reads it again; the figure is the median difference over the runs. The baseline is
 * measured the same way around one import of rxjs, io-ts and fp-ts (as this package resolves them); the
 * figure against the target is what importing the package after them adds (both medians' difference). `--breakdown`
 * measures each runtime dependency and each `lib/` folder the same way, alone. Without a build it imports
 * `index.ts` through tsx instead and says so: that figure includes the transpiler's own work.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return (i >= 0 ? process.argv[i + 1] : undefined) ?? fallback
}

const RUNS = Number(option('runs', '15'))
/** Most the package may add over {@link BASELINE} alone. */
const TARGET_MB = 4
/** The runtime libraries every use of the package loads (io-ts and fp-ts once a driver decodes). */
const BASELINE = ['rxjs', 'io-ts', 'fp-ts'] as const
const built = resolve(option('entry', 'dist/esm/index.js'))
const viaTsx = !existsSync(built)
const entry = viaTsx ? resolve('index.ts') : built

interface Sample {
  readonly rss: number
  readonly heap: number
  readonly exports: number
}

// Runs in the child: warm the loaders, settle the heap, measure around one import.
const probe = (warm: string, target: string): string => `
const gc = globalThis.gc
await import(${JSON.stringify(pathToFileURL(join(warm, 'warm.mjs')).href)})
await import(${JSON.stringify(pathToFileURL(join(warm, 'warm.cjs')).href)})
gc(); gc()
const before = process.memoryUsage()
const ns = await import(${JSON.stringify(target)})
gc(); gc()
const after = process.memoryUsage()
console.log(JSON.stringify({ rss: after.rss - before.rss, heap: after.heapUsed - before.heapUsed, exports: Object.keys(ns).length }))
`

function sample(warm: string, target: string, tsx: boolean): Sample {
  const args = [
    '--expose-gc',
    ...(tsx ? ['--import', 'tsx'] : []),
    '--input-type=module',
    '-e',
    probe(warm, target),
  ]
  const out = execFileSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  return JSON.parse(out.trim().split('\n').pop() as string) as Sample
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1)

function measure(warm: string, target: string, tsx: boolean): Sample[] {
  const samples: Sample[] = []
  for (let i = 0; i < RUNS; i++) samples.push(sample(warm, target, tsx))
  return samples
}

function breakdown(warm: string): void {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: Record<string, string> }
  const parts: [string, string][] = Object.keys(pkg.dependencies ?? {}).map((name) => [name, name])
  const lib = join(resolve(built, '..'), 'lib')
  if (existsSync(lib)) {
    for (const folder of readdirSync(lib)) {
      const index = join(lib, folder, 'index.js')
      if (existsSync(index)) parts.push([`lib/${folder}`, pathToFileURL(index).href])
    }
  }
  console.log('\n| imported alone | RSS added, MB (median) |\n|---|---:|')
  for (const [name, target] of parts) {
    console.log(`| ${name} | ${mb(median(measure(warm, target, false).map((s) => s.rss)))} |`)
  }
}

function main(): void {
  if (!(RUNS > 0)) throw new Error('--runs needs a positive number')
  const warm = mkdtempSync(join(tmpdir(), 'rxvenue-rss-'))
  try {
    // an ESM file importing a package by bare name, and a CommonJS file: every loader path is warm
    mkdirSync(join(warm, 'node_modules', 'warm'), { recursive: true })
    writeFileSync(join(warm, 'node_modules', 'warm', 'package.json'), '{"name":"warm","main":"index.js"}\n')
    writeFileSync(join(warm, 'node_modules', 'warm', 'index.js'), 'module.exports = 1\n')
    writeFileSync(join(warm, 'warm.mjs'), "import 'warm'\nexport default 1\n")
    writeFileSync(join(warm, 'warm.cjs'), 'module.exports = 1\n')
    if (viaTsx) {
      console.log(`${built} not found (run \`npm run build\` first): importing ${entry} through tsx instead;`)
      console.log('the figure includes the transpiler and overstates the library.')
    }
    // the baseline libraries as the package resolves them, alone and with the package after them
    const libs = BASELINE.map((name) => `import ${JSON.stringify(import.meta.resolve(name))}\n`).join('')
    writeFileSync(join(warm, 'baseline.mjs'), libs)
    writeFileSync(
      join(warm, 'with-package.mjs'),
      `${libs}import ${JSON.stringify(pathToFileURL(entry).href)}\n`,
    )
    const line = (what: string, samples: readonly Sample[]) =>
      `${what}: RSS added median ${mb(median(samples.map((s) => s.rss)))} MB (runs: ${samples.map((s) => mb(s.rss)).join(', ')})`
    const base = measure(warm, pathToFileURL(join(warm, 'baseline.mjs')).href, false)
    const both = measure(warm, pathToFileURL(join(warm, 'with-package.mjs')).href, viaTsx)
    const alone = measure(warm, pathToFileURL(entry).href, viaTsx)
    const rxjs = measure(warm, import.meta.resolve('rxjs'), false)
    console.log(`${RUNS} fresh processes each, node ${process.version}`)
    console.log(line(`import of ${BASELINE.join(' + ')}`, base))
    console.log(line(`import of ${BASELINE.join(' + ')}, then ${entry}`, both))
    console.log(line(`import of ${entry} alone (${alone[0]?.exports ?? 0} exports)`, alone))
    console.log(`  of which JS heap in use: ${mb(median(alone.map((s) => s.heap)))} MB`)
    console.log(line('import of rxjs alone', rxjs))
    // the root loads neither io-ts nor fp-ts: this is the steadier figure of what the package itself adds
    const overRxjs = median(alone.map((s) => s.rss)) - median(rxjs.map((s) => s.rss))
    console.log(`the package alone over rxjs alone: ${mb(overRxjs)} MB`)
    const over = median(both.map((s) => s.rss)) - median(base.map((s) => s.rss))
    console.log(
      `the package over ${BASELINE.join(' + ')}: ${mb(over)} MB; target <= +${TARGET_MB} MB: ${over <= TARGET_MB * 2 ** 20 ? 'met' : 'NOT met'}`,
    )
    if (process.argv.includes('--breakdown') && !viaTsx) breakdown(warm)
  } finally {
    rmSync(warm, { recursive: true, force: true })
  }
}

main()
