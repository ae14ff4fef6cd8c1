/**
 * The values one driver must never show: its fixed credentials and the signatures it produced lately.
 * A venue or proxy that echoes a request echoes its signature, which no fixed list knows; each signer
 * adds what it made, and every redaction that is given the list scrubs it.
 */

/**
 * How many produced signatures a {@link SecretList} remembers. An echo arrives with the answer to the
 * request that carried it, so only the signatures of requests still in flight matter; 64 is more than
 * the rate limits let be in flight at once.
 */
export const REMEMBERED_SIGNATURES = 64

/**
 * Fixed secrets plus the most recent signatures, iterable wherever redaction takes a secret list.
 *
 * @example
 * const secrets = new SecretList([apiKey, secret])
 * secrets.add(signature)
 * redactText(echoedBody, secrets) // neither key, secret nor that signature survives
 */
export class SecretList implements Iterable<string> {
  private readonly fixed: string[]
  /** Each remembered signature with its percent-encoded form when that differs, oldest first. */
  private readonly recent: (readonly string[])[] = []

  constructor(
    fixed: readonly (string | undefined)[],
    private readonly capacity = REMEMBERED_SIGNATURES,
  ) {
    this.fixed = fixed.filter((s): s is string => !!s)
  }

  /**
   * Keeps a credential learnt after construction (a passphrase a driver reads from its own options) for
   * as long as the list lives, with the fixed ones: never forgotten, unlike a signature.
   */
  keep(secret: string): void {
    if (secret !== '' && !this.fixed.includes(secret)) this.fixed.push(secret)
  }

  /** Remembers a signature (and its percent-encoded form, as a URL carries it), forgetting the oldest. */
  add(signature: string): void {
    const encoded = encodeURIComponent(signature)
    this.recent.push(encoded === signature ? [signature] : [signature, encoded])
    if (this.recent.length > this.capacity) this.recent.shift()
  }

  *[Symbol.iterator](): Iterator<string> {
    yield* this.fixed
    for (const forms of this.recent) yield* forms
  }
}
