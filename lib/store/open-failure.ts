/**
 * Why a store could not open its database, as a {@link VenueError}: a path that can never be opened
 * (no such directory, not a database, no permission) is a configuration error; a database another
 * process holds for a moment is worth trying again.
 */
import { VenueError } from '../core/errors.js'

/** SQLite result codes (and their extended codes, `SQLITE_BUSY_RECOVERY`…) that may clear by themselves. */
const TRANSIENT = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_NOMEM',
  'SQLITE_INTERRUPT',
]

/**
 * The error of a database at `path` that failed to open with `e`: `temporary` (retryable) for a
 * transient SQLite code (busy, locked, I/O, disk full), else `invalid-request` (not retryable): the
 * path is wrong. The message names the path and the cause; `e` is the cause.
 *
 * @example
 * openFailure('/no/dir/orders.db', new TypeError('Cannot open database because the directory does not exist'))
 * // VenueError(invalid-request): sqliteStore cannot open /no/dir/orders.db: Cannot open database because …
 */
export function openFailure(path: string, e: unknown): VenueError {
  if (e instanceof VenueError) return e
  const code = (e as { code?: unknown } | null)?.code
  const transient = typeof code === 'string' && TRANSIENT.some((c) => code === c || code.startsWith(`${c}_`))
  const cause = e instanceof Error ? e.message : String(e)
  return new VenueError({
    kind: transient ? 'temporary' : 'invalid-request',
    message: transient
      ? `sqliteStore could not open ${path} for now (${String(code)}: ${cause})`
      : `sqliteStore cannot open ${path}: ${cause}${typeof code === 'string' ? ` (${code})` : ''}`,
    cause: e,
  })
}
