/**
 * Socket messages signed when each is sent, not when the stream is made: a subscription sent again
 * after a reconnect carries a fresh timestamp, and every signature made is scrubbed from the logs.
 */

/**
 * What signing at send time takes of a driver: its venue clock and the secrets scrubbed from logs.
 *
 * @example
 * const host: SigningHost = ctx
 */
export interface SigningHost {
  readonly clock: { now(): number }
  readonly secrets: { add(secret: string): void }
}

/**
 * Signs messages at the host's venue time when each is made: `build` is given that time, and the
 * message's `field` (its signature) is kept among the secrets scrubbed from every log line and error.
 *
 * @example
 * const signed = signedWhenSent(ctx, 'signature')
 * const subscribe = (channel: string) => signed((now) => signedSubscription(key, channel, now))
 * socket.send(subscribe('orders'))
 */
export function signedWhenSent(
  host: SigningHost,
  field: string,
): <M extends Readonly<Record<string, unknown>>>(build: (now: number) => M) => M {
  return (build) => {
    const message = build(host.clock.now())
    host.secrets.add(String(message[field]))
    return message
  }
}
