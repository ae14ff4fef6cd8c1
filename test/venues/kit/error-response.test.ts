import { expect } from 'chai'
import { httpResponseError, type EnvelopeReader } from '../../../lib/venues/kit/error-response.js'
import type { ErrorTable } from '../../../lib/venues/kit/error-table.js'

const table: ErrorTable = { codes: { '7': 'rate-limit', '9': 'invalid-request' } }
const info = { method: 'GET', path: '/x', retryAfterMs: 5000 } as const
const read: EnvelopeReader = (body) => {
  const b = body as { code?: number; msg?: string; retry?: number } | undefined
  if (typeof b?.code !== 'number' || b.code === 0) return undefined
  return { code: b.code, message: b.msg, failed: true, retryAfterMs: b.retry }
}
const answer = (status: number, body: string) => ({ status, headers: {}, body })

describe('kit httpResponseError', () => {
  it('leaves a 2xx alone unless asked to read it, then fails only a failed envelope', () => {
    const refused = answer(200, '{"code":9,"msg":"bad"}')
    expect(httpResponseError('bybit', table, refused, info, [], read)).to.equal(undefined)
    const error = httpResponseError('bybit', table, refused, info, [], read, true)
    expect(error?.kind).to.equal('invalid-request')
    expect(error?.message).to.contain('bad')
    expect(httpResponseError('bybit', table, answer(200, '{"code":0}'), info, [], read, true)).to.equal(
      undefined,
    )
    expect(httpResponseError('bybit', table, answer(200, 'not json'), info, [], read, true)).to.equal(
      undefined,
    )
  })

  it("takes a failed envelope's retry time over the response's Retry-After", () => {
    const limited = httpResponseError(
      'bybit',
      table,
      answer(200, '{"code":7,"retry":250}'),
      info,
      [],
      read,
      true,
    )
    expect(limited?.kind).to.equal('rate-limit')
    expect(limited?.retryAfterMs).to.equal(250)
    const plain = httpResponseError('bybit', table, answer(429, 'busy'), info, [], read, true)
    expect(plain?.retryAfterMs).to.equal(5000)
    expect(plain?.message).to.contain('busy')
  })
})
