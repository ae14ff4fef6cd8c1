/**
 * The command line of an example or script: `--help` prints the usage and exits 0, a `--live` the
 * program cannot honour is refused, and any other mistake prints what is wrong with the usage and
 * exits 2. Every example and script reads its arguments through it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>

/** The parsed `--name value` flags of `options`. */
export type Flags<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values']

/**
 * The flags of this process's command line, or an exit: 0 with the usage on stdout for `--help` / `-h`,
 * 2 with the reason and the usage on stderr for anything `options` does not declare.
 *
 * @example
 * const flags = commandLine('usage: demo [--duration seconds]', { duration: { type: 'string' } })
 */
export function commandLine<const O extends Options>(usage: string, options: O): Flags<O> {
  const args = process.argv.slice(2)
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage)
    process.exit(0)
  }
  if (!('live' in options) && args.includes('--live')) {
    refuse(usage, '--live is not supported: this program runs only on the built-in simulator')
  }
  try {
    return parseArgs({ args, options, strict: true }).values as Flags<O>
  } catch (e) {
    return refuse(usage, e instanceof Error ? e.message : String(e))
  }
}

/**
 * Exits 2 with `why` and the usage on stderr.
 *
 * @example
 * if (!(minutes > 0)) refuse(USAGE, '--minutes takes a number > 0')
 */
export function refuse(usage: string, why: string): never {
  console.error(`${why}\n${usage}`)
  process.exit(2)
}
