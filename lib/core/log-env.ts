/**
 * Log levels from the environment: `RXVENUE_LOG=debug` for every rxvenue logger, or per logger
 * `RXVENUE_LOG=bybit:debug,rest:trace`. Read once, when a client is created.
 */

/**
 * The name of the environment variable a client reads its log levels from.
 *
 * @example
 * // RXVENUE_LOG=binance:debug node app.js
 * process.env[LOG_ENV] = 'binance:debug'
 */
export const LOG_ENV = 'RXVENUE_LOG'

/**
 * Log levels, lowest first; `silent` turns a logger off.
 *
 * @example
 * const level: LogLevelName = process.env.DEBUG ? 'debug' : 'warn'
 * createClient({ logger: createLogger({ sink: console, level }) })
 */
export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent'

const NAMES: readonly LogLevelName[] = ['trace', 'debug', 'info', 'warn', 'error', 'silent']

/**
 * One entry of a log spec: the logger name segments it applies to (none: every logger) and its level.
 *
 * @example
 * const rule: LogRule = { segments: ['bybit'], level: 'debug' }
 */
export interface LogRule {
  readonly segments: readonly string[]
  readonly level: LogLevelName
}

/**
 * A parsed log spec: its rules, and the entries that could not be read (each with the reason).
 *
 * @example
 * const { rules, problems } = parseLogSpec('bybit:debug,rest:trace')
 */
export interface LogSpec {
  readonly rules: readonly LogRule[]
  readonly problems: readonly string[]
}

/**
 * Reads a log spec: comma-separated entries, each a level (`debug`: every logger) or logger name
 * segments and a level joined by `:` (`bybit:debug`, `rest:trace`, `binance:rest:trace`). A rule applies
 * to every logger whose name holds its segments in a row, so `rest` matches `rxvenue:bybit:rest` and
 * `rxvenue:binance:rest`; the rule with the most segments wins, and of equals the later one. An entry
 * with an unknown level is left out and reported in `problems`.
 *
 * @example
 * logLevelOf(parseLogSpec('info,bybit:debug'), 'rxvenue:bybit:rest') // 'debug'
 * logLevelOf(parseLogSpec('info,bybit:debug'), 'rxvenue:binance')    // 'info'
 */
export function parseLogSpec(text: string): LogSpec {
  const rules: LogRule[] = []
  const problems: string[] = []
  for (const raw of text.split(',')) {
    const entry = raw.trim()
    if (entry === '') continue
    const parts = entry.split(':').map((p) => p.trim())
    const level = (parts.pop() ?? '').toLowerCase()
    const known = NAMES.find((n) => n === level)
    if (known === undefined || parts.some((p) => p === '')) {
      problems.push(`${JSON.stringify(entry)}: expected [name:]level with a level of ${NAMES.join(', ')}`)
      continue
    }
    rules.push({ segments: parts.map((p) => p.toLowerCase()), level: known })
  }
  return { rules, problems }
}

/**
 * The level `spec` gives the logger `name` (`rxvenue:bybit:rest`), or `undefined` when no rule applies.
 *
 * @example
 * logLevelOf(parseLogSpec('rest:trace'), 'rxvenue:bybit:rest') // 'trace'
 */
export function logLevelOf(spec: LogSpec, name: string): LogLevelName | undefined {
  const segments = name.toLowerCase().split(':')
  let best: LogRule | undefined
  for (const rule of spec.rules) {
    if (!holds(segments, rule.segments)) continue
    if (best === undefined || rule.segments.length >= best.segments.length) best = rule
  }
  return best?.level
}

/**
 * The log spec in `env` (`process.env` by default), or `undefined` when `RXVENUE_LOG` is unset or empty
 * (and where there is no `process`, as in a browser).
 *
 * @example
 * const spec = readLogEnv({ RXVENUE_LOG: 'debug' }) // every rxvenue logger at debug
 */
export function readLogEnv(env?: Readonly<Record<string, string | undefined>>): LogSpec | undefined {
  const source = env ?? (typeof process === 'undefined' ? undefined : process.env)
  const text = source?.[LOG_ENV]
  return text === undefined || text.trim() === '' ? undefined : parseLogSpec(text)
}

/** True when `part` occurs in `whole` as consecutive segments. */
function holds(whole: readonly string[], part: readonly string[]): boolean {
  if (part.length === 0) return true
  for (let i = 0; i + part.length <= whole.length; i++) {
    if (part.every((p, j) => whole[i + j] === p)) return true
  }
  return false
}
