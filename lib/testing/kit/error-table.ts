/**
 * A venue's error answers as data: for each name the venue's code, its text, the HTTP status it comes
 * with (for venues whose errors carry one of their own) and the kind of {@link VenueError} it is; one
 * maker turns a name into the typed error a handler throws.
 */
import { VenueError, type ErrorKind } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'

/**
 * One error answer of a venue.
 *
 * @example
 * const rateLimit: ErrorRow = { code: -1003, text: 'Too many requests.', status: 429, kind: 'rate-limit' }
 */
export interface ErrorRow {
  readonly code: number | string
  readonly text: string
  readonly status?: number | undefined
  /** Default `invalid-request`. */
  readonly kind?: ErrorKind | undefined
}

/**
 * What a thrown error says beyond its row: its message (default the row's text), and a kind or status
 * other than the row's.
 *
 * @example
 * const detail: ErrorDetail = { message: 'Account has insufficient balance for requested action.', kind: 'insufficient-funds' }
 */
export interface ErrorDetail {
  readonly message?: string | undefined
  readonly kind?: ErrorKind | undefined
  readonly status?: number | undefined
  /** How long a `rate-limit` refusal asks the client to wait. */
  readonly retryAfterMs?: number | undefined
}

/**
 * The maker of a venue's errors by name.
 *
 * @example
 * const ERRORS = { badSymbol: { code: -1121, text: 'Invalid symbol.', status: 400 } } satisfies Record<string, ErrorRow>
 * const make = errorMaker('binance', ERRORS)
 * throw make('badSymbol') // VenueError invalid-request, code -1121, status 400, 'Invalid symbol.'
 */
export function errorMaker<T extends Readonly<Record<string, ErrorRow>>>(
  venue: VenueId,
  table: T,
): (name: keyof T, detail?: ErrorDetail) => VenueError {
  return (name, detail = {}) => {
    const row = table[name] as ErrorRow
    return new VenueError({
      kind: detail.kind ?? row.kind ?? 'invalid-request',
      venue,
      code: row.code,
      status: detail.status ?? row.status,
      message: detail.message ?? row.text,
      retryAfterMs: detail.retryAfterMs,
    })
  }
}
