/**
 * A venue's error codes as data, and the one way every driver turns an error answer into a typed
 * {@link VenueError}: by code, then by message, then by HTTP status.
 */
import { VenueError, type ErrorKind } from '../../core/errors.js'
import { snippet } from '../../core/redact.js'
import type { VenueId } from '../../core/model.js'
import { httpStatusKind } from '../../transport/rest.js'

/**
 * How a venue's error answers map to kinds, as its documentation lists them.
 *
 * @example
 * const table: ErrorTable = {
 *   codes: { 10002: 'clock-skew', 10006: 'rate-limit', 110007: 'insufficient-funds' },
 *   http: { 403: { kind: 'rate-limit', retryAfterMs: 600_000 } },
 *   duplicateClientOrderId: [110072],
 * }
 */
export interface ErrorTable {
  /** The venue's own codes. */
  readonly codes: Readonly<Record<string, ErrorKind>>
  /** For codes that carry the real reason in their message: the first pattern that matches decides. */
  readonly messages?: readonly (readonly [code: number | string, pattern: RegExp, kind: ErrorKind])[]
  /**
   * For an answer whose code the table does not list, or that has none: the first pattern its message
   * matches decides, before the HTTP status (a venue whose codes are undocumented, FalconX).
   */
  readonly reasons?: readonly (readonly [pattern: RegExp, kind: ErrorKind])[]
  /** HTTP statuses the venue gives a meaning of its own (a 403 that is a rate limit, a ban's length). */
  readonly http?: Readonly<Record<number, { readonly kind: ErrorKind; readonly retryAfterMs?: number }>>
  /** "This client order id was used already": an earlier attempt got through. */
  readonly duplicateClientOrderId?: readonly (number | string)[]
  /** Where those codes also refuse orders for other reasons: the message that marks a duplicate. */
  readonly duplicateMessage?: RegExp | undefined
  /** The venue does not know the order. */
  readonly orderNotFound?: readonly (number | string)[]
  /** The order is already filled or canceled (a cancel or amend came too late). */
  readonly orderFinished?: readonly (number | string)[]
  /** What the venue's documentation says of errors of a kind, added to their message. */
  readonly notes?: Readonly<Partial<Record<ErrorKind, string>>>
  /**
   * For a venue that answers errors with HTTP 200: how a body that certainly succeeded starts. Other 2xx
   * bodies are read for an error envelope (see `specResponseError`).
   */
  readonly okBody?: RegExp | undefined
}

/**
 * One error answer, as a driver read it.
 *
 * @example
 * const answer: ErrorAnswer = { status: 200, code: 10002, message: 'invalid timestamp', context: 'POST /v5/order/create' }
 */
export interface ErrorAnswer {
  /** HTTP status (for a WebSocket answer, the status it carries, if any). */
  readonly status?: number | undefined
  /** The venue's code, when the answer had one. */
  readonly code?: number | string | undefined
  /** The venue's message, or the body text when it had no error body. */
  readonly message?: string | undefined
  /** What was asked, e.g. `POST /v5/order/create`; starts the message. */
  readonly context?: string | undefined
  /** The wait the venue asked for (Retry-After, a reset time), when it said. */
  readonly retryAfterMs?: number | undefined
  /** Exact secret values scrubbed from the message. */
  readonly secrets?: Iterable<string> | undefined
}

/**
 * The kind of an error answer: the table's code, then its message rules, then its reasons, then the
 * HTTP status (a 5xx is `temporary`, see `httpStatusKind`), else `invalid-request`.
 *
 * @example
 * errorKind(table, { status: 400, code: -2010, message: 'Account has insufficient balance' }) // 'insufficient-funds'
 */
export function errorKind(table: ErrorTable, answer: ErrorAnswer): ErrorKind {
  const { code, status } = answer
  if (code !== undefined) {
    for (const [c, pattern, kind] of table.messages ?? []) {
      if (String(c) === String(code) && pattern.test(answer.message ?? '')) return kind
    }
    const kind = Object.hasOwn(table.codes, String(code)) ? table.codes[String(code)] : undefined
    if (kind !== undefined) return kind
  }
  for (const [pattern, kind] of table.reasons ?? []) if (pattern.test(answer.message ?? '')) return kind
  if (status !== undefined) {
    const own = table.http !== undefined && Object.hasOwn(table.http, status) ? table.http[status] : undefined
    if (own !== undefined) return own.kind
    const byStatus = httpStatusKind(status)
    if (byStatus !== undefined && (code === undefined || byStatus === 'temporary')) return byStatus
  }
  return 'invalid-request'
}

/**
 * The typed error of an error answer: its kind from the table, the venue's code kept as `code`, and for
 * a rate limit the wait the venue asked for (or the table's for its HTTP status).
 *
 * @example
 * const e = venueError('bybit', BYBIT_SPEC.errors, { status: 200, code: 10006, message: 'Too many visits!' })
 * e.kind // 'rate-limit'
 */
export function venueError(venue: VenueId, table: ErrorTable, answer: ErrorAnswer): VenueError {
  const kind = errorKind(table, answer)
  const { code, status } = answer
  const where = answer.context ? `${answer.context}: ` : ''
  const text = snippet(answer.message ?? '', answer.secrets)
  const what = code !== undefined ? ` (code ${code})` : status !== undefined ? ` (HTTP ${status})` : ''
  const own = status !== undefined && table.http !== undefined && Object.hasOwn(table.http, status)
  const note = table.notes?.[kind]
  return new VenueError({
    kind,
    venue,
    code,
    status,
    message: `${where}${text || 'no message'}${what}${note === undefined ? '' : `; ${note}`}`,
    retryAfterMs:
      kind === 'rate-limit'
        ? (answer.retryAfterMs ?? (own ? table.http?.[status as number]?.retryAfterMs : undefined))
        : undefined,
    secrets: answer.secrets,
  })
}

/**
 * Whether an error is the venue's, with one of `codes` (a table's `orderNotFound`, say).
 *
 * @example
 * if (hasCode(e, 'bybit', BYBIT_SPEC.errors.orderNotFound)) return of(undefined)
 */
export function hasCode(
  e: unknown,
  venue: VenueId,
  codes: readonly (number | string)[] | undefined,
): boolean {
  return (
    e instanceof VenueError &&
    e.venue === venue &&
    e.code !== undefined &&
    (codes ?? []).some((c) => String(c) === String(e.code))
  )
}

/**
 * The integer in a header, or `undefined` when it is not a plain integer of up to 16 digits.
 *
 * @example
 * headerInt(headers['x-mbx-used-weight-1m']) // 1234
 */
export function headerInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const trimmed = text.trim()
  return /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : undefined
}
