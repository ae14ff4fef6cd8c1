import { createHmac, generateKeyPairSync, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import fc from 'fast-check'
import type { HttpRequest } from '../../../lib/transport/http.js'
import {
  binanceQueryString,
  binanceSignature,
  binanceSignaturePayload,
  binanceWsApiPayload,
  binanceWsApiSigned,
  encodeNonAscii,
  signBinanceRequest,
  type BinanceCredentials,
} from '../../../lib/venues/binance/sign.js'

const signerOf =
  (credentials: BinanceCredentials) =>
  (request: HttpRequest, now: number): HttpRequest =>
    signBinanceRequest(request, credentials, now)

interface Vector {
  readonly id: string
  readonly params_in_order?: readonly (readonly [string, string])[]
  readonly queryString?: string
  readonly requestBody?: string
  readonly signaturePayload: string
  readonly expectedSignature: string
  readonly finalUrl?: string
  readonly params?: Readonly<Record<string, string | number>>
  readonly signedRequest?: { readonly params: Readonly<Record<string, string | number>> }
}

const file = JSON.parse(
  readFileSync(new URL('../../fixtures/binance/signing-vectors.json', import.meta.url), 'utf8'),
) as { binance: { credentials: { apiKey: string; secretKey: string }; vectors: Vector[] } }
const { apiKey, secretKey: secret } = file.binance.credentials
const vectors = file.binance.vectors
const vector = (id: string): Vector => {
  const v = vectors.find((x) => x.id === id)
  if (v === undefined) throw new Error(`no vector ${id}`)
  return v
}

// Independent reference: node:crypto directly, not through the module under test.
const reference = (text: string) => createHmac('sha256', secret).update(text).digest('hex')

/** Splits a signed URL into its parameters, in order, as the venue would read them. */
function paramsOf(url: string): [string, string][] {
  const q = new URL(url).search.slice(1)
  return q.split('&').map((kv) => {
    const i = kv.indexOf('=')
    return [kv.slice(0, i), kv.slice(i + 1)]
  })
}

/** What a venue checks: HMAC of everything before `&signature=` plus the body. */
function venueAccepts(request: HttpRequest): boolean {
  const query = new URL(request.url).search.slice(1)
  const at = query.lastIndexOf('&signature=')
  const signed = query.slice(0, at)
  const signature = decodeURIComponent(query.slice(at + '&signature='.length))
  return reference(signed + (request.body ?? '')) === signature
}

describe('binance signing', () => {
  it('covers every official HMAC vector', () => {
    expect(vectors.map((v) => v.id)).to.have.length(5)
    for (const v of vectors) expect(reference(v.signaturePayload), v.id).to.equal(v.expectedSignature)
  })

  it('example 1 (body) and 2 (query): the documented payload from the parameters in order', () => {
    for (const id of ['binance-rest-hmac-1-request-body', 'binance-rest-hmac-2-query-string']) {
      const v = vector(id)
      const payload = binanceSignaturePayload(v.queryString ?? '', v.requestBody ?? '')
      expect(payload).to.equal(v.signaturePayload)
      expect(binanceSignature({ apiKey, secret }, payload)).to.equal(v.expectedSignature)
    }
    const params = vector('binance-rest-hmac-1-request-body').params_in_order ?? []
    expect(binanceQueryString(params)).to.equal(vector('binance-rest-hmac-1-request-body').signaturePayload)
  })

  it('example 3: query and body are joined without a separator', () => {
    const v = vector('binance-rest-hmac-3-mixed')
    const payload = binanceSignaturePayload(v.queryString ?? '', v.requestBody ?? '')
    expect(payload).to.equal(v.signaturePayload)
    expect(payload).to.include('timeInForce=GTCquantity=1')
    expect(binanceSignature({ apiKey, secret }, payload)).to.equal(v.expectedSignature)
  })

  it('example 4: non-ASCII is percent-encoded (UTF-8) before signing, and sent encoded', () => {
    const v = vector('binance-rest-hmac-4-non-ascii')
    const query = binanceQueryString(v.params_in_order ?? [])
    expect(query).to.equal(v.signaturePayload)
    expect(binanceSignature({ apiKey, secret }, query)).to.equal(v.expectedSignature)
    // a raw (unencoded) query is encoded before signing as well
    const raw = (v.params_in_order ?? []).map(([k, val]) => `${k}=${val}`).join('&')
    expect(binanceSignaturePayload(raw)).to.equal(v.signaturePayload)
    expect(encodeNonAscii('a=b&c=d')).to.equal('a=b&c=d')
  })

  it('example 4 end to end: the signed URL is the documented final URL', () => {
    const v = vector('binance-rest-hmac-4-non-ascii')
    const params = (v.params_in_order ?? []).filter(([k]) => k !== 'recvWindow' && k !== 'timestamp')
    const request: HttpRequest = {
      method: 'POST',
      url: `https://api.binance.com/api/v3/order?${binanceQueryString(params)}`,
      headers: {},
    }
    const signed = signBinanceRequest(request, { apiKey, secret, recvWindowMs: 5000 }, 1499827319559)
    expect(signed.url).to.equal(v.finalUrl)
    expect(signed.headers['x-mbx-apikey']).to.equal(apiKey)
  })

  it('example 2 end to end: a POST signed in the query string gives the documented URL', () => {
    const v = vector('binance-rest-hmac-2-query-string')
    const request: HttpRequest = {
      method: 'POST',
      url: 'https://api.binance.com/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1',
      headers: {},
    }
    expect(signBinanceRequest(request, { apiKey, secret }, 1499827319559.7).url).to.equal(v.finalUrl)
  })

  it('the WebSocket API vector: sorted parameters, apiKey included', () => {
    const v = vector('binance-wsapi-hmac-sorted')
    const params = v.params ?? {}
    expect(binanceWsApiPayload(params)).to.equal(v.signaturePayload)
    expect(binanceWsApiPayload({ ...params, signature: 'ignored' })).to.equal(v.signaturePayload)
    const { apiKey: _k, timestamp, recvWindow, ...rest } = params
    const signed = binanceWsApiSigned(
      rest,
      { apiKey, secret, recvWindowMs: Number(recvWindow) },
      Number(timestamp),
    )
    expect(signed).to.deep.equal(v.signedRequest?.params)
  })

  it('signs GET, POST and DELETE exactly as they go on the wire, with a body too', () => {
    const sign = signerOf({ apiKey, secret, recvWindowMs: 7000 })
    const cases: HttpRequest[] = [
      { method: 'GET', url: 'https://x.test/api/v3/openOrders?symbol=BTCUSDT', headers: {} },
      { method: 'GET', url: 'https://x.test/api/v3/account', headers: {} },
      {
        method: 'DELETE',
        url: 'https://x.test/api/v3/order?symbol=BTCUSDT&origClientOrderId=a%2Bb',
        headers: {},
      },
      { method: 'POST', url: 'https://x.test/api/v3/order?symbol=BTCUSDT', headers: {}, body: 'quantity=1' },
    ]
    for (const request of cases) {
      const signed = sign(request, 1_700_000_000_123)
      expect(venueAccepts(signed), `${request.method} ${request.url}`).to.equal(true)
      const names = paramsOf(signed.url).map(([k]) => k)
      expect(names.slice(-3)).to.deep.equal(['recvWindow', 'timestamp', 'signature'])
      expect(paramsOf(signed.url).find(([k]) => k === 'timestamp')?.[1]).to.equal('1700000000123')
      expect(paramsOf(signed.url).find(([k]) => k === 'recvWindow')?.[1]).to.equal('7000')
      expect(signed.method).to.equal(request.method)
      expect(signed.body).to.equal(request.body)
    }
  })

  it('any parameter values, non-ASCII included, produce a signature the venue accepts', () => {
    const sign = signerOf({ apiKey, secret })
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.stringMatching(/^[a-zA-Z]{1,8}$/), fc.string({ unit: 'grapheme', maxLength: 12 })),
          {
            maxLength: 6,
          },
        ),
        fc.integer({ min: 0, max: 2 ** 45 }),
        (params, now) => {
          const query = binanceQueryString(params)
          const signed = sign(
            { method: 'GET', url: `https://x.test/p${query ? `?${query}` : ''}`, headers: {} },
            now,
          )
          return venueAccepts(signed) && /^[\x21-\x7e]*$/.test(signed.url)
        },
      ),
      { seed: 42, numRuns: 200 },
    )
  })

  it('Ed25519: base64 signature of the payload, percent-encoded in the URL, verified by the public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const request: HttpRequest = { method: 'GET', url: 'https://x.test/api/v3/account', headers: {} }
    const signed = signBinanceRequest(request, { apiKey, privateKey: pem }, 1_700_000_000_000)
    const query = new URL(signed.url).search.slice(1)
    const at = query.lastIndexOf('&signature=')
    const encoded = query.slice(at + '&signature='.length)
    expect(encoded).to.not.match(/[+/=]/)
    const signature = Buffer.from(decodeURIComponent(encoded), 'base64')
    expect(signature).to.have.length(64)
    const payload = 'recvWindow=5000&timestamp=1700000000000'
    expect(query.slice(0, at)).to.equal(payload)
    expect(verify(null, Buffer.from(payload), publicKey, signature)).to.equal(true)
    expect(verify(null, Buffer.from(`${payload}0`), publicKey, signature)).to.equal(false)
  })

  it('refuses to sign without a secret or key', () => {
    expect(() => binanceSignature({ apiKey }, 'x')).to.throw(RangeError)
  })
})
