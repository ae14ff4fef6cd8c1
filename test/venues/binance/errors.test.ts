import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import type { ErrorKind, VenueError } from '../../../lib/core/errors.js'
import { BINANCE_IP_BAN_MS, BINANCE_SPEC } from '../../../lib/venues/binance/spec.js'
import { venueError, type ErrorAnswer } from '../../../lib/venues/kit/error-table.js'
import { isDuplicateOrder, isOrderNotFound } from '../../../lib/venues/kit/trading/order-refusals.js'

/** The error of a Binance answer (`msg` as the venue names its message). */
const binanceError = (answer: Omit<ErrorAnswer, 'message'> & { readonly msg?: string }): VenueError =>
  venueError('binance', BINANCE_SPEC.errors, { ...answer, message: answer.msg })
const isBinanceOrderNotFound = (e: unknown) => isOrderNotFound(e, 'binance', BINANCE_SPEC.errors)
const isBinanceDuplicateOrder = (e: unknown) => isDuplicateOrder(e, 'binance', BINANCE_SPEC.errors)

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/binance/${name}`, import.meta.url), 'utf8')) as {
    code: number
    msg: string
  }

describe('binance error mapping', () => {
  const table: [
    status: number,
    code: number | undefined,
    msg: string,
    kind: ErrorKind,
    retryable: boolean,
  ][] = [
    [400, -1021, 'Timestamp for this request is outside of the recvWindow.', 'clock-skew', true],
    [400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.", 'clock-skew', true],
    [
      429,
      -1003,
      'Too much request weight used; current limit is 6000 request weight per 1 MINUTE.',
      'rate-limit',
      true,
    ],
    [418, -1003, 'Way too much request weight used; IP banned until 1659146400000.', 'rate-limit', true],
    [429, -1015, 'Too many new orders; current limit is 1 orders per 10 SECOND.', 'rate-limit', true],
    [400, -2010, 'Account has insufficient balance for requested action.', 'insufficient-funds', false],
    [400, -2010, 'Order would immediately match and take.', 'invalid-request', false],
    [400, -2010, 'Duplicate order sent.', 'invalid-request', false],
    [400, -2011, 'Unknown order sent.', 'not-found', false],
    [400, -2011, 'Order was not canceled due to cancel restrictions.', 'invalid-request', false],
    [400, -2013, 'Order does not exist.', 'not-found', false],
    [400, -1022, 'Signature for this request is not valid.', 'auth', false],
    [401, -2014, 'API-key format invalid.', 'auth', false],
    [401, -2015, 'Invalid API-key, IP, or permissions for action.', 'auth', false],
    [400, -1013, 'Filter failure: LOT_SIZE', 'invalid-request', false],
    [400, -1111, 'Precision is over the maximum defined for this asset.', 'invalid-request', false],
    [400, -1100, "Illegal characters found in parameter 'newClientOrderId'.", 'invalid-request', false],
    [400, -1121, 'Invalid symbol.', 'invalid-request', false],
    [503, undefined, 'Service Unavailable', 'temporary', true],
    [502, -1001, 'Internal error; unable to process your request. Please try again.', 'temporary', true],
    [
      400,
      -1007,
      'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
      'timeout',
      true,
    ],
    [429, undefined, '', 'rate-limit', true],
    [404, undefined, 'Not Found', 'not-found', false],
    [403, undefined, 'WAF', 'invalid-request', false],
  ]
  for (const [status, code, msg, kind, retryable] of table) {
    it(`${status} ${code ?? '-'} ${msg || '(empty)'} → ${kind}`, () => {
      const e = binanceError({ status, code, msg, context: 'POST /api/v3/order' })
      expect({
        kind: e.kind,
        retryable: e.retryable,
        code: e.code,
        status: e.status,
        venue: e.venue,
      }).to.deep.equal({
        kind,
        retryable,
        code,
        status,
        venue: 'binance',
      })
      expect(e.message).to.include('POST /api/v3/order')
    })
  }

  it('reads the fixtures the docs publish', () => {
    expect(binanceError({ status: 400, ...fixture('rest-error-invalid-symbol.json') }).kind).to.equal(
      'invalid-request',
    )
    expect(binanceError({ status: 429, ...fixture('rest-error-too-many-orders.json') }).kind).to.equal(
      'rate-limit',
    )
    expect(binanceError({ status: 400, ...fixture('rest-error-cancel-restrictions.json') }).kind).to.equal(
      'invalid-request',
    )
  })

  // the REST client reads Retry-After (public.test.ts: 'a rate limit carries the venue's Retry-After')
  it('a rate limit waits for Retry-After; a 418 ban without one waits long', () => {
    expect(binanceError({ status: 429, code: -1003, retryAfterMs: 7000 }).retryAfterMs).to.equal(7000)
    expect(binanceError({ status: 418, code: -1003, retryAfterMs: 3_600_000 }).retryAfterMs).to.equal(
      3_600_000,
    )
    expect(binanceError({ status: 418, code: -1003 }).retryAfterMs).to.equal(BINANCE_IP_BAN_MS)
    // the order-count limit comes without Retry-After
    expect(binanceError({ status: 429, code: -1015 }).retryAfterMs).to.equal(undefined)
    expect(binanceError({ status: 400, code: -2010, retryAfterMs: 7000 }).retryAfterMs).to.equal(undefined)
  })

  it('a 5xx says the outcome is unknown', () => {
    expect(binanceError({ status: 500, msg: '' }).message).to.match(/execution status unknown/)
  })

  it('keeps secrets out of the message', () => {
    const e = binanceError({ status: 400, code: -1022, msg: 'bad key sEcReT123', secrets: ['sEcReT123'] })
    expect(e.message).to.not.include('sEcReT123')
  })

  it('recognizes order-not-found and duplicate-order refusals', () => {
    expect(
      isBinanceOrderNotFound(binanceError({ status: 400, code: -2013, msg: 'Order does not exist.' })),
    ).to.equal(true)
    expect(
      isBinanceOrderNotFound(binanceError({ status: 400, code: -2011, msg: 'Unknown order sent.' })),
    ).to.equal(true)
    expect(
      isBinanceOrderNotFound(
        binanceError({ status: 400, code: -2011, msg: 'Order was not canceled due to cancel restrictions.' }),
      ),
    ).to.equal(false)
    expect(
      isBinanceDuplicateOrder(binanceError({ status: 400, code: -2010, msg: 'Duplicate order sent.' })),
    ).to.equal(true)
    expect(
      isBinanceDuplicateOrder(
        binanceError({ status: 400, code: -2010, msg: 'Account has insufficient balance.' }),
      ),
    ).to.equal(false)
  })
})
