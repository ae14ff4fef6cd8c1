import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import { isSecretKey, redact, redactText, snippet } from '../../lib/core/redact.js'
import { VenueError } from '../../lib/core/errors.js'

describe('redact', () => {
  describe('isSecretKey', () => {
    const secret = [
      'apiKey',
      'api_key',
      'API-KEY',
      'apiSecret',
      'secret',
      'secretKey',
      'privateKey',
      'passphrase',
      'password',
      'signature',
      'sign',
      'sig',
      'token',
      'accessToken',
      'Authorization',
      'X-BAPI-API-KEY',
      'X-BAPI-SIGN',
      'X-MBX-APIKEY',
      'CB-ACCESS-KEY',
      'CB-ACCESS-SIGN',
      'CB-ACCESS-PASSPHRASE',
      'X-CB-ACCESS-SIGNATURE',
      'FORDEFI-SIGNATURE',
      'X-CB-ACCESS-PASSPHRASE',
      'FX-ACCESS-KEY',
      'FX-ACCESS-SIGN',
      'FX-ACCESS-PASSPHRASE',
    ]
    for (const key of secret) it(`${key} is secret`, () => expect(isSecretKey(key)).to.equal(true))
    for (const key of ['symbol', 'price', 'X-BAPI-TIMESTAMP', 'signed', 'tokenId', 'key', 'timestamp']) {
      it(`${key} is not`, () => expect(isSecretKey(key)).to.equal(false))
    }
  })

  describe('redactText', () => {
    const cases: Array<[string, string]> = [
      ['/api/v3/order?symbol=BTCUSDT&signature=abc123', '/api/v3/order?symbol=BTCUSDT&signature=[redacted]'],
      ['apiKey=AK1&recvWindow=5000', 'apiKey=[redacted]&recvWindow=5000'],
      ['POST body: passphrase=p%40ss&x=1', 'POST body: passphrase=[redacted]&x=1'],
      ['{"apiKey":"AK1","qty":"1"}', '{"apiKey":"[redacted]","qty":"1"}'],
      ["{'secret': 'shh'}", "{'secret': '[redacted]'}"],
      ['{"sign": "a\\"b", "n": 1}', '{"sign": "[redacted]", "n": 1}'],
      ['Authorization: Bearer eyJ0eXAi.eyJzdWIi.c2ln', 'Authorization: Bearer [redacted]'],
      [
        'key -----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY----- end',
        'key [redacted] end',
      ],
      ['nothing to see: symbol=BTCUSDT', 'nothing to see: symbol=BTCUSDT'],
      [
        'x-bapi-api-key: XXXXXXXXXX\nx-bapi-sign: 9f86d081884c7d65\nX-MBX-APIKEY: vmPUZE6mv9SD5V\nx-bapi-timestamp: 1',
        'x-bapi-api-key: [redacted]\nx-bapi-sign: [redacted]\nX-MBX-APIKEY: [redacted]\nx-bapi-timestamp: 1',
      ],
      ['401 Unauthorized: sig 9f86d081884c7d659a2feaa0c55ad015', '401 Unauthorized: sig [redacted]'],
      ['Signature for this request is not valid.', 'Signature for this request is not valid.'],
      ['cannot sign GET request: no key', 'cannot sign GET request: no key'],
      [
        '{"x-cb-access-key":"K1","x-cb-access-passphrase":"p4ss-word","x-cb-access-timestamp":"1"}',
        '{"x-cb-access-key":"[redacted]","x-cb-access-passphrase":"[redacted]","x-cb-access-timestamp":"1"}',
      ],
      [
        '{"fx-access-key":"K2","fx-access-sign":"c2ln","fx-access-passphrase":"pp","fx-access-timestamp":"1"}',
        '{"fx-access-key":"[redacted]","fx-access-sign":"[redacted]","fx-access-passphrase":"[redacted]","fx-access-timestamp":"1"}',
      ],
    ]
    for (const [input, expected] of cases) {
      it(`scrubs ${JSON.stringify(input.slice(0, 40))}`, () => expect(redactText(input)).to.equal(expected))
    }

    it('scrubs a secret before cutting the text, so a cut through it leaves none of it', () => {
      const secret = 'Zq8-passphrase-Vt4Rw8Ny'
      for (let at = 180; at <= 200; at++) {
        const shown = snippet(`${'x'.repeat(at)}${secret} and more`, [secret])
        expect(shown.length, `secret at ${at}`).to.be.at.most(200)
        expect(shown.includes(secret.slice(0, 4)), `secret at ${at}: ${shown.slice(-30)}`).to.equal(false)
      }
      expect(snippet('  a\n\tb  ', [])).to.equal('a b')
    })

    it('scrubs exact secret values wherever they appear', () => {
      expect(redactText('x=Tr0ub4dor&3 and Tr0ub4dor&3 again', ['Tr0ub4dor&3'])).to.equal(
        'x=[redacted] and [redacted] again',
      )
    })

    it('ignores secret values shorter than 4 characters (they would shred the text)', () => {
      expect(redactText('abc abc', ['abc'])).to.equal('abc abc')
    })
  })

  describe('redact', () => {
    it('replaces secret-named fields at any depth and scrubs strings', () => {
      const input = {
        url: 'https://x/y?apiKey=AK1&a=1',
        headers: { 'X-MBX-APIKEY': 'AK1', 'content-type': 'json' },
        nested: [{ passphrase: 'pp', list: ['see SECRETVALUE'] }],
        n: 1,
        ok: true,
        none: null,
      }
      expect(redact(input, ['SECRETVALUE'])).to.deep.equal({
        url: 'https://x/y?apiKey=[redacted]&a=1',
        headers: { 'X-MBX-APIKEY': '[redacted]', 'content-type': 'json' },
        nested: [{ passphrase: '[redacted]', list: ['see [redacted]'] }],
        n: 1,
        ok: true,
        none: null,
      })
      expect(input.headers['X-MBX-APIKEY']).to.equal('AK1')
    })

    it('handles Headers, Map, Error, Date, Decimal, cycles and depth', () => {
      const cyclic: Record<string, unknown> = { name: 'a' }
      cyclic.self = cyclic
      const date = new Date(0)
      const out = redact({
        headers: new Headers({ 'X-BAPI-SIGN': 's', accept: 'json' }),
        map: new Map([['token', 't']]),
        error: new Error('bad sign=abc'),
        date,
        price: new Decimal('65000.10'),
        cyclic,
      }) as Record<string, unknown>
      expect(out.headers).to.deep.equal({ 'x-bapi-sign': '[redacted]', accept: 'json' })
      expect(out.map).to.deep.equal({ token: '[redacted]' })
      expect(out.error).to.deep.equal({ name: 'Error', message: 'bad sign=[redacted]' })
      expect(out.date).to.equal(date)
      expect(out.price).to.equal('65000.1')
      expect(out.cyclic).to.deep.equal({ name: 'a', self: '[circular]' })
      expect(redact({ a: { b: { c: 1 } } }, [], 2)).to.deep.equal({ a: { b: '[…]' } })
    })
  })
})

describe('redact of errors that describe themselves', () => {
  it('keeps a VenueError kind and code but not secrets', () => {
    const e = new VenueError({
      kind: 'auth',
      message: 'bad key apiKey=abcd1234',
      venue: 'bybit',
      code: 10003,
    })
    const out = redact({ err: e }) as { err: Record<string, unknown> }
    expect(out.err.kind).to.equal('auth')
    expect(out.err.code).to.equal(10003)
    expect(String(out.err.message)).to.not.contain('abcd1234')
  })
})
