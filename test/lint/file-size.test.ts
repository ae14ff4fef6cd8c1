import { expect } from 'chai'
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts/check-file-size.mjs')

interface Run {
  readonly code: number
  readonly stderr: string
}

/** `node scripts/check-file-size.mjs <folders>` in a folder of its own. */
function check(cwd: string, folders: readonly string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [SCRIPT, ...folders], { cwd }, (error, _stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stderr })
    })
  })
}

/** A file of `lines` lines whose first lines are `head`. */
function source(lines: number, head: readonly string[] = []): string {
  const body = Array.from({ length: lines - head.length }, (_, i) => `export const v${i} = ${i}`)
  return [...head, ...body].join('\n') + '\n'
}

describe('lint: no file in lib/ over 500 lines without a reason (scripts/check-file-size.mjs)', function () {
  this.timeout(30_000)
  let root: string

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rxvenue-size-'))
    mkdirSync(join(root, 'lib/core'), { recursive: true })
  })

  afterEach(() => rmSync(root, { recursive: true, force: true }))

  const write = (file: string, text: string) => writeFileSync(join(root, file), text)

  it('fails on a file over 500 lines without a reason, naming it and its length', async () => {
    write('lib/core/long.ts', source(501))
    write('lib/core/short.ts', source(500))
    const run = await check(root, ['lib/core'])
    expect(run.code).to.equal(1)
    expect(run.stderr).to.include('lib/core/long.ts: 501 lines')
    expect(run.stderr).to.not.include('short.ts')
  })

  it('passes a file over 500 lines with a "// size:" reason among its first 10 lines', async () => {
    write('lib/core/long.ts', source(501, ['// size: the codecs of one venue, one per wire payload']))
    write(
      'lib/core/later.ts',
      source(600, ['/**', ' * A file comment first.', ' */', '// size: one state machine, one file']),
    )
    const run = await check(root, ['lib/core'])
    expect(run.stderr).to.equal('')
    expect(run.code).to.equal(0)
  })

  it('fails when the reason is too late in the file or says nothing', async () => {
    write(
      'lib/core/late.ts',
      source(501, [...Array.from({ length: 10 }, () => '//'), '// size: found on line 11 only']),
    )
    write('lib/core/shrug.ts', source(501, ['// size: ok']))
    const run = await check(root, ['lib/core'])
    expect(run.code).to.equal(1)
    expect(run.stderr).to.include('lib/core/late.ts: 501 lines').and.include('lib/core/shrug.ts: 501 lines')
  })

  it('excuses no file by name: every long file in lib/ of the project gives its reason', async () => {
    expect(readFileSync(SCRIPT, 'utf8')).to.not.match(/KNOWN|new Set\(\[/)
    const run = await check(resolve(dirname(SCRIPT), '..'), ['lib'])
    expect(run.stderr).to.equal('')
    expect(run.code).to.equal(0)
  })
})
