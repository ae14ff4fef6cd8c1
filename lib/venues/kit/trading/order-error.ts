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
    // an answer echoing the request names the id somewhere in it: the prefix is still what tells the order
    message: namedMessage(message, clientOrderId),
    cause: e,
  })
}

/** The message with the order's id: as its prefix, or after the `order` a message starts with. */
function namedMessage(message: string, clientOrderId: string): string {
  if (message.startsWith(`order ${clientOrderId}`)) return message
  return message.startsWith('order ')
    ? `order ${clientOrderId} ${message.slice('order '.length)}`
    : `order ${clientOrderId}: ${message}`
}

/**
 * {@link namingClientOrderId} for an order reference the caller gave: naming its `clientOrderId` when
 * it has one (a reference by venue id alone is passed through).
 *
 * @example
 * cancel$.pipe(namingRefOrder(ref, 'coinbase'))
 * // VenueError(not-found): order grid-1-buy: coinbase knows no BTC/USD order grid-1-buy
 */
export function namingRefOrder<T>(ref: unknown, venue: string): MonoTypeOperatorFunction<T> {
  const id = clientOrderIdOf(ref)
  return id === undefined ? (source) => source : namingClientOrderId(id, venue)
}

/**
 * The `clientOrderId` string of a request or reference a caller gave, read without trusting its shape.
 *
 * @example
 * clientOrderIdOf({ symbol: 'BTC/USD', clientOrderId: 'grid-1' }) // 'grid-1'
 * clientOrderIdOf({ clientOrderId: 7 }) // undefined
 */
export function clientOrderIdOf(given: unknown): string | undefined {
  if (typeof given !== 'object' || given === null) return undefined
  const id = (given as Readonly<Record<string, unknown>>)['clientOrderId']
  return typeof id === 'string' && id !== '' ? id : undefined
}
