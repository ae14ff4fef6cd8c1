import { createHmac } from 'node:crypto'
import { expect } from 'chai'
import { hmacRequestSignature, signHmacHeaders, type HmacHeaderScheme } from '../../lib/auth/hmac-headers.js'
import type { HttpRequest } from '../../lib/transport/http.js'

const SCHEME: HmacHeaderScheme = {
  headers: { signature: 'x-sign', key: 'x-key', timestamp: 'x-ts', passphrase: 'x-pass' },
  timestamp: (nowMs) => `t${nowMs}`,
  signsQuery: false,
}
const CREDENTIALS = { apiKey: 'key-1', secret: 'c2VjcmV0', passphrase: 'pass-1' }
const REQUEST: HttpRequest = {
  method: 'POST',
  url: 'https://venue.test/v1/orders?b=2&a=%2B1',
  headers: { 'content-type': 'text/plain', 'x-key': 'stale' },
  body: '{"qty":"0.010"}',
}

const expected = (secret: string | Buffer, text: string): string =>
  createHmac('sha256', secret).update(text, 'utf8').digest('base64')

describe('HMAC header signing', () => {
  it('signs timestamp + METHOD + path + body, base64, a text secret keyed by its UTF-8 bytes', () => {
    const text = '1700000000POST/v1/orders{"a":"é"}'
    expect(hmacRequestSignature('c2VjcmV0', '1700000000', 'post', '/v1/orders', '{"a":"é"}')).to.equal(
      expected('c2VjcmV0', text),
    )
    expect(
      hmacRequestSignature(
        Buffer.from('c2VjcmV0', 'base64'),
        '1700000000',
        'POST',
        '/v1/orders',
        '{"a":"é"}',
      ),
    ).to.equal(expected(Buffer.from('secret'), text))
  })

  it("adds the scheme's headers in its order after the request's own, signing the path without its query", () => {
    const signed = signHmacHeaders(SCHEME, CREDENTIALS, REQUEST, 1234)
    expect(Object.entries(signed.headers)).to.deep.equal([
      ['content-type', 'text/plain'],
      ['x-key', 'key-1'],
      ['x-sign', expected('c2VjcmV0', 't1234POST/v1/orders{"qty":"0.010"}')],
      ['x-ts', 't1234'],
      ['x-pass', 'pass-1'],
    ])
    expect({ ...signed, headers: REQUEST.headers }).to.deep.equal(REQUEST)
  })

  it('signs the path with its query as sent when the scheme says so, an absent body as empty, fixed headers last', () => {
    const scheme: HmacHeaderScheme = {
      ...SCHEME,
      signsQuery: true,
      fixed: { 'content-type': 'application/json' },
    }
    const secret = Buffer.from('c2VjcmV0', 'base64')
    const signed = signHmacHeaders(
      scheme,
      { ...CREDENTIALS, secret },
      { method: 'GET', url: REQUEST.url, headers: {} },
      5,
    )
    expect(signed.headers).to.deep.equal({
      'x-sign': expected(Buffer.from('secret'), 't5GET/v1/orders?b=2&a=%2B1'),
      'x-key': 'key-1',
      'x-ts': 't5',
      'x-pass': 'pass-1',
      'content-type': 'application/json',
    })
    expect(Object.keys(signed.headers).at(-1)).to.equal('content-type')
  })
})
