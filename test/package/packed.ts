/**
 * The package as users get it, made once per test run and shared by the package tests: built, packed
 * with `npm pack`, and unpacked into a consumer folder's node_modules beside links to its dependencies
 * (offline: the links point at this repository's node_modules).
 */
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Where the packed package is. */
export interface Packed {
  /** The `.tgz` npm pack wrote. */
  readonly tarball: string
  /** A folder whose node_modules holds the unpacked package and its dependencies. */
  readonly consumer: string
}

const run = promisify(execFile)

let packed: Promise<Packed> | undefined

/** Builds and packs the package on first call; later calls share the result. */
export function packedPackage(): Promise<Packed> {
  return (packed ??= pack())
}

/** Runs `file` with `args` in `cwd`, failing with its output when it exits non-zero. */
export async function sh(file: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, maxBuffer: 16 * 1024 * 1024 })
    return stdout
  } catch (e) {
    const { stdout = '', stderr = '' } = e as { stdout?: string; stderr?: string }
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout}${stderr}`)
  }
}

/** Runs a package's bin script from this repository's node_modules with the running Node. */
export function bin(path: string, args: readonly string[], cwd: string): Promise<string> {
  return sh(process.execPath, [join(ROOT, 'node_modules', path), ...args], cwd)
}

async function pack(): Promise<Packed> {
  const dir = mkdtempSync(join(tmpdir(), 'rxvenue-pack-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  await sh(process.execPath, ['scripts/build.mjs'], ROOT)
  const [info] = JSON.parse(await sh('npm', ['pack', '--json', '--pack-destination', dir], ROOT)) as {
    filename: string
  }[]
  const tarball = join(dir, info!.filename)
  const consumer = join(dir, 'consumer')
  const modules = join(consumer, 'node_modules')
  mkdirSync(join(modules, 'rxvenue'), { recursive: true })
  await sh('tar', ['-xzf', tarball, '-C', join(modules, 'rxvenue'), '--strip-components=1'], dir)
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>
  }
  for (const name of [...Object.keys(manifest.dependencies), '@types/node']) {
    mkdirSync(dirname(join(modules, name)), { recursive: true })
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir')
  }
  cpSync(join(ROOT, 'test/package/consumer'), consumer, { recursive: true })
  return { tarball, consumer }
}
