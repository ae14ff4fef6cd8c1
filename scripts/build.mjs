// Builds the ESM and CommonJS outputs and marks the CommonJS folder as such.
import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'

const tsc = (project) => execFileSync('npx', ['tsc', '-p', project], { stdio: 'inherit' })

rmSync('dist', { recursive: true, force: true })
tsc('tsconfig.build.json')
tsc('tsconfig.cjs.json')
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n')
writeFileSync('dist/esm/package.json', JSON.stringify({ type: 'module' }) + '\n')
