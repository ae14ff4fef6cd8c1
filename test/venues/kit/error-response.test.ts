import { expect } from 'chai'
import {
  httpResponseError,
  specResponseError,
  type EnvelopeReader,
} from '../../../lib/venues/kit/error-response.js'
import type { ErrorTable } from '../../../lib/venues/kit/error-table.js'

const table: ErrorTable = { codes: { '7': 'rate-limit', '9': 'invalid-request' } }
const info = { method: 'GET', path: '/x', retryAfterMs: 5000 } as const
const read = (body: unknown): ReturnType<EnvelopeReader> => {
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

  it('reads a 2xx body unless it starts like a success, when the table names how one starts', () => {
    const spec = { id: 'bybit', errors: { ...table, okBody: /^\{"code":0,/ } } as const
    const parsed: unknown[] = []
    const counting: EnvelopeReader = (body) => {
      parsed.push(body)
      return read(body)
    }
    const ok = answer(200, '{"code":0,"result":{}}')
    expect(specResponseError(spec, counting, ok, info, 0)).to.equal(undefined)
    expect(parsed, 'a success is not parsed').to.deep.equal([])
    expect(specResponseError(spec, counting, answer(200, '{"code":9,"msg":"bad"}'), info, 0)?.kind).to.equal(
      'invalid-request',
    )
    expect(
      specResponseError({ id: 'bybit', errors: table }, counting, answer(200, '{"code":9}'), info, 0),
    ).to.equal(undefined)
  })

  it('hands the reader the response and the venue time, for a wait named in a header', () => {
    const spec = { id: 'bybit', errors: { ...table, okBody: /^\{"code":0,/ } } as const
    const resetting: EnvelopeReader = (body, response, now) => ({
      ...read(body),
      retryAfterMs: Number(response.headers['reset-at']) - now,
    })
    const limited = { status: 200, headers: { 'reset-at': '1500' }, body: '{"code":7}' }
    expect(specResponseError(spec, resetting, limited, info, 1000)?.retryAfterMs).to.equal(500)
  })
})
