/**
 * FalconX's refusals as kinds: `status: "failure"` bodies by code, by reason for a code not listed,
 * and HTTP statuses.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { falconxErrorBody } from '../../../lib/venues/falconx/context.js'
import { FALCONX_SPEC } from '../../../lib/venues/falconx/spec.js'
import { specResponseError } from '../../../lib/venues/kit/error-response.js'
import { createFalconxVenue } from '../../../lib/venues/falconx/driver.js'

const falconxResponseError = (
  response: Parameters<typeof specResponseError>[2],
  info: Parameters<typeof specResponseError>[3],
) => specResponseError(FALCONX_SPEC, falconxErrorBody, response, info, 0)

const info = { method: 'POST' as const, path: '/v1/quotes/execute', retryAfterMs: undefined }
const failure = (code: string, reason: string, status = 200) => ({
  status,
  headers: {},
  body: JSON.stringify({ status: 'failure', error: { code, reason } }),
})

describe('falconx errors', () => {
  it('reads a failure body whatever the HTTP status, by its code', () => {
    expect(falconxResponseError(failure('QUOTE_EXPIRED', 'Quote has expired'), info)?.kind).to.equal(
      'expired',
    )
    expect(falconxResponseError(failure('INSUFFICIENT_BALANCE', 'not enough USD'), info)?.kind).to.equal(
      'insufficient-funds',
    )
    expect(falconxResponseError(failure('NOT_FOUND', 'no such quote', 404), info)?.kind).to.equal('not-found')
    expect(falconxResponseError(failure('UNAUTHORIZED', 'bad signature', 401), info)?.kind).to.equal('auth')
  })

  it('reads the reason of a code it does not list', () => {
    const e = falconxResponseError(failure('E1042', 'The quote expired before execution'), info)
    expect(e?.kind).to.equal('expired')
    expect(e?.code).to.equal('E1042')
    expect(falconxResponseError(failure('E7', 'Insufficient funds for trade'), info)?.kind).to.equal(
      'insufficient-funds',
    )
    expect(falconxResponseError(failure('E8', 'something else'), info)?.kind).to.equal('invalid-request')
  })

  it('keeps the Retry-After of a failure body sent with HTTP 429, and passes a list unread', () => {
    const limited = failure('RATE_LIMIT_EXCEEDED', 'slow down', 429)
    expect(falconxResponseError(limited, { ...info, retryAfterMs: 1000 })).to.include({
      kind: 'rate-limit',
      retryAfterMs: 1000,
    })
    expect(falconxResponseError({ status: 200, headers: {}, body: '[{"status":"failure"}]' }, info)).to.equal(
      undefined,
    )
  })

  it('passes a success, and reads a bare HTTP status', () => {
    expect(falconxResponseError({ status: 200, headers: {}, body: '{"status":"success"}' }, info)).to.equal(
      undefined,
    )
    expect(falconxResponseError({ status: 401, headers: {}, body: 'Unauthorized' }, info)?.kind).to.equal(
      'auth',
    )
    expect(
      falconxResponseError({ status: 429, headers: {}, body: '' }, { ...info, retryAfterMs: 1000 })
        ?.retryAfterMs,
    ).to.equal(1000)
    expect(falconxResponseError({ status: 503, headers: {}, body: '<html>' }, info)?.kind).to.equal(
      'temporary',
    )
  })

  it('refuses its pairs without credentials with auth, asking nothing: FalconX answers signed calls only', async () => {
    const asked: string[] = []
    const transport = {
      request: (r: { url: string }) => (asked.push(r.url), Promise.reject(new Error('unexpected request'))),
    }
    const venue = createFalconxVenue({ logger: silentLogger, transport })
    const error = await lastValueFrom(venue.instruments()).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError).with.property('kind', 'auth')
    expect((error as VenueError).message).to.match(/signed calls only: its pairs need an API key/)
    expect(asked).to.deep.equal([])
    await venue.close()
  })
})
