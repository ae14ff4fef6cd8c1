import { spawn } from 'node:child_process'

/** What a finished example program left behind. */
export interface ExampleRun {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Options of {@link runExample}. */
export interface RunOptions {
  /** Environment of the program. Default: this process's. */
  readonly env?: NodeJS.ProcessEnv | undefined
  /** Sends SIGINT once, the first time stdout so far satisfies this (Ctrl-C on a condition, not a clock). */
  readonly interruptWhen?: ((stdout: string) => boolean) | undefined
  /** Watchdog: a program still running after this long is killed and the run fails. Default 60 000 ms. */
  readonly killAfterMs?: number | undefined
}

/**
 * Runs `node --import tsx <args>` from the repository root to its exit, as a user would run an example.
 *
 * @example
 * const { code, stdout } = await runExample(['examples/demo.ts', '--duration', '2'])
 */
export function runExample(args: readonly string[], options: RunOptions = {}): Promise<ExampleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    })
    let stdout = ''
    let stderr = ''
    let interrupted = false
    const limitMs = options.killAfterMs ?? 60_000
    const watchdog = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${args.join(' ')} was still running after ${limitMs} ms\n${stdout}\n${stderr}`))
    }, limitMs)
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (!interrupted && options.interruptWhen?.(stdout) === true) {
        interrupted = true
        child.kill('SIGINT')
      }
    })
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', (e) => {
      clearTimeout(watchdog)
      reject(e)
    })
    child.on('close', (code, signal) => {
      clearTimeout(watchdog)
      resolve({ code, signal, stdout, stderr })
    })
  })
}
