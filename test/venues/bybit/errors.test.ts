import { expect } from 'chai'
import type { ErrorKind, VenueError } from '../../../lib/core/errors.js'
import { hasCode } from '../../../lib/venues/kit/error-table.js'
import { bybitErrorBody } from '../../../lib/venues/bybit/context.js'
import { specResponseError } from '../../../lib/venues/kit/error-response.js'
import {
  isDuplicateOrder,
  isOrderNotFound as isNotFound,
} from '../../../lib/venues/kit/trading/order-refusals.js'
import { BYBIT_SPEC } from '../../../lib/venues/bybit/spec.js'

const INFO = { method: 'GET', path: '/v5/order/realtime', retryAfterMs: undefined } as const

/** The error of an answer with a Bybit envelope, as the driver reads it. */
function bybitError(input: {
  retCode: number
  retMsg: string
  status?: number
  headers?: Record<string, string>
  now?: number
  secrets?: string[]
}): VenueError {
  const body = JSON.stringify({ retCode: input.retCode, retMsg: input.retMsg, result: {}, time: 0 })
  const response = { status: input.status ?? 200, headers: input.headers ?? {}, body }
  const e = specResponseError(BYBIT_SPEC, bybitErrorBody, response, INFO, input.now ?? 0, input.secrets)
  if (e === undefined) throw new Error('expected an error')
  return e
}

/** The error of an HTTP answer without an envelope; `retryAfterMs` as the REST client read it. */
const bybitHttpError = (input: { status: number; body: string; retryAfterMs?: number }) =>
  specResponseError(
    BYBIT_SPEC,
    bybitErrorBody,
    { status: input.status, headers: {}, body: input.body },
    { ...INFO, retryAfterMs: input.retryAfterMs },
    0,
  )

const { errors } = BYBIT_SPEC
const isDuplicateClientOrderId = (e: unknown) => isDuplicateOrder(e, 'bybit', errors)
const isOrderFinished = (e: unknown) => hasCode(e, 'bybit', errors.orderFinished)
const isOrderNotFound = (e: unknown) => isNotFound(e, 'bybit', errors)

// Codes and texts from https://bybit-exchange.github.io/docs/v5/error (shared/venues/bybit.md §3).
const TABLE: readonly (readonly [number, string, ErrorKind, boolean])[] = [
  [10001, 'Request parameter error', 'invalid-request', false],
  [10002, 'The request time exceeds the time window range.', 'clock-skew', true],
  [10003, 'API key is invalid.', 'auth', false],
  [10004, 'Error sign, please check your signature generation algorithm.', 'auth', false],
  [10005, 'Permission denied, please check your API key permissions.', 'auth', false],
  [10006, 'Too many visits. Exceeded the API Rate Limit.', 'rate-limit', true],
  [10010, "Unmatched IP, please check your API key's bound IP addresses.", 'auth', false],
  [10016, 'Server error.', 'temporary', true],
  [110001, 'Order does not exist', 'not-found', false],
  [110004, 'Wallet balance is insufficient', 'insufficient-funds', false],
  [110007, 'Available balance is insufficient', 'insufficient-funds', false],
  [110008, 'The order has been completed or cancelled.', 'invalid-request', false],
  [110072, 'OrderLinkedID is duplicate', 'invalid-request', false],
  [170005, 'Too many new orders; current limit is %s orders per %s.', 'rate-limit', true],
  [170131, 'Balance insufficient', 'insufficient-funds', false],
  [170134, 'Order price decimal too long', 'invalid-request', false],
  [170136, 'Order quantity lower than the minimum', 'invalid-request', false],
  [170137, 'Order volume decimal too long', 'invalid-request', false],
  [170139, 'Order has been filled.', 'invalid-request', false],
  [170140, 'Order value exceeded lower limit', 'invalid-request', false],
  [170141, 'Duplicate clientOrderId', 'invalid-request', false],
  [170142, 'Order has been cancelled', 'invalid-request', false],
  [170213, 'Order does not exist.', 'not-found', false],
  [170222, 'Too many requests in this time frame.', 'rate-limit', true],
]

describe('bybit errors', () => {
  for (const [code, text, kind, retryable] of TABLE) {
    it(`retCode ${code} is ${kind}`, () => {
      const e = bybitError({ retCode: code, retMsg: text, status: 200 })
      expect(e.kind).to.equal(kind)
      expect(e.retryable).to.equal(retryable)
      expect(e.code).to.equal(code)
      expect(e.venue).to.equal('bybit')
      expect(e.message).to.contain(String(code))
    })
  }

  it('an unknown code is invalid-request, or temporary on a 5xx', () => {
    expect(bybitError({ retCode: 999999, retMsg: 'new', status: 200 }).kind).to.equal('invalid-request')
    expect(bybitError({ retCode: 999999, retMsg: 'new', status: 502 }).kind).to.equal('temporary')
  })

  it('a rate limit waits until X-Bapi-Limit-Reset-Timestamp', () => {
    const e = bybitError({
      retCode: 10006,
      retMsg: 'Too many visits!',
      headers: { 'x-bapi-limit-reset-timestamp': '1672738134824' },
      now: 1672738134000,
    })
    expect(e.retryAfterMs).to.equal(824)
    const none = bybitError({ retCode: 10006, retMsg: 'Too many visits!', headers: {}, now: 1 })
    expect(none.retryAfterMs).to.equal(undefined)
    const past = bybitError({
      retCode: 170222,
      retMsg: 'x',
      headers: { 'x-bapi-limit-reset-timestamp': '1000' },
      now: 5000,
    })
    expect(past.retryAfterMs).to.equal(0)
    const notLimit = bybitError({
      retCode: 10001,
      retMsg: 'x',
      headers: { 'x-bapi-limit-reset-timestamp': '9000' },
      now: 5000,
    })
    expect(notLimit.retryAfterMs).to.equal(undefined)
  })

  it('HTTP 403 without an envelope is the IP limit, not auth', () => {
    const e = bybitHttpError({ status: 403, body: 'access too frequent' })
    expect(e?.kind).to.equal('rate-limit')
    expect(e?.retryAfterMs).to.equal(600_000)
    expect(bybitHttpError({ status: 403, body: '', retryAfterMs: 3000 })?.retryAfterMs).to.equal(3000)
    expect(bybitHttpError({ status: 503, body: '<html>' })?.kind).to.equal('temporary')
    expect(bybitHttpError({ status: 401, body: '' })?.kind).to.equal('auth')
    expect(bybitHttpError({ status: 200, body: '' })).to.equal(undefined)
  })

  it('never repeats the signed pre-hash string or a known secret', () => {
    const e = bybitError({
      retCode: 10004,
      retMsg: 'error sign! origin_string[1658384314791MYAPIKEY12345000category=spot]',
      secrets: ['MYAPIKEY1234', 'SECRETVALUE'],
    })
    expect(e.kind).to.equal('auth')
    expect(e.message).to.not.contain('MYAPIKEY1234')
    expect(e.message).to.not.contain('category=spot')
    const s = bybitError({ retCode: 10003, retMsg: 'key SECRETVALUE bad', secrets: ['SECRETVALUE'] })
    expect(s.message).to.not.contain('SECRETVALUE')
    expect(JSON.stringify(s)).to.not.contain('SECRETVALUE')
  })

  it('classifies duplicate ids, finished orders and unknown orders by code', () => {
    expect(isDuplicateClientOrderId(bybitError({ retCode: 110072, retMsg: '' }))).to.equal(true)
    expect(isDuplicateClientOrderId(bybitError({ retCode: 170141, retMsg: '' }))).to.equal(true)
    expect(isDuplicateClientOrderId(bybitError({ retCode: 10001, retMsg: '' }))).to.equal(false)
    expect(isOrderFinished(bybitError({ retCode: 170142, retMsg: '' }))).to.equal(true)
    expect(isOrderFinished(bybitError({ retCode: 170213, retMsg: '' }))).to.equal(false)
    expect(isOrderNotFound(bybitError({ retCode: 170213, retMsg: '' }))).to.equal(true)
    expect(isOrderNotFound(new Error('170213'))).to.equal(false)
  })
})
