/**
 * Prime's error answers (coinbase/prime-sdk-py's error tests, `test/fixtures/prime/rest-error-*`) as
 * typed errors, by the error table of the spec; the refusal that proves an earlier order attempt got
 * through.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { EMPTY, firstValueFrom, type Observable } from 'rxjs'
import { VenueError, type ErrorKind } from '../../../lib/core/errors.js'
import { createPrimeOrders, type PrimeAccount } from '../../../lib/venues/prime/orders.js'
import { primeErrorBody } from '../../../lib/venues/prime/context.js'
import { createPrimeVenue } from '../../../lib/venues/prime/driver.js'
import { PRIME_SPEC } from '../../../lib/venues/prime/spec.js'
import { specResponseError } from '../../../lib/venues/kit/error-response.js'

const primeResponseError = (
  response: Parameters<typeof specResponseError>[2],
  info: Parameters<typeof specResponseError>[3],
) => specResponseError(PRIME_SPEC, primeErrorBody, response, info, 0)

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/prime/${name}`, import.meta.url), 'utf8')
const info = { method: 'GET' as const, path: '/v1/portfolios/p-1/orders/o-1', retryAfterMs: undefined }

const CASES: readonly (readonly [string, number, ErrorKind, string])[] = [
  ['rest-error-400-validation.sdk-test.json', 400, 'invalid-request', 'VALIDATION_ERROR'],
  ['rest-error-401-auth.sdk-test.json', 401, 'auth', 'AUTHENTICATION_FAILED'],
  ['rest-error-403-forbidden.sdk-test.json', 403, 'auth', 'PERMISSION_DENIED'],
  ['rest-error-404-not-found.sdk-test.json', 404, 'not-found', 'RESOURCE_NOT_FOUND'],
  ['rest-error-429-rate-limit.sdk-test.json', 429, 'rate-limit', 'RATE_LIMIT_EXCEEDED'],
  ['rest-error-500-internal.sdk-test.json', 500, 'temporary', 'INTERNAL_ERROR'],
]

describe('prime error mapping', () => {
  for (const [name, status, kind, code] of CASES) {
    it(`${status} ${code} is ${kind}`, () => {
      const body = fixture(name)
      const error = primeResponseError({ status, headers: {}, body }, info)
      expect(error?.kind).to.equal(kind)
      expect(error?.code).to.equal(code)
      expect(error?.status).to.equal(status)
      expect(error?.message).to.include((JSON.parse(body) as { message: string }).message)
    })
  }

  it('a 429 without Retry-After waits the 30 s Prime bans for', () => {
    const error = primeResponseError(
      { status: 429, headers: {}, body: fixture('rest-error-429-rate-limit.sdk-test.json') },
      info,
    )
    expect(error?.retryAfterMs).to.equal(30_000)
  })

  it('a subcode the table knows decides: an expired quote, funds', () => {
    const body = (subcode: string) => JSON.stringify({ code: 'VALIDATION_ERROR', message: 'no', subcode })
    expect(
      primeResponseError({ status: 400, headers: {}, body: body('QUOTE_EXPIRED') }, info)?.kind,
    ).to.equal('expired')
    expect(
      primeResponseError({ status: 400, headers: {}, body: body('INSUFFICIENT_FUNDS') }, info)?.kind,
    ).to.equal('insufficient-funds')
    // an unknown subcode leaves the code in charge
    expect(
      primeResponseError({ status: 400, headers: {}, body: body('ORDER_SIZE_INVALID') }, info)?.code,
    ).to.equal('VALIDATION_ERROR')
  })

  it('a body that is not JSON goes by the status, its text the message', () => {
    const error = primeResponseError({ status: 404, headers: {}, body: 'not found' }, info)
    expect(error?.kind).to.equal('not-found')
    expect(error?.message).to.include('not found')
    expect(primeResponseError({ status: 200, headers: {}, body: '{}' }, info)).to.equal(undefined)
  })
})

describe('prime orders: duplicate refusals', () => {
  it('take DUPLICATE_CLIENT_ORDER_ID from Prime, and only it, as an earlier attempt that got through', () => {
    const { isDuplicate } = createPrimeOrders({ send: () => EMPTY } as unknown as PrimeAccount)
    const refusal = (code: string, venue: 'coinbase' | 'prime' = 'prime') =>
      new VenueError({ kind: 'invalid-request', venue, code, message: code })
    expect(isDuplicate(refusal('DUPLICATE_CLIENT_ORDER_ID'))).to.equal(true)
    expect(isDuplicate(refusal('INSUFFICIENT_FUNDS'))).to.equal(false)
    expect(isDuplicate(refusal('DUPLICATE_CLIENT_ORDER_ID', 'coinbase'))).to.equal(false)
  })
})

describe('prime without a key', () => {
  it('refuses its book feed and its products as auth: every Prime call is signed', async () => {
    const prime = createPrimeVenue({})
    const refusal = async (o: Observable<unknown>) =>
      firstValueFrom(o).then(
        () => undefined,
        (e: unknown) => e,
      )
    const book = await refusal(prime.bookChanges$('BTC/USD'))
    expect(book).to.be.instanceOf(VenueError)
    expect((book as VenueError).kind).to.equal('auth')
    expect(((await refusal(prime.instruments())) as VenueError).kind).to.equal('auth')
    await prime.close()
  })
})
