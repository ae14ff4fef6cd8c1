// Fails when a source file in lib/ is over 500 lines without saying why. A long file is allowed only
// with a reason line among its first 10 lines:
//
//   // size: the venue's codecs, one per wire payload, kept together
//
// Usage: node scripts/check-file-size.mjs [folder ...]   (default: lib; paths relative to the working folder)
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const MAX_LINES = 500
const HEAD_LINES = 10
// A reason is a few words, not a shrug ("// size: ok").
const REASON = /^\s*\/\/ size: *\S+(?: +\S+){2,}/
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs)$/

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* sourceFiles(path)
    else if (SOURCE.test(entry.name)) yield path
  }
}

function lineCount(text) {
  const lines = text.split('\n').length
  return text.endsWith('\n') ? lines - 1 : lines
}

const posix = (path) => relative(process.cwd(), path).split('\\').join('/')
const folders = (process.argv.length > 2 ? process.argv.slice(2) : ['lib']).map(
  (f) => `${posix(resolve(f))}/`,
)
const problems = []
for (const folder of folders) {
  for (const file of sourceFiles(folder)) {
    const name = posix(file)
    const text = readFileSync(file, 'utf8')
    const lines = lineCount(text)
    if (lines <= MAX_LINES) continue
    if (text.split('\n', HEAD_LINES).some((line) => REASON.test(line))) continue
    problems.push(`${name}: ${lines} lines; say why in a "// size: <reason>" line at its top, or split it`)
  }
}
if (problems.length > 0) {
  console.error(`Files over ${MAX_LINES} lines:\n  ${problems.join('\n  ')}`)
  process.exitCode = 1
}
