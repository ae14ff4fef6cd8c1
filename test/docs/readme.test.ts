import { execFile } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect } from 'chai'
import { startSimulator, type Simulator } from 'rxvenue/testing'
import { runExample } from '../examples/run-example.js'

const run = promisify(execFile)
const DIR = 'test/docs/.readme-snippets'

/** Every TypeScript block of the README, unindented, in order. */
function readmeSnippets(markdown: string): string[] {
  const out: string[] = []
  const fence = /^( *)```ts\n([\s\S]*?)^\1```$/gm
  for (const [, indent = '', body = ''] of markdown.matchAll(fence)) {
    out.push(
      body
        .split('\n')
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
        .join('\n'),
    )
  }
  return out
}

/**
 * The README's code runs as written: each TypeScript block is saved as a program, type-checked with the
 * project's settings, and run to its end. Blocks on the top-level functions reach the simulator through
 * the documented environment variables.
 */
describe('README code blocks', function () {
  this.timeout(120_000)
  let sim: Simulator
  let snippets: string[]
  let files: string[]

  before(async () => {
    snippets = readmeSnippets(await readFile('README.md', 'utf8'))
    await rm(DIR, { recursive: true, force: true })
    await mkdir(DIR, { recursive: true })
    files = await Promise.all(
      snippets.map(async (code, i) => {
        const file = join(DIR, `readme-${i + 1}.ts`)
        await writeFile(file, code)
        return file
      }),
    )
    sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 11, tickMs: 50 })
  })

  after(async () => {
    await sim?.close()
    await rm(DIR, { recursive: true, force: true })
  })

  it('has blocks to check', () => {
    expect(snippets.length).to.be.greaterThan(3)
  })

  it('type-checks every block with the project settings', async () => {
    const config = join(DIR, 'tsconfig.json')
    await writeFile(
      config,
      JSON.stringify({ extends: '../../../tsconfig.json', include: ['*.ts'], compilerOptions: { noEmit: true } }),
    )
    const result = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config]).catch(
      (e: { stdout?: string }) => ({ stdout: e.stdout ?? String(e) }),
    )
    expect(result.stdout).to.equal('')
  })

  it('runs every block to its end, offline, against the simulator', async () => {
    const { bybit, binance } = sim.clientOptions().venues
    const env = {
      ...process.env,
      RXVENUE_BYBIT_REST_URL: bybit?.restUrl,
      RXVENUE_BYBIT_WS_URL: bybit?.wsUrl,
      RXVENUE_BINANCE_REST_URL: binance?.restUrl,
      RXVENUE_BINANCE_WS_URL: binance?.wsUrl,
    }
    for (const file of files) {
      const result = await runExample([file], { env, killAfterMs: 30_000 })
      expect(result.code, `${file}\n${result.stderr}`).to.equal(0)
      expect(result.stdout.trim(), `${file} printed nothing`).to.not.equal('')
      expect(result.stdout, file).to.not.match(/undefined/)
    }
  })
})
