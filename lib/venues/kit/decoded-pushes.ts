import { EMPTY, mergeMap, of, type OperatorFunction } from 'rxjs'
import type * as t from 'io-ts'
import { decodeEither } from '../../codec/decode.js'
import { accountPushError } from './event-log.js'
import type { VenueId } from '../../core/model.js'
import type { VenueEventBody } from './lifecycle.js'

/**
 * What {@link decodedPushes} reports through (a driver context is one).
 *
 * @example
 * const host: PushHost = ctx
 */
export interface PushHost {
  readonly venue: VenueId
  /** Scrubbed from the raw text a decode error carries. */
  readonly secrets: Iterable<string>
  emit(event: VenueEventBody): void
}

/**
 * Decodes each push of an account stream with `codec`. A push the codec refuses becomes a
 * `decode-error` event on `channel` (logged at warn, each one: see `accountPushError`) and is skipped:
 * the stream goes on.
 *
 * @example
 * socket.topic$('order', { filter }).pipe(decodedPushes(ctx, 'private', 'bybit order', BybitOrderPush))
 */
export function decodedPushes<A>(
  host: PushHost,
  channel: string,
  context: string,
  codec: t.Decoder<unknown, A>,
): OperatorFunction<unknown, A> {
  return mergeMap((push) => {
    const result = decodeEither(codec, push, context, host.venue, host.secrets)
    if (result._tag === 'Right') return of(result.right)
    // a push skipped (an order, a fill) is always logged at warn
    host.emit({ type: 'decode-error', channel, error: accountPushError(result.left) })
    return EMPTY
  })
}
