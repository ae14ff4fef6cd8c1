/**
 * Errors of an order command that name the order: whatever failed, the caller learns which client
 * order id to look up.
 */
import { catchError, throwError, type MonoTypeOperatorFunction } from 'rxjs'
import { VenueError } from '../../../core/errors.js'

/**
 * Passes every error on as a {@link VenueError} naming `clientOrderId`, in its message and its
 * `clientOrderId` field; kind, code, status, `retryable` and `retryAfterMs` stay as they were, the
 * original error is the cause.
 *
 * @example
 * placeOrder$.pipe(namingClientOrderId('grid-1-buy', 'bybit'))
 * // VenueError(rate-limit): order grid-1-buy: not sent within its deadline: ...
 */
export function namingClientOrderId<T>(clientOrderId: string, venue: string): MonoTypeOperatorFunction<T> {
  return catchError((e: unknown) => throwError(() => withClientOrderId(e, clientOrderId, venue)))
}

function withClientOrderId(e: unknown, clientOrderId: string, venue: string): VenueError {
  if (e instanceof VenueError && e.clientOrderId === clientOrderId) return e
  const message = e instanceof Error ? e.message : String(e)
  const base = e instanceof VenueError ? e : undefined
  return new VenueError({
    kind: base?.kind ?? 'network',
    venue: base?.venue ?? venue,
    code: base?.code,
    status: base?.status,
    retryable: base?.retryable,
    retryAfterMs: base?.retryAfterMs,
    clientOrderId,
    message: message.includes(clientOrderId) ? message : `order ${clientOrderId}: ${message}`,
    cause: e,
  })
}
