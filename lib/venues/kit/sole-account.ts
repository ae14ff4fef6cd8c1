/**
 * The one account every call of a key is scoped to (Prime's portfolio): the one the options name, else
 * the key's only one, asked once.
 */
import { defer, finalize, map, of, share, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'

/**
 * Options of {@link soleAccount}.
 *
 * @example
 * const o: SoleAccountOptions = { venue: 'prime', noun: 'portfolio', option: 'portfolioId', given: undefined, list }
 */
export interface SoleAccountOptions {
  readonly venue: VenueId
  /** The venue's word for the account, and the option that chooses one. */
  readonly noun: string
  readonly option: string
  /** The id the options give, if any. */
  readonly given: string | undefined
  /** The accounts the key reads; may throw (no key). */
  list(): Observable<readonly { readonly id: string; readonly name?: string | undefined }[]>
}

/**
 * The account id: `given`, else the only account `list` names (callers meanwhile join the one request
 * in flight; a failure is asked again next time). None, or several, is `invalid-request` naming them.
 *
 * @example
 * const portfolio = soleAccount({ venue: 'prime', noun: 'portfolio', option: 'portfolioId', given, list })
 * portfolio().subscribe((id) => console.log(id))
 */
export function soleAccount(o: SoleAccountOptions): () => Observable<string> {
  let known = o.given
  let asking: Observable<string> | undefined
  return () =>
    defer(() => {
      if (known !== undefined) return of(known)
      asking ??= o.list().pipe(
        map((accounts) => {
          const only = accounts.length === 1 ? accounts[0]?.id : undefined
          if (only !== undefined) return (known = only)
          const named = accounts.map((a) => `${a.id} (${a.name ?? ''})`).join(', ')
          const message =
            accounts.length === 0
              ? `the ${o.venue} key reads no ${o.noun}`
              : `the ${o.venue} key reads ${accounts.length} ${o.noun}s; choose one with ${o.option}: ${named}`
          throw new VenueError({ kind: 'invalid-request', venue: o.venue, message })
        }),
        finalize(() => (asking = undefined)),
        share(),
      )
      return asking
    })
}
