import { expect } from 'chai'
import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto'
import { VenueError } from '../../../lib/core/errors.js'
import {
  coinbaseJwtUri,
  coinbasePrivateKey,
  coinbaseSigner,
  createCoinbaseSigner,
  unescapePem,
} from '../../../lib/venues/coinbase/sign.js'
import { fixture, KEY_NAME, keyPair } from './trading-rig.js'

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0, 789)
const NOW_S = Math.floor(NOW / 1000)

/** The JWT's parts, its signature checked with node:crypto and the public key (raw r || s, as JWS has it). */
function opened(token: string, publicKey: KeyObject) {
  const [h, c, s, extra] = token.split('.')
  expect(extra).to.equal(undefined)
  const valid = verify(
    'sha256',
    Buffer.from(`${h}.${c}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s ?? '', 'base64url'),
  )
  const json = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>
  return { valid, header: json(h), claims: json(c), signatureBytes: Buffer.from(s ?? '', 'base64url').length }
}

describe('coinbase trading: CDP JWT signing', () => {
  const { pem, publicKey } = keyPair()

  it('formats the uri claim of the published vector: method, host and path, no scheme', () => {
    const vector = fixture('signing-jwt-uri.json') as {
      inputs: { method: string; path: string; host: string }
      expected: { uri_claim: string }
    }
    const { method, host, path } = vector.inputs
    expect(coinbaseJwtUri(method, `https://${host}${path}`)).to.equal(vector.expected.uri_claim)
    // the query string is never part of the claim
    expect(coinbaseJwtUri('get', `https://${host}${path}?limit=250&cursor=abc`)).to.equal(
      vector.expected.uri_claim,
    )
  })

  it('signs a REST JWT that verifies with the public key, every header field and claim exact', () => {
    const signer = createCoinbaseSigner({ apiKey: KEY_NAME, secret: pem }, { nonce: () => 'n0nce' })
    const token = signer.restJwt('POST', 'https://api.coinbase.com/api/v3/brokerage/orders?x=1', NOW)
    const jwt = opened(token, publicKey)
    expect(jwt.valid).to.equal(true)
    expect(jwt.signatureBytes).to.equal(64)
    expect(jwt.header).to.deep.equal({ alg: 'ES256', kid: KEY_NAME, nonce: 'n0nce' })
    expect(jwt.claims).to.deep.equal({
      sub: KEY_NAME,
      iss: 'cdp',
      nbf: NOW_S,
      exp: NOW_S + 120,
      uri: 'POST api.coinbase.com/api/v3/brokerage/orders',
    })
  })

  it('signs a WebSocket JWT without uri', () => {
    const signer = createCoinbaseSigner({ apiKey: KEY_NAME, privateKey: pem }, { nonce: () => 'ws' })
    const jwt = opened(signer.wsJwt(NOW), publicKey)
    expect(jwt.valid).to.equal(true)
    expect(jwt.claims).to.deep.equal({ sub: KEY_NAME, iss: 'cdp', nbf: NOW_S, exp: NOW_S + 120 })
  })

  it('makes a new JWT, with a new random nonce, for every request', () => {
    const sign = coinbaseSigner({ apiKey: KEY_NAME, secret: pem })
    const request = {
      method: 'GET' as const,
      url: 'http://127.0.0.1:4000/api/v3/brokerage/accounts',
      headers: { accept: 'x' },
    }
    const a = sign(request, NOW)
    const b = sign(request, NOW)
    expect(a.headers['accept']).to.equal('x')
    const tokenOf = (r: typeof a) => /^Bearer (.+)$/.exec(r.headers['authorization'] ?? '')?.[1] ?? ''
    const [ja, jb] = [opened(tokenOf(a), publicKey), opened(tokenOf(b), publicKey)]
    expect(ja.valid && jb.valid).to.equal(true)
    expect(ja.claims['uri']).to.equal('GET 127.0.0.1:4000/api/v3/brokerage/accounts')
    expect(ja.header['nonce']).to.match(/^[0-9a-f]{32}$/)
    expect(ja.header['nonce']).to.not.equal(jb.header['nonce'])
  })

  it('signs JWTs that live no longer than the receive window, so a lost create cannot land after its search', () => {
    // the driver searches for a create whose answer was lost for recvWindowMs (and a grace), then sends
    // it again: a JWT living longer would let the first create still land afterwards
    const sign = coinbaseSigner({ apiKey: KEY_NAME, secret: pem, recvWindowMs: 10_000 })
    const request = {
      method: 'POST' as const,
      url: 'https://api.coinbase.com/api/v3/brokerage/orders',
      headers: {},
    }
    const token = /^Bearer (.+)$/.exec(sign(request, NOW).headers['authorization'] ?? '')?.[1] ?? ''
    const { claims } = opened(token, publicKey)
    // valid at least the window after signing, at most a second more (JWTs count whole seconds)
    expect(claims).to.include({ nbf: NOW_S, exp: Math.ceil((NOW + 10_000) / 1000) })
    // never longer than Coinbase's two minutes, whatever the window
    const long = coinbaseSigner({ apiKey: KEY_NAME, secret: pem, recvWindowMs: 600_000 })
    const longToken = /^Bearer (.+)$/.exec(long(request, NOW).headers['authorization'] ?? '')?.[1] ?? ''
    expect(opened(longToken, publicKey).claims).to.include({ nbf: NOW_S, exp: NOW_S + 120 })
  })

  it('reads a PEM whose line breaks arrived as the two characters \\n', () => {
    const escaped = pem.trim().replace(/\n/g, '\\n')
    expect(escaped).to.not.include('\n')
    expect(unescapePem(escaped)).to.equal(pem.trim())
    const jwt = opened(createCoinbaseSigner({ apiKey: KEY_NAME, secret: escaped }).wsJwt(NOW), publicKey)
    expect(jwt.valid).to.equal(true)
  })

  it('refuses a secret that is not an EC P-256 key with auth, never showing the secret', () => {
    const pkcs8 = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString()
    const secrets = [
      '-----BEGIN EC PRIVATE KEY-----\nnot-a-key-material-1234567890\n-----END EC PRIVATE KEY-----\n',
      'plain-hmac-secret-0123456789abcdef',
      pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey),
      pkcs8(generateKeyPairSync('ed25519').privateKey),
    ]
    for (const secret of secrets) {
      let error: unknown
      try {
        createCoinbaseSigner({ apiKey: KEY_NAME, secret }).restJwt('GET', 'https://api.coinbase.com/x', NOW)
      } catch (e) {
        error = e
      }
      expect(error).to.be.instanceOf(VenueError)
      const e = error as VenueError
      expect(e.kind).to.equal('auth')
      for (const line of secret.split('\n').filter((l) => l.length > 8 && !l.startsWith('-----'))) {
        expect(e.message).to.not.include(line)
        expect(JSON.stringify(e)).to.not.include(line)
      }
    }
    expect(() => coinbasePrivateKey(pem)).to.not.throw()
  })

  it('refuses to sign without a key name or a key', () => {
    for (const credentials of [{ apiKey: '', secret: pem }, { apiKey: KEY_NAME }]) {
      expect(() => createCoinbaseSigner(credentials).wsJwt(NOW))
        .to.throw(VenueError)
        .with.property('kind', 'auth')
    }
  })
})
