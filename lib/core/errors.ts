import { redact, redactText } from './redact.js'

// Marks rxvenue errors on their prototypes under a global symbol: a program that loads both the ESM and
// the CommonJS build (or two installed copies) has two VenueError classes, and `instanceof` must hold
// across them.
const BRAND: unique symbol = /* @__PURE__ */ Symbol.for('rxvenue.VenueError')

/**
 * Every failure rxvenue reports is a {@link VenueError} with one of these kinds. The kinds are stable
 * and documented; branch on `kind`, never on the message.
 *
 * | kind | retryable | means |
 * |---|---|---|
 * | `rate-limit` | yes, after `retryAfterMs` | the venue (429/418) or the local limiter said wait |
 * | `auth` | no | missing, wrong or unpermitted credentials |
 * | `invalid-request` | no | unknown venue or symbol, a parameter or feature the venue refuses, a call on a closed client or cut off by close before it was sent |
 * | `insufficient-funds` | no | the account cannot pay for the order |
 * | `not-found` | no | the venue does not know the order or object |
 * | `clock-skew` | yes, once the clock is resynced | the request timestamp fell outside the venue's window |
 * | `temporary` | yes | the venue is busy or the book broke and is being rebuilt |
 * | `network` | yes | connection refused, reset or dropped |
 * | `timeout` | yes (orders: only after asking the venue) | no answer in time, or cut off by close after it was sent; the request may have been applied |
 * | `decode` | no | a payload did not match its codec: the same bytes will not decode differently |
 * | `circuit-open` | no | the venue's breaker is open after repeated failures; try after it half-opens |
 * | `risk-rejected` | no | a pre-trade risk policy refused the order (reserved for risk policies) |
 * | `expired` | no | a quote was accepted after its expiry, or the venue refused it as expired: ask for a new one |
 *
 * @example
 * function describe(kind: ErrorKind): string {
 *   return kind === 'rate-limit' ? 'slow down' : kind === 'auth' ? 'check the API key' : 'see the message'
 * }
 */
export type ErrorKind =
  | 'rate-limit'
  | 'auth'
  | 'invalid-request'
  | 'insufficient-funds'
  | 'not-found'
  | 'clock-skew'
  | 'temporary'
  | 'network'
  | 'timeout'
  | 'decode'
  | 'circuit-open'
  | 'risk-rejected'
  | 'expired'

/**
 * All error kinds, in documentation order: for exhaustive tests, metrics labels and validation.
 *
 * @example
 * const failures = Object.fromEntries(ERROR_KINDS.map((kind) => [kind, 0]))
 */
export const ERROR_KINDS: readonly ErrorKind[] = [
  'rate-limit',
  'auth',
  'invalid-request',
  'insufficient-funds',
  'not-found',
  'clock-skew',
  'temporary',
  'network',
  'timeout',
  'decode',
  'circuit-open',
  'risk-rejected',
  'expired',
]

/**
 * Whether a kind is worth retrying by default. `clock-skew` is retryable once the clock was resynced;
 * `rate-limit` after its `retryAfterMs`. `decode` is not: the same bytes will not decode differently.
 *
 * @example
 * RETRYABLE_BY_DEFAULT['clock-skew'] // true
 * RETRYABLE_BY_DEFAULT.auth          // false
 */
export const RETRYABLE_BY_DEFAULT: Readonly<Record<ErrorKind, boolean>> = {
  'rate-limit': true,
  auth: false,
  'invalid-request': false,
  'insufficient-funds': false,
  'not-found': false,
  'clock-skew': true,
  temporary: true,
  network: true,
  timeout: true,
  decode: false,
  'circuit-open': false,
  'risk-rejected': false,
  expired: false,
}

/**
 * Constructor options of {@link VenueError}, for drivers and adapters written outside this package.
 *
 * @example
 * const options: VenueErrorOptions = { kind: 'auth', venue: 'bybit', code: 10003, message: 'API key is invalid' }
 * throw new VenueError(options)
 */
export interface VenueErrorOptions {
  readonly kind: ErrorKind
  readonly message: string
  /** Venue id (`'bybit'`), or `undefined` for venue-agnostic failures. */
  readonly venue?: string | undefined
  /**
   * The venue's own error code (`10006`, `-1021`), kept as the venue sent it; one written as free text
   * is scrubbed of the secrets, as the message is (a venue may echo the request into it).
   */
  readonly code?: string | number | undefined
  /** HTTP status when the failure came from an HTTP response. */
  readonly status?: number | undefined
  /**
   * Overrides the kind's default: `rate-limit`, `clock-skew`, `temporary`, `network` and `timeout` are
   * retryable, the others are not.
   */
  readonly retryable?: boolean | undefined
  /** How long the venue asked us to wait, when it said (Retry-After, reset timestamps). */
  readonly retryAfterMs?: number | undefined
  /** The client order id of the order a failed order command was about. */
  readonly clientOrderId?: string | undefined
  /**
   * The underlying error; kept off `toJSON()`. Scrubbed like the message: an error whose message,
   * stack or fields held a secret is replaced by a copy (same prototype) without it.
   */
  readonly cause?: unknown
  /** Exact secret values to scrub from the message and the cause (API keys, secrets, signatures). */
  readonly secrets?: Iterable<string> | undefined
}

/**
 * The one error type of rxvenue.
 *
 * Its message, stack, cause and JSON never hold secrets: the message and the cause are passed through
 * redaction when the error is made, and `toJSON()` leaves out the cause.
 *
 * @example
 * account.placeOrder(order).pipe(
 *   catchError((e: unknown) => (isErrorKind(e, 'insufficient-funds') ? EMPTY : throwError(() => e))),
 * )
 */
export class VenueError extends Error {
  override readonly name: string = 'VenueError'
  /** What went wrong, from the stable set of {@link ErrorKind}s; branch on this. */
  readonly kind: ErrorKind
  /** Whether trying the same thing again may succeed; rxvenue retries only these. */
  readonly retryable: boolean
  /** Venue id (`'bybit'`), or `undefined` for venue-agnostic failures. */
  readonly venue: string | undefined
  /**
   * The venue's own error code (`10006`, `-1021`), kept as the venue sent it; one written as free text
   * is scrubbed of the secrets, as the message is (a venue may echo the request into it).
   */
  readonly code: string | number | undefined
  /** HTTP status when the failure came from an HTTP response. */
  readonly status: number | undefined
  /** How long the venue asked to wait before trying again, when it said. */
  readonly retryAfterMs: number | undefined
  /**
   * The client order id of the order a failed order command was about; the Bybit and Binance drivers
   * set it on every `placeOrder` error.
   */
  readonly clientOrderId: string | undefined

  /** Always true: the brand `instanceof` checks across copies of the package. */
  get [BRAND](): true {
    return true
  }

  /**
   * `instanceof` that holds across the ESM and CommonJS builds: a branded error matches a class when a
   * class of the same name is on its prototype chain.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true
    if (typeof value !== 'object' || value === null || (value as { [BRAND]?: unknown })[BRAND] !== true) {
      return false
    }
    for (
      let proto: unknown = Object.getPrototypeOf(value);
      proto !== null;
      proto = Object.getPrototypeOf(proto)
    ) {
      if ((proto as { constructor?: { name?: unknown } }).constructor?.name === this.name) return true
    }
    return false
  }

  constructor(options: VenueErrorOptions) {
    super(redactText(options.message, options.secrets), { cause: scrubbed(options.cause, options.secrets) })
    this.kind = options.kind
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT[options.kind]
    this.venue = options.venue
    this.code = typeof options.code === 'string' ? redactText(options.code, options.secrets) : options.code
    this.status = options.status
    this.retryAfterMs = options.retryAfterMs
    this.clientOrderId = options.clientOrderId
  }

  /** A log-safe plain object: no cause, no secrets. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      venue: this.venue,
      code: this.code,
      status: this.status,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      ...(this.clientOrderId === undefined ? {} : { clientOrderId: this.clientOrderId }),
    }
  }

  override toString(): string {
    const where = this.venue ? ` [${this.venue}${this.code !== undefined ? ` ${this.code}` : ''}]` : ''
    return `${this.name}(${this.kind})${where}: ${this.message}`
  }
}

/**
 * Raised when a wire payload does not match its codec. Carries the path and a truncated payload, so a
 * venue's format change can be diagnosed from the log line alone. Never retryable.
 *
 * @example
 * venue.events$.subscribe((e) => {
 *   if (e.type === 'decode-error') log.error(e.error.message, { paths: e.error.paths, raw: e.error.raw })
 * })
 */
export class DecodeError extends VenueError {
  override readonly name = 'DecodeError'
  /** Human-readable paths to the bad fields, e.g. `data.b[3][0]: expected decimal string, got 12.5`. */
  readonly paths: readonly string[]
  /** What was being decoded, e.g. `bybit orderbook.50.BTCUSDT`. */
  readonly context: string
  /** The raw payload, truncated to at most {@link DecodeError.MAX_RAW} characters. */
  readonly raw: string

  static readonly MAX_RAW = 2048

  constructor(options: {
    context: string
    paths: readonly string[]
    raw: unknown
    venue?: string | undefined
    cause?: unknown
    /** Exact values (keys, signatures) to scrub from paths, raw, message and cause. */
    secrets?: Iterable<string> | undefined
  }) {
    const { secrets } = options
    // Redact before truncating: a cut through a quoted secret would leave it unmatched by the redaction.
    const raw = truncate(
      redactText(typeof options.raw === 'string' ? options.raw : safeStringify(options.raw), secrets),
    )
    // a path quotes the value it refused, which may be an echoed key
    const paths = options.paths.map((path) => redactText(path, secrets))
    const first = paths.slice(0, 3).join('; ')
    const more = paths.length > 3 ? ` (+${paths.length - 3} more)` : ''
    super({
      kind: 'decode',
      message: `cannot decode ${options.context}: ${first}${more}`,
      venue: options.venue,
      cause: options.cause,
      secrets,
    })
    this.context = options.context
    this.paths = paths
    this.raw = raw
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), context: this.context, paths: this.paths, raw: this.raw }
  }
}

/**
 * True for any rxvenue error; narrows an `unknown` caught value.
 *
 * @example
 * catchError((e: unknown) => {
 *   log.error('stream failed', isVenueError(e) ? e.toJSON() : { error: String(e) }) // toJSON() is log-safe
 *   return EMPTY
 * })
 */
export function isVenueError(e: unknown): e is VenueError {
  return e instanceof VenueError
}

/**
 * True for an error of the given kind; narrows an `unknown` caught value.
 *
 * @example
 * if (isErrorKind(e, 'rate-limit')) console.warn(`paused by the venue for ${e.retryAfterMs ?? '?'} ms`)
 */
export function isErrorKind(e: unknown, kind: ErrorKind): e is VenueError {
  return e instanceof VenueError && e.kind === kind
}

/**
 * Wraps anything thrown into a VenueError. A VenueError passes through unchanged; other errors become
 * `fallback` kind (default `network`) with the original as cause.
 *
 * @example
 * toVenueError(new Error('socket hang up')).kind                  // 'network'
 * toVenueError(err, { kind: 'timeout', venue: 'bybit' }).retryable // true
 */
export function toVenueError(e: unknown, fallback: Partial<VenueErrorOptions> = {}): VenueError {
  if (e instanceof VenueError) return e
  const message = e instanceof Error ? e.message : String(e)
  return new VenueError({ kind: 'network', ...fallback, message: fallback.message ?? message, cause: e })
}

/**
 * `cause` with secrets scrubbed: text redacted; an error copied (same prototype, so `instanceof` holds)
 * with its message, stack, text fields and own cause scrubbed, or returned as it is when it held none;
 * any other object replaced by its redacted copy.
 */
function scrubbed(cause: unknown, secrets: Iterable<string> | undefined, depth = 4): unknown {
  if (typeof cause === 'string') return redactText(cause, secrets)
  if (cause === null || typeof cause !== 'object') return cause
  if (!(cause instanceof Error)) return redact(cause, secrets)
  const changes: PropertyDescriptorMap = {}
  for (const key of Reflect.ownKeys(cause)) {
    const descriptor = Object.getOwnPropertyDescriptor(cause, key)
    // some engines keep `stack` behind an accessor
    if (descriptor === undefined || (!('value' in descriptor) && key !== 'stack')) continue
    const value: unknown = 'value' in descriptor ? descriptor.value : cause.stack
    const clean =
      typeof value === 'string'
        ? redactText(value, secrets)
        : key === 'cause' && depth > 0
          ? scrubbed(value, secrets, depth - 1)
          : value
    if (clean !== value) {
      changes[key] = { value: clean, writable: true, enumerable: descriptor.enumerable, configurable: true }
    }
  }
  if (Reflect.ownKeys(changes).length === 0) return cause
  const copy = Object.create(Object.getPrototypeOf(cause) as object) as Error
  Object.defineProperties(copy, { ...Object.getOwnPropertyDescriptors(cause), ...changes })
  try {
    void copy.message
    return copy
  } catch {
    // a host error (DOMException) reads its message from internal slots a copy does not have
    const plain = new Error(redactText(String(cause.message), secrets))
    plain.name = cause.name
    return Object.defineProperties(plain, changes)
  }
}

function truncate(s: string): string {
  return s.length <= DecodeError.MAX_RAW ? s : `${s.slice(0, DecodeError.MAX_RAW)}…(${s.length} chars)`
}

function safeStringify(v: unknown): string {
  try {
    return typeof v === 'undefined' ? 'undefined' : (JSON.stringify(v) ?? String(v))
  } catch {
    return String(v)
  }
}
