#!/usr/bin/env node
/**
 * Releases the changelog's `## [Unreleased]` section under the version in package.json: the section's
 * entries get the heading `## [x.y.z] - YYYY-MM-DD` and an empty `## [Unreleased]` goes above them.
 * Run after `changeset version` (which bumps package.json; the changelog is written by hand, entry by
 * entry, so changesets leaves it alone: `"changelog": false`).
 *
 *   node scripts/release-changelog.mjs [--date YYYY-MM-DD] [--file CHANGELOG.md]
 *
 * Exits 1, changing nothing, when the version already has a section or there is nothing unreleased.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

/**
 * The changelog with its unreleased entries released as `version` on `date`.
 *
 * @throws Error when the version has a section already, or nothing is unreleased.
 * @example
 * releaseChangelog('# Changelog\n\n## [Unreleased]\n\n- a fix\n', '0.2.0', '2026-12-07')
 * // '# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-12-07\n\n- a fix\n'
 */
export function releaseChangelog(text, version, date) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`not a version: ${version}`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`not a date: ${date}`)
  const heading = /^## \[Unreleased\][^\n]*\n/m
  const found = heading.exec(text)
  if (found === null) throw new Error('the changelog has no "## [Unreleased]" section')
  if (new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm').test(text)) {
    throw new Error(`the changelog has a section for ${version} already`)
  }
  const start = found.index + found[0].length
  const next = text.slice(start).search(/^## /m)
  const body = next < 0 ? text.slice(start) : text.slice(start, start + next)
  if (body.trim() === '') throw new Error('nothing is unreleased')
  return `${text.slice(0, start)}\n## [${version}] - ${date}\n${text.slice(start)}`
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href
if (isMain) {
  const { values } = parseArgs({
    options: {
      date: { type: 'string', default: new Date().toISOString().slice(0, 10) },
      file: { type: 'string', default: 'CHANGELOG.md' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log('usage: release-changelog [--date YYYY-MM-DD] [--file CHANGELOG.md]')
    process.exit(0)
  }
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'))
  try {
    writeFileSync(values.file, releaseChangelog(readFileSync(values.file, 'utf8'), version, values.date))
    console.log(`${values.file}: the unreleased entries are ${version} (${values.date})`)
  } catch (e) {
    console.error(`release-changelog: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  }
}
