import { expect } from 'chai'
import { errorKind, venueError, type ErrorTable } from '../../../lib/venues/kit/error-table.js'

const TABLE: ErrorTable = {
  codes: { QUOTE_EXPIRED: 'expired', INTERNAL: 'temporary' },
  messages: [['INTERNAL', /key revoked/i, 'auth']],
  reasons: [
    [/insufficient/i, 'insufficient-funds'],
    [/too many/i, 'rate-limit'],
  ],
}

describe('error table', () => {
  it('decides by code, then message rule, then reason, then HTTP status', () => {
    expect(errorKind(TABLE, { status: 200, code: 'QUOTE_EXPIRED', message: 'insufficient' })).to.equal(
      'expired',
    )
    expect(errorKind(TABLE, { status: 500, code: 'INTERNAL', message: 'key revoked by admin' })).to.equal(
      'auth',
    )
    // a code the table does not list: its reason decides, before the status
    expect(errorKind(TABLE, { status: 400, code: 'NEW_CODE', message: 'Insufficient balance' })).to.equal(
      'insufficient-funds',
    )
    expect(errorKind(TABLE, { status: 503, message: 'Too many requests' })).to.equal('rate-limit')
    expect(errorKind(TABLE, { status: 503, message: 'busy' })).to.equal('temporary')
    expect(errorKind(TABLE, { status: 200, code: 'NEW_CODE', message: 'no idea' })).to.equal(
      'invalid-request',
    )
  })

  it('keeps the code and the wait the venue asked for on a rate limit told by its reason', () => {
    const e = venueError('falconx', TABLE, {
      status: 200,
      code: 'SLOW_DOWN',
      message: 'too many quotes',
      retryAfterMs: 1500,
      context: 'POST /v1/quotes',
    })
    expect(e).to.include({ kind: 'rate-limit', code: 'SLOW_DOWN', retryAfterMs: 1500 })
    expect(e.message).to.equal('POST /v1/quotes: too many quotes (code SLOW_DOWN)')
  })

  it('shows none of a secret the venue echoed where its message is cut', () => {
    const passphrase = 'pass-Vt4Rw8Ny-phrase'
    const e = venueError('prime', TABLE, {
      status: 401,
      // the passphrase starts at character 182 and ends past 200
      message: `unauthorized: ${'h'.repeat(140)} "x-cb-access-passphrase":"${passphrase}"`,
      secrets: [passphrase],
    })
    expect(e.message).to.contain('"x-cb-access-passphrase":"[redact')
    expect(e.message).not.to.contain(passphrase.slice(0, 6))
  })

  it('shows no secret the venue echoed into its error code', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJrZXkifQ.c2lnbmF0dXJlLW9mLXRoZS1qd3Q'
    const e = venueError('coinbase', TABLE, {
      status: 400,
      code: `GET /accounts\nauthorization: Bearer ${jwt}`,
      message: 'refused',
      secrets: [`Bearer ${jwt}`],
    })
    const shown = [e.message, String(e), JSON.stringify(e), String(e.code)].join('\n')
    expect(shown).to.contain('[redacted]')
    expect(shown).not.to.contain(jwt)
  })
})
