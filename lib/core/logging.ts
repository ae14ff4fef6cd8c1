/**
 * Logging. rxvenue logs through a small {@link Logger} interface; the default is backed by loglevel
 * *named* loggers (`rxvenue:bybit:ws`), and any object with the same five methods can be plugged in
 * instead (a bridge to pino or winston). Whatever the backend, every message and every field passes
 * through redaction first, so API keys, secrets, signatures and passphrases never reach a log.
 */
import loglevel from 'loglevel'
import { LOG_ENV, logLevelOf, readLogEnv, type LogLevelName, type LogSpec } from './log-env.js'
import { redact, redactText } from './redact.js'

export type { LogLevelName } from './log-env.js'

/**
 * Structured context of one log line; redacted like the message before it reaches the sink.
 *
 * @example
 * const fields: LogFields = { venue: 'bybit', attempt: 3 }
 * log.warn('reconnecting', fields)
 */
export type LogFields = Record<string, unknown>

/**
 * One logging method: a message and optional structured fields.
 *
 * @example
 * const info: LogMethod = (message, fields) => console.log(JSON.stringify({ level: 'info', message, ...fields }))
 */
export type LogMethod = (message: string, fields?: LogFields) => void

/**
 * Where log lines go: any object with these methods. Lines arrive already redacted and filtered by
 * level, with the logger name as `fields.logger`.
 *
 * @example
 * const sink: LogSink = {
 *   trace: (m, f) => pino.trace(f, m), debug: (m, f) => pino.debug(f, m), info: (m, f) => pino.info(f, m),
 *   warn: (m, f) => pino.warn(f, m), error: (m, f) => pino.error(f, m),
 * }
 */
export interface LogSink {
  trace: LogMethod
  debug: LogMethod
  info: LogMethod
  warn: LogMethod
  error: LogMethod
}

/**
 * The logger every rxvenue component receives.
 *
 * @example
 * const log = getLogger('rxvenue:bybit').child('ws')   // rxvenue:bybit:ws
 * log.warn('reconnecting', { attempt: 3, url })
 */
export interface Logger extends LogSink {
  /** The logger's name, `rxvenue:bybit:ws`. */
  readonly name: string
  /** A logger named `${name}:${suffix}` with the same backend, level and secrets. */
  child(suffix: string): Logger
  /** True when a line at `level` would be written; guard costly fields with it. */
  isLevelEnabled(level: Exclude<LogLevelName, 'silent'>): boolean
}

/**
 * Options of {@link createLogger}.
 *
 * @example
 * const options: LoggerOptions = { name: 'bot', sink: console, level: 'info', secrets: [apiKey, secret] }
 * createLogger(options)
 */
export interface LoggerOptions {
  /** Logger name. Default `rxvenue`. */
  readonly name?: string
  /** Where lines go. Default: the loglevel logger of that name. */
  readonly sink?: LogSink
  /**
   * Lowest level written. Default `warn`. With a sink the filtering happens here; without one it is
   * set on the loglevel named logger (never on loglevel's root logger).
   */
  readonly level?: LogLevelName
  /** Exact secret values (API keys, secrets, passphrases, signatures) to scrub from every line. */
  readonly secrets?: Iterable<string>
  /**
   * Levels per logger name (`RXVENUE_LOG`, see `parseLogSpec`): the level of this logger and of each of
   * its children is the one the spec gives its name, else `level`.
   */
  readonly levels?: LogSpec | undefined
}

const LEVELS: Readonly<Record<LogLevelName, number>> = {
  trace: 0,
  debug: 1,
  info: 2,
  warn: 3,
  error: 4,
  silent: 5,
}

type Method = Exclude<LogLevelName, 'silent'>

/**
 * The default level of rxvenue's loggers: warnings and errors only, so a library stays quiet.
 *
 * @example
 * createLogger({ sink: console }).isLevelEnabled('info') // false while DEFAULT_LOG_LEVEL is 'warn'
 */
export const DEFAULT_LOG_LEVEL: LogLevelName = 'warn'

/**
 * Creates a logger: redaction, level filtering and naming in front of a sink or a loglevel logger.
 *
 * @example
 * const log = createLogger({ name: 'rxvenue', sink: console, level: 'info', secrets: [apiKey, secret] })
 * log.info(`GET /v5/order?apiKey=${apiKey}`) // written as "GET /v5/order?apiKey=[redacted]"
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const name = options.name ?? 'rxvenue'
  const secrets = options.secrets ?? []
  const { sink } = options
  const given = (options.levels && logLevelOf(options.levels, name)) ?? options.level
  const child = (suffix: string) => createLogger({ ...options, name: `${name}:${suffix}` })
  if (sink === undefined) return loglevelLogger(name, given, secrets, child)
  const threshold = LEVELS[given ?? DEFAULT_LOG_LEVEL]
  const write = (method: Method): LogMethod => {
    const level = LEVELS[method]
    return (message, fields) => {
      if (level < threshold) return
      sink[method](redactText(message, secrets), { logger: name, ...redactFields(fields, secrets) })
    }
  }
  return {
    name,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child,
    isLevelEnabled: (level) => LEVELS[level] >= threshold,
  }
}

/**
 * The logger backed by loglevel's named logger `name`.
 *
 * A logger loglevel did not have yet starts at `warn` (or `options.level`); one that exists keeps the
 * level the application gave it, so `loglevel.getLogger('rxvenue:bybit:ws').setLevel('debug')` works.
 * loglevel's root level is never changed.
 *
 * @example
 * const log = getLogger('rxvenue:binance', { level: 'debug', secrets: [apiKey] })
 * log.debug('subscribed', { streams: ['btcusdt@depth'] })
 */
export function getLogger(name: string, options: Omit<LoggerOptions, 'name' | 'sink'> = {}): Logger {
  return createLogger({ ...options, name })
}

/**
 * The root logger (`rxvenue`) that `RXVENUE_LOG` asks for, or `undefined` when it is unset: its
 * children (`rxvenue:bybit`, `rxvenue:bybit:rest`) take the level the spec gives their names. Entries
 * that cannot be read are reported once, at warn, and left out.
 *
 * @example
 * // RXVENUE_LOG=bybit:debug,rest:trace
 * const log = loggerFromEnv()?.child('bybit') // rxvenue:bybit at debug, rxvenue:bybit:rest at trace
 */
export function loggerFromEnv(env?: Readonly<Record<string, string | undefined>>): Logger | undefined {
  const spec = readLogEnv(env)
  if (spec === undefined) return undefined
  const root = createLogger({ name: 'rxvenue', levels: spec })
  for (const problem of spec.problems) getLogger('rxvenue').warn(`${LOG_ENV}: left out ${problem}`)
  return root
}

/**
 * A logger that writes nothing.
 *
 * @example
 * createClient({ logger: silentLogger })
 */
export const silentLogger: Logger = {
  name: 'silent',
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
  isLevelEnabled: () => false,
}

/**
 * `logger` with `secrets` scrubbed from every message and field before it sees them, however it was
 * made: how a driver keeps its keys and signatures out of a logger the application passed in. A line
 * the logger's level filters out costs no redaction.
 *
 * @example
 * const log = withSecrets(createLogger({ sink: console, level: 'debug' }), [apiKey, secret])
 * log.warn(`refused: ${echoedBody}`) // no apiKey, no secret
 */
export function withSecrets(logger: Logger, secrets: Iterable<string>): Logger {
  if (logger === silentLogger) return logger
  const write = (method: Method): LogMethod => {
    return (message, fields) => {
      if (!logger.isLevelEnabled(method)) return
      const text = redactText(message, secrets)
      if (fields === undefined) logger[method](text)
      else logger[method](text, redactFields(fields, secrets))
    }
  }
  return {
    name: logger.name,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (suffix) => withSecrets(logger.child(suffix), secrets),
    isLevelEnabled: (level) => logger.isLevelEnabled(level),
  }
}

function loglevelLogger(
  name: string,
  level: LogLevelName | undefined,
  secrets: Iterable<string>,
  child: (suffix: string) => Logger,
): Logger {
  const known = Object.prototype.hasOwnProperty.call(loglevel.getLoggers(), name)
  const backend = loglevel.getLogger(name)
  // Persisting would write the level to browser storage; a library must not.
  if (level !== undefined) backend.setLevel(level, false)
  else if (!known) backend.setDefaultLevel(DEFAULT_LOG_LEVEL)
  const prefix = `[${name}]`
  const write = (method: Method): LogMethod => {
    const methodLevel = LEVELS[method]
    return (message, fields) => {
      // Checked first so a filtered line costs no redaction.
      if (backend.getLevel() > methodLevel) return
      const text = `${prefix} ${redactText(message, secrets)}`
      if (fields === undefined) backend[method](text)
      else backend[method](text, redactFields(fields, secrets))
    }
  }
  return {
    name,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child,
    isLevelEnabled: (l) => backend.getLevel() <= LEVELS[l],
  }
}

function redactFields(fields: LogFields | undefined, secrets: Iterable<string>): LogFields {
  return fields === undefined ? {} : (redact(fields, secrets) as LogFields)
}
