import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
// @ts-expect-error: a plain ES module script, no types
import { releaseChangelog } from '../../scripts/release-changelog.mjs'

const release = releaseChangelog as (text: string, version: string, date: string) => string

const CHANGELOG = `# Changelog

Intro.

## [Unreleased]

### Fixed

- a fix

## [0.1.0] - 2026-11-21

- the first
`

describe('releasing the changelog', () => {
  it('puts the unreleased entries under the version and leaves an empty Unreleased above them', () => {
    expect(release(CHANGELOG, '0.2.0', '2026-12-07')).to.equal(`# Changelog

Intro.

## [Unreleased]

## [0.2.0] - 2026-12-07

### Fixed

- a fix

## [0.1.0] - 2026-11-21

- the first
`)
  })

  it('refuses a version released already, an empty Unreleased, and a changelog without one', () => {
    expect(() => release(CHANGELOG, '0.1.0', '2026-12-07')).to.throw(/0\.1\.0 already/)
    const released = release(CHANGELOG, '0.2.0', '2026-12-07')
    expect(() => release(released, '0.3.0', '2026-12-08')).to.throw(/nothing is unreleased/)
    expect(() => release('# Changelog\n', '0.2.0', '2026-12-07')).to.throw(/no "## \[Unreleased\]"/)
    expect(() => release(CHANGELOG, 'v0.2', '2026-12-07')).to.throw(/not a version/)
  })

  it('the release steps on this repository: changeset version bumps package.json, the changelog keeps every entry', function () {
    this.timeout(120_000)
    const root = resolve('.')
    const dir = mkdtempSync(join(tmpdir(), 'rxvenue-release-'))
    try {
      for (const f of ['package.json', 'CHANGELOG.md', '.changeset'])
        cpSync(join(root, f), join(dir, f), { recursive: true })
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
      // a pending changeset, as a pull request adds one
      writeFileSync(join(dir, '.changeset', 'a-fix.md'), "---\n'rxvenue': patch\n---\n\nA fix.\n")
      const before = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')
      const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
        .version
      execFileSync('npx', ['changeset', 'version'], { cwd: dir, stdio: 'pipe' })
      const bumped = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
        .version
      expect(bumped).to.not.equal(version)
      expect(
        readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'),
        'changesets leaves the changelog alone',
      ).to.equal(before)
      execFileSync(
        process.execPath,
        [join(root, 'scripts', 'release-changelog.mjs'), '--date', '2026-12-07'],
        {
          cwd: dir,
          stdio: 'pipe',
        },
      )
      const after = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')
      expect(after).to.equal(release(before, bumped, '2026-12-07'))
      expect(after.replace(`\n## [${bumped}] - 2026-12-07\n`, '')).to.equal(before)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
