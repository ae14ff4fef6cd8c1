import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'chai'
import { build, type Metafile } from 'esbuild'
import { packedPackage } from './packed.js'

/** Bundles `code` as a browser app of the packed package would, minified, and returns its metafile. */
async function bundle(code: string, splitting = false): Promise<Metafile> {
  const { consumer } = await packedPackage()
  const entry = join(consumer, `entry-${Math.random().toString(36).slice(2)}.mjs`)
  writeFileSync(entry, code)
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: consumer,
    bundle: true,
    minify: true,
    splitting,
    format: 'esm',
    platform: 'browser',
    write: false,
    outdir: join(consumer, 'out'),
    metafile: true,
    logLevel: 'silent',
  })
  return result.metafile
}

/** The files an output and every output it imports statically are: what loads before any `import()`. */
function staticOutputs(meta: Metafile, output: string): string[] {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    for (const i of meta.outputs[file]!.imports) if (i.kind === 'import-statement') visit(i.path)
  }
  visit(output)
  return [...seen]
}

/** The source files that left code in the given outputs (tree-shaken files leave none). */
const inputsOf = (meta: Metafile, outputs: readonly string[]): string[] =>
  outputs.flatMap((o) =>
    Object.entries(meta.outputs[o]!.inputs).flatMap(([file, { bytesInOutput }]) =>
      bytesInOutput > 0 ? [file] : [],
    ),
  )
const bytesOf = (meta: Metafile, outputs: readonly string[]): number =>
  outputs.reduce((sum, o) => sum + meta.outputs[o]!.bytes, 0)

const entryOutput = (meta: Metafile): string =>
  Object.keys(meta.outputs).find((f) => meta.outputs[f]!.entryPoint)!
const driversIn = (inputs: readonly string[]): string[] => [
  ...new Set(
    inputs.flatMap(
      (i) =>
        /rxvenue\/dist\/esm\/lib\/venues\/(bybit|binance|coinbase|mock)\/(?!module|spec)/.exec(i)?.[1] ?? [],
    ),
  ),
]
const engineOrSimulator = (inputs: readonly string[]): string[] =>
  inputs.filter((i) => /\/lib\/sim\/|\/lib\/testing\//.test(i))
const nodeOnly = (inputs: readonly string[]): string[] =>
  inputs.filter((i) => /node_modules\/(undici|ws)\/|^node:|^\(disabled\)/.test(i))

const sizes: Record<string, number> = {}

describe('bundles of the packed package (esbuild, minified, for browsers)', function () {
  this.timeout(240_000)

  it('import { Decimal } from rxvenue weighs at most 40 KB: the package is free of side effects', async () => {
    const meta = await bundle(
      `import { Decimal } from 'rxvenue'\nconsole.log(new Decimal('0.1').plus('0.2'))\n`,
    )
    const bytes = bytesOf(meta, Object.keys(meta.outputs))
    sizes.decimal = bytes
    expect(bytes).to.be.at.most(40 * 1024)
  })

  it("one venue's orderBook$ carries that driver only: no other driver, no engine, no simulator, no undici", async () => {
    const meta = await bundle(
      `import { createBybitVenue } from 'rxvenue'\ncreateBybitVenue().orderBook$('BTC/USDT').subscribe(console.log)\n`,
    )
    const outputs = Object.keys(meta.outputs)
    const inputs = inputsOf(meta, outputs)
    sizes.bybitOrderBook = bytesOf(meta, outputs)
    expect(driversIn(inputs)).to.deep.equal(['bybit'])
    expect(engineOrSimulator(inputs)).to.deep.equal([])
    expect(nodeOnly(inputs)).to.deep.equal([])
  })

  it('orderBook$ by venue id loads no driver up front: each venue is a chunk of its own, fetched on use', async () => {
    const meta = await bundle(
      `import { orderBook$ } from 'rxvenue'\norderBook$('bybit', 'BTC/USDT').subscribe(console.log)\n`,
      true,
    )
    const upFront = staticOutputs(meta, entryOutput(meta))
    sizes.orderBookUpFront = bytesOf(meta, upFront)
    expect(driversIn(inputsOf(meta, upFront))).to.deep.equal([])
    expect(engineOrSimulator(inputsOf(meta, upFront))).to.deep.equal([])
    expect(nodeOnly(inputsOf(meta, Object.keys(meta.outputs)))).to.deep.equal([])
  })

  after(() => console.log(`      bundle sizes (minified bytes): ${JSON.stringify(sizes)}`))
})
