/**
 * What every part of the Prime driver shares: the kit's driver base made from {@link PRIME_SPEC}, with
 * Prime's own: its error body, its signer, the portfolio every path is scoped to, the venue clock read
 * from the HTTP `Date` header (Prime has no time endpoint) and the portfolio's products.
 */
import { concatMap, defer, finalize, from, map, of, share, toArray, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Instrument, InstrumentStatus } from '../../core/model.js'
import type { HttpResponse } from '../../transport/http.js'
import type { RestClient } from '../../transport/rest.js'
import type { DriverContext } from '../kit/driver-base.js'
import { decodedEntries } from '../kit/decoded-entries.js'
import type { EnvelopeReader } from '../kit/error-response.js'
import { listedInstruments } from '../kit/listing.js'
import { cursorPages } from '../kit/cursor-pages.js'
import { resolveVenueOptions } from '../kit/resolved-options.js'
import { createSpecContext } from '../kit/spec-context.js'
import { spotInstrument } from '../kit/spot-instrument.js'
import { PrimeErrorBody, PrimePortfolios, PrimeProduct, PrimeProductsPage } from './codecs.js'
import type { PrimeOptions, ResolvedPrimeOptions } from './options.js'
import { signPrimeRequest, type PrimeKey } from './sign.js'
import { PRIME_SPEC } from './spec.js'

/**
 * The shared state of one Prime driver.
 *
 * @example
 * const ctx = createPrimeContext({ apiKey, secret, passphrase })
 * ctx.portfolio().subscribe((id) => console.log(id))
 */
export interface PrimeContext extends DriverContext<'prime', ResolvedPrimeOptions> {
  /** The key, when one was given. */
  readonly key: PrimeKey | undefined
  /**
   * The portfolio id: the option, else the key's only portfolio (asked once; a failure is asked again
   * next time).
   */
  portfolio(): Observable<string>
}

/**
 * Builds the shared state of a Prime driver from its options.
 *
 * @throws VenueError `invalid-request` for `testnet` (Prime has none).
 * @example
 * createPrimeContext({ restUrl: sim.restUrl, apiKey, secret, passphrase })
 */
export function createPrimeContext(options: PrimeOptions = {}): PrimeContext {
  let known = options.portfolioId
  let asking: Observable<string> | undefined
  const passphrase = options.passphrase ?? ''
  const serviceAccountId = options.serviceAccountId ?? ''
  const base = createSpecContext<'prime', ResolvedPrimeOptions>(PRIME_SPEC, options, {
    resolve: (given) => ({
      ...resolveVenueOptions(PRIME_SPEC, given),
      passphrase,
      serviceAccountId,
      portfolioId: options.portfolioId,
    }),
    fetchServerTime: () => defer(() => serverTime()),
    errorBody: primeErrorBody,
    signer: ({ apiKey, secret }) => {
      const key = { apiKey, secret, passphrase, serviceAccountId }
      return (request, now) => signPrimeRequest(key, request, now)
    },
    signatureHeader: 'x-cb-access-signature',
    listing: (_rest, logger) => portfolio().pipe(concatMap((id) => products(id, logger))),
  })
  // read by the hooks above only when called, after the base exists
  const signed: RestClient | undefined = base.privateRest
  const transport = base.transport
  base.secrets.keep(passphrase)
  base.secrets.keep(serviceAccountId)

  // the `Date` header of any answer, signed or not: whole seconds, as the signature's timestamp is; its
  // start, not its middle, so the venue time read is never ahead of the venue's
  function serverTime(): Observable<number> {
    const controller = new AbortController()
    const url = `${base.options.restUrl}/v1/portfolios`
    return from(transport.request({ method: 'GET', url, headers: {} }, controller.signal)).pipe(
      map((response: HttpResponse) => {
        const ms = Date.parse(response.headers['date'] ?? '')
        if (!Number.isFinite(ms))
          throw new VenueError({
            kind: 'decode',
            venue: 'prime',
            message: 'no Date header to read the venue time',
          })
        return ms
      }),
    )
  }

  function portfolio(): Observable<string> {
    return defer(() => {
      if (known !== undefined) return of(known)
      if (signed === undefined) throw needKey()
      // callers meanwhile join the one request in flight
      asking ??= signed.request$({ path: '/v1/portfolios', codec: PrimePortfolios }).pipe(
        map(({ portfolios }) => {
          const only = portfolios.length === 1 ? portfolios[0]?.id : undefined
          if (only === undefined) {
            throw new VenueError({
              kind: 'invalid-request',
              venue: 'prime',
              message:
                portfolios.length === 0
                  ? 'the prime key reads no portfolio'
                  : `the prime key reads ${portfolios.length} portfolios; choose one with portfolioId: ${portfolios.map((p) => `${p.id} (${p.name ?? ''})`).join(', ')}`,
            })
          }
          known = only
          return only
        }),
        finalize(() => (asking = undefined)),
        share(),
      )
      return asking
    })
  }

  function products(id: string, logger: PrimeContext['logger']): Observable<Instrument[]> {
    if (signed === undefined) throw needKey()
    const rest = signed
    return cursorPages(
      (cursor) =>
        rest.request$({
          path: `/v1/portfolios/${id}/products`,
          query: { cursor, limit: 250 },
          codec: PrimeProductsPage,
        }),
      (p) => ({ items: p.products, next: p.pagination?.next_cursor, more: p.pagination?.has_next === true }),
    ).pipe(
      toArray(),
      map((entries) => {
        const products = decodedEntries('prime', 'product', PrimeProduct, entries, logger)
        const listed = products.map((p) => ({ ...p, symbol: p.id }))
        return listedInstruments('prime', listed, toInstrument, logger)
      }),
    )
  }

  const { apiKey, secret } = base.options
  return Object.assign(base, {
    key: apiKey && secret ? { apiKey, secret, passphrase, serviceAccountId } : undefined,
    portfolio,
  })
}

/**
 * The refusal of a call made without a key: every Prime call, the book feed's too, is signed.
 *
 * @example
 * throwError(needKey)
 */
export function needKey(): VenueError {
  const message = 'prime needs an API key, its secret and passphrase: every Prime call is signed'
  return new VenueError({ kind: 'auth', venue: 'prime', message })
}

const STATUS: ReadonlyMap<string, InstrumentStatus> = new Map<string, InstrumentStatus>([
  ['trade', 'trading'],
  ['read', 'halted'],
])

/**
 * A product as an {@link Instrument}: price step `price_increment` (else `quote_increment`), lot
 * `base_increment`; a product the key may only read (no `PRODUCT_PERMISSION_TRADE`) is `halted`.
 *
 * @example
 * toInstrument({ id: 'BTC-USD', base_increment, quote_increment, base_min_size, symbol: 'BTC-USD' })?.symbol // 'BTC/USD'
 */
export function toInstrument(p: PrimeProduct): Instrument | undefined {
  const [base, quote] = p.id.split('-')
  if (!base || !quote) return undefined
  const permissions = p.permissions === undefined ? undefined : [p.permissions].flat()
  const trade = permissions === undefined || permissions.includes('PRODUCT_PERMISSION_TRADE')
  return spotInstrument(
    'prime',
    {
      venueSymbol: p.id,
      base,
      quote,
      status: trade ? 'trade' : 'read',
      tickSize: p.price_increment ?? p.quote_increment,
      lotSize: p.base_increment,
      minSize: p.base_min_size,
      maxSize: p.base_max_size,
      minNotional: p.quote_min_size,
    },
    STATUS,
  )
}

const PRIME_CODES: Readonly<Record<string, unknown>> = PRIME_SPEC.errors.codes

/**
 * Prime's error body: its `code` (its `subcode` first, where the table knows it) by the table of
 * {@link PRIME_SPEC}; any other failed answer goes by the HTTP status, its text the message.
 *
 * @example
 * specResponseError(PRIME_SPEC, primeErrorBody, { status: 404, headers: {}, body: '{"message":"missing","code":"RESOURCE_NOT_FOUND"}' }, info, now)?.kind // 'not-found'
 */
export const primeErrorBody: EnvelopeReader = (body) => {
  if (!PrimeErrorBody.is(body)) return undefined
  const code = body.subcode !== undefined && body.subcode in PRIME_CODES ? body.subcode : body.code
  return { code, message: body.message }
}
