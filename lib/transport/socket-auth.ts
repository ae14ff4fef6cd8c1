import { Observable, filter, map, take, throwError, timeout } from 'rxjs'
import { VenueError } from '../core/errors.js'
import type { SocketSession } from './socket.js'

/** A venue's answer to an authentication message. */
export interface AuthAck {
  readonly ok: boolean
  /** The venue's explanation when it refused. */
  readonly reason?: string | undefined
  /** The venue's own error code when it refused. */
  readonly code?: string | number | undefined
}

/** Options of {@link authByMessage}. */
export interface AuthByMessageOptions {
  /** Builds the authentication message; called once per connection, so signatures are fresh. */
  readonly message: () => unknown
  /** Recognizes the venue's answer among incoming frames; `undefined` for any other frame. */
  readonly matchAck: (frame: unknown) => AuthAck | undefined
  /** How long to wait for the answer before the connection is retried. Default 10 000 ms. */
  readonly timeoutMs?: number
}

/**
 * An `authenticate` step for {@link createSocket} that sends one message and waits for its answer.
 * A refusal fails with a `VenueError` of kind `auth` (not retried); no answer in time fails with kind
 * `timeout` (the connection is retried with backoff).
 *
 * ```
 * frames:  ---a----        a = { op: 'auth', success: true }
 * sent:    m-------        m = the auth message, when the socket opens
 * result:  ---|            ready: subscriptions follow
 * ```
 *
 * @example
 * createSocket({
 *   url,
 *   authenticate: authByMessage({
 *     message: () => ({ op: 'auth', args: signAuth(now()) }),
 *     matchAck: (f) => (isAuthReply(f) ? { ok: f.success, reason: f.ret_msg } : undefined),
 *   }),
 * })
 */
export function authByMessage(options: AuthByMessageOptions): (session: SocketSession) => Observable<void> {
  const timeoutMs = options.timeoutMs ?? 10_000
  return (session) =>
    new Observable<void>((subscriber) => {
      // listen before sending, so an answer that arrives at once is not missed
      const answer = session.frames$
        .pipe(
          map(options.matchAck),
          filter((ack): ack is AuthAck => ack !== undefined),
          take(1),
          timeout({
            first: timeoutMs,
            scheduler: session.scheduler,
            with: () =>
              throwError(
                () =>
                  new VenueError({
                    kind: 'timeout',
                    venue: session.venue,
                    message: `no answer to authentication within ${timeoutMs} ms`,
                  }),
              ),
          }),
        )
        .subscribe({
          next: (ack) => {
            if (ack.ok) {
              subscriber.next()
              subscriber.complete()
            } else {
              subscriber.error(
                new VenueError({
                  kind: 'auth',
                  venue: session.venue,
                  code: ack.code,
                  message: `authentication refused: ${ack.reason || 'no reason given'}`,
                  secrets: session.secrets,
                }),
              )
            }
          },
          error: (e: unknown) => subscriber.error(e),
        })
      session.send(options.message())
      return answer
    })
}
