import { redactText } from './redact.js'

/**
 * Every failure rxvenue reports is a {@link VenueError} with one of these kinds. The kinds are stable
 * and documented; branch on `kind`, never on the message.
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

/** All error kinds, in documentation order. */
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
]

/**
 * Whether a kind is worth retrying by default. `clock-skew` is retryable once the clock was resynced;
 * `rate-limit` after its `retryAfterMs`. `decode` is not: the same bytes will not decode differently.
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
}

/** Constructor options of {@link VenueError}. */
export interface VenueErrorOptions {
  readonly kind: ErrorKind
  readonly message: string
  /** Venue id (`'bybit'`), or `undefined` for venue-agnostic failures. */
  readonly venue?: string | undefined
  /** The venue's own error code (`10006`, `-1021`), kept as the venue sent it. */
  readonly code?: string | number | undefined
  /** HTTP status when the failure came from an HTTP response. */
  readonly status?: number | undefined
  /** Overrides {@link RETRYABLE_BY_DEFAULT}. */
  readonly retryable?: boolean | undefined
  /** How long the venue asked us to wait, when it said (Retry-After, reset timestamps). */
  readonly retryAfterMs?: number | undefined
  readonly cause?: unknown
  /** Exact secret values to scrub from the message (API keys, secrets). */
  readonly secrets?: readonly string[] | undefined
}

/**
 * The one error type of rxvenue.
 *
 * Its message and JSON never hold secrets: the message is passed through redaction when the error is
 * made, and `toJSON()` leaves out the cause.
 *
 * @example
 * placeOrder$(o).pipe(catchError((e: VenueError) => (e.kind === 'insufficient-funds' ? EMPTY : throwError(() => e))))
 */
export class VenueError extends Error {
  override readonly name: string = 'VenueError'
  readonly kind: ErrorKind
  readonly retryable: boolean
  readonly venue: string | undefined
  readonly code: string | number | undefined
  readonly status: number | undefined
  readonly retryAfterMs: number | undefined

  constructor(options: VenueErrorOptions) {
    super(redactText(options.message, options.secrets), { cause: options.cause })
    this.kind = options.kind
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT[options.kind]
    this.venue = options.venue
    this.code = options.code
    this.status = options.status
    this.retryAfterMs = options.retryAfterMs
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
    }
  }

  override toString(): string {
    const where = this.venue ? ` [${this.venue}${this.code !== undefined ? ` ${this.code}` : ''}]` : ''
    return `${this.name}(${this.kind})${where}: ${this.message}`
  }
}

/** Raised when a wire payload does not match its codec. Carries the path and a truncated payload. */
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
  }) {
    // Redact before truncating: a cut through a quoted secret would leave it unmatched by the redaction.
    const raw = truncate(
      redactText(typeof options.raw === 'string' ? options.raw : safeStringify(options.raw)),
    )
    const first = options.paths.slice(0, 3).join('; ')
    const more = options.paths.length > 3 ? ` (+${options.paths.length - 3} more)` : ''
    super({
      kind: 'decode',
      message: `cannot decode ${options.context}: ${first}${more}`,
      venue: options.venue,
      cause: options.cause,
    })
    this.context = options.context
    this.paths = options.paths
    this.raw = raw
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), context: this.context, paths: this.paths, raw: this.raw }
  }
}

/** True for any rxvenue error. */
export function isVenueError(e: unknown): e is VenueError {
  return e instanceof VenueError
}

/** True for an error of the given kind. */
export function isErrorKind(e: unknown, kind: ErrorKind): e is VenueError {
  return e instanceof VenueError && e.kind === kind
}

/**
 * Wraps anything thrown into a VenueError. A VenueError passes through unchanged; other errors become
 * `fallback` kind (default `network`) with the original as cause.
 */
export function toVenueError(e: unknown, fallback: Partial<VenueErrorOptions> = {}): VenueError {
  if (e instanceof VenueError) return e
  const message = e instanceof Error ? e.message : String(e)
  return new VenueError({ kind: 'network', ...fallback, message: fallback.message ?? message, cause: e })
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
