/**
 * What every part of the Prime driver shares: the kit's driver base made from {@link PRIME_SPEC}, with
 * Prime's error body, signer, portfolio, products, and the venue clock read from the HTTP `Date` header
 * (Prime has no time endpoint).
 */
import { concatMap, map, toArray, type Observable } from 'rxjs'
import { VenueError } from '../../core/errors.js'
import type { Instrument, InstrumentStatus } from '../../core/model.js'
import type { RestClient } from '../../transport/rest.js'
import { cursorPages } from '../kit/cursor-pages.js'
import { dateHeaderTime } from '../kit/date-header-time.js'
import { decodedListing } from '../kit/decoded-listing.js'
import type { DriverContext } from '../kit/driver-base.js'
import type { EnvelopeReader } from '../kit/error-response.js'
import { resolveVenueOptions } from '../kit/resolved-options.js'
import { soleAccount } from '../kit/sole-account.js'
import { createSpecContext } from '../kit/spec-context.js'
import { spotInstrument } from '../kit/spot-instrument.js'
import { PrimeErrorBody, PrimePortfolios, PrimeProduct, PrimeProductsPage } from './codecs.js'
import type { PrimeOptions, ResolvedPrimeOptions } from './options.js'
import { signPrimeRequest, type PrimeKey } from './sign.js'
import { PRIME_SPEC } from './spec.js'

/** The shared state of one Prime driver. */
export interface PrimeContext extends DriverContext<'prime', ResolvedPrimeOptions> {
  /** The key, when one was given whole (with its passphrase). */
  readonly key: PrimeKey | undefined
  /** The portfolio id: the option, else the key's only portfolio. */
  portfolio(): Observable<string>
}

/**
 * Builds the shared state of a Prime driver from its options.
 *
 * @throws VenueError `invalid-request` for `testnet` (Prime has none).
 */
export function createPrimeContext(options: PrimeOptions = {}): PrimeContext {
  const passphrase = options.passphrase ?? ''
  const serviceAccountId = options.serviceAccountId ?? ''
  const base = createSpecContext<'prime', ResolvedPrimeOptions>(PRIME_SPEC, options, {
    resolve: (given) => ({
      ...resolveVenueOptions(PRIME_SPEC, given),
      passphrase,
      serviceAccountId,
      portfolioId: options.portfolioId,
    }),
    fetchServerTime: (): Observable<number> =>
      dateHeaderTime('prime', base.transport, `${base.options.restUrl}/v1/portfolios`, {
        scheduler: base.scheduler,
      }),
    errorBody: primeErrorBody,
    signer: ({ apiKey, secret }) => {
      const key = { apiKey, secret, passphrase, serviceAccountId }
      return (request, now) => signPrimeRequest(key, request, now)
    },
    signatureHeader: 'x-cb-access-signature',
    listing: (_rest, logger) => portfolio().pipe(concatMap((id) => products(signed(), id, logger))),
  })
  base.secrets.keep(passphrase)
  base.secrets.keep(serviceAccountId)
  // a key without its passphrase signs requests Prime refuses: none is sent
  const signed = (): RestClient => {
    if (base.privateRest === undefined || passphrase === '') throw needKey()
    return base.privateRest
  }
  const portfolio = soleAccount({
    venue: 'prime',
    noun: 'portfolio',
    option: 'portfolioId',
    given: options.portfolioId,
    list: () =>
      signed()
        .request$({ path: '/v1/portfolios', codec: PrimePortfolios })
        .pipe(map((a) => a.portfolios)),
  })
  const { apiKey, secret } = base.options
  return Object.assign(base, {
    key: apiKey && secret && passphrase ? { apiKey, secret, passphrase, serviceAccountId } : undefined,
    portfolio,
  })
}

function products(rest: RestClient, id: string, logger: PrimeContext['logger']): Observable<Instrument[]> {
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
    map((entries) => listing(entries, logger)),
  )
}

/** The refusal of a call made without a key: every Prime call, the book feed's too, is signed. */
export function needKey(): VenueError {
  const message = 'prime needs an API key, its secret and passphrase: every Prime call is signed'
  return new VenueError({ kind: 'auth', venue: 'prime', message })
}

/**
 * The refusal of a WebSocket stream without the key's service account id: every subscription names it
 * (`api_key_id`), and Prime refuses one without it.
 *
 * @example
 * if (key.serviceAccountId === '') return throwError(needServiceAccount)
 */
export function needServiceAccount(): VenueError {
  const message =
    "prime's WebSocket feed needs serviceAccountId, the key's service account id (api_key_id of a subscription)"
  return new VenueError({ kind: 'auth', venue: 'prime', message })
}

const listing = decodedListing('prime', 'product', PrimeProduct, (p) => p.id, toInstrument)

const STATUS: ReadonlyMap<string, InstrumentStatus> = new Map<string, InstrumentStatus>([
  ['trade', 'trading'],
  ['read', 'halted'],
])

/**
 * A product as an {@link Instrument}: price step `price_increment` (else `quote_increment`), lot
 * `base_increment`; a product the key may only read (no `PRODUCT_PERMISSION_TRADE`) is `halted`.
 */
export function toInstrument(p: PrimeProduct): Instrument | undefined {
  const [base, quote] = p.id.split('-')
  if (!base || !quote) return undefined
  const trade = p.permissions === undefined || [p.permissions].flat().includes('PRODUCT_PERMISSION_TRADE')
  const listing = {
    venueSymbol: p.id,
    base,
    quote,
    status: trade ? 'trade' : 'read',
    tickSize: p.price_increment ?? p.quote_increment,
    lotSize: p.base_increment,
    minSize: p.base_min_size,
    maxSize: p.base_max_size,
    minNotional: p.quote_min_size,
  }
  return spotInstrument('prime', listing, STATUS)
}

const PRIME_CODES: Readonly<Record<string, unknown>> = PRIME_SPEC.errors.codes

/** Prime's error body: its `subcode` where the table knows it, else its `code`, by {@link PRIME_SPEC}. */
export const primeErrorBody: EnvelopeReader = (body) => {
  if (!PrimeErrorBody.is(body)) return undefined
  const code = body.subcode !== undefined && body.subcode in PRIME_CODES ? body.subcode : body.code
  return { code, message: body.message }
}
