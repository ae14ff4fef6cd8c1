// Builds the ESM and CommonJS outputs (the two compilations run side by side) and marks the CommonJS
// folder as such. dist/esm needs no package.json of its own: the root's `"type": "module"` applies, and
// a nested one would hide the root's `"sideEffects": false` from bundlers.
import { execFile } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'

const tsc = async (project) => {
  try {
    await promisify(execFile)(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project])
  } catch (e) {
    process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`)
    throw new Error(`tsc -p ${project} failed`)
  }
}

rmSync('dist', { recursive: true, force: true })
await Promise.all([tsc('tsconfig.build.json'), tsc('tsconfig.cjs.json')])
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs', sideEffects: false }) + '\n')
