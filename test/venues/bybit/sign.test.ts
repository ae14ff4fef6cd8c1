import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import {
  bybitPreHash,
  bybitWsAuthMessage,
  bybitWsSignature,
  signBybitRequest,
} from '../../../lib/venues/bybit/sign.js'
import { signedPayload } from '../../../lib/venues/kit/signed-payload.js'
import type { HttpRequest } from '../../../lib/transport/http.js'

interface PreHashExample {
  readonly method?: string
  readonly transport?: string
  readonly param_str?: string
  readonly param_str_as_printed?: string
  readonly parts?: Readonly<Record<string, string>>
  readonly example_prehash_for_expires_1662350400000?: string
}

const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/bybit/signing-vectors.json', import.meta.url), 'utf8'),
) as { bybit: { documented_prehash_examples: PreHashExample[] } }
const examples = vectors.bybit.documented_prehash_examples

// Independent reference: node:crypto directly, not through the module under test.
const reference = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex')

const SECRET = 'test-secret-0123456789'
const KEY = 'test-key-abcdef'

describe('bybit signing', () => {
  it('builds the documented GET pre-hash string', () => {
    const get = examples.find((e) => e.method === 'GET')
    const parts = get?.parts ?? {}
    const text = bybitPreHash(
      Number(parts['timestamp']),
      parts['api_key'] ?? '',
      Number(parts['recv_window']),
      parts['queryString'] ?? '',
    )
    expect(text).to.equal(get?.param_str)
  })

  it('builds the documented POST pre-hash string from the raw body', () => {
    const post = examples.find((e) => e.method === 'POST')
    const parts = post?.parts ?? {}
    const body = parts['raw_request_body'] ?? ''
    const text = bybitPreHash(
      Number(parts['timestamp']),
      parts['api_key'] ?? '',
      Number(parts['recv_window']),
      body,
    )
    expect(text).to.equal(`1658385579423XXXXXXXXXX5000${body}`)
    expect(text).to.equal('1658385579423XXXXXXXXXX5000{"category": "option"}')
  })

  it('signs the documented WebSocket pre-hash', () => {
    const ws = examples.find((e) => e.transport === 'websocket-auth')
    expect(ws?.example_prehash_for_expires_1662350400000).to.equal('GET/realtime1662350400000')
    expect(bybitWsSignature(SECRET, 1662350400000)).to.equal(reference(SECRET, 'GET/realtime1662350400000'))
  })

  it('takes the query string of a GET exactly as it stands in the URL', () => {
    const url = 'https://api.bybit.com/v5/order/realtime?category=spot&symbol=BTCUSDT&orderLinkId=a%2Fb'
    expect(signedPayload({ url })).to.equal('category=spot&symbol=BTCUSDT&orderLinkId=a%2Fb')
    expect(signedPayload({ url: 'https://api.bybit.com/v5/market/time' })).to.equal('')
  })

  it('signs a GET with the query string and a POST with the raw body', () => {
    const get: HttpRequest = {
      method: 'GET',
      url: 'https://api.bybit.com/v5/order/realtime?category=spot&symbol=BTCUSDT',
      headers: { accept: 'application/json' },
    }
    const signed = signBybitRequest(get, { apiKey: KEY, secret: SECRET }, 1658384314791)
    expect(signed.headers).to.deep.equal({
      accept: 'application/json',
      'x-bapi-api-key': KEY,
      'x-bapi-timestamp': '1658384314791',
      'x-bapi-recv-window': '5000',
      'x-bapi-sign': reference(SECRET, `1658384314791${KEY}5000category=spot&symbol=BTCUSDT`),
    })
    expect(signed.url).to.equal(get.url)

    const body = '{"category":"spot","symbol":"BTCUSDT","side":"Buy"}'
    const post: HttpRequest = {
      method: 'POST',
      url: 'https://api.bybit.com/v5/order/create',
      headers: { 'content-type': 'application/json' },
      body,
    }
    const p = signBybitRequest(post, { apiKey: KEY, secret: SECRET, recvWindowMs: 10_000 }, 1700000000123)
    expect(p.headers['x-bapi-recv-window']).to.equal('10000')
    expect(p.headers['x-bapi-sign']).to.equal(reference(SECRET, `1700000000123${KEY}10000${body}`))
    expect(p.body).to.equal(body)
  })

  it('gives different signatures for different timestamps (a retry is re-signed)', () => {
    const sign = (r: HttpRequest, now: number) => signBybitRequest(r, { apiKey: KEY, secret: SECRET }, now)
    const req: HttpRequest = { method: 'GET', url: 'https://x.test/v5/a?b=1', headers: {} }
    const a = sign(req, 1000)
    const b = sign(req, 2000)
    expect(a.headers['x-bapi-timestamp']).to.equal('1000')
    expect(b.headers['x-bapi-timestamp']).to.equal('2000')
    expect(a.headers['x-bapi-sign']).to.not.equal(b.headers['x-bapi-sign'])
    expect(b.headers['x-bapi-sign']).to.equal(reference(SECRET, `2000${KEY}5000b=1`))
  })

  it('builds the auth message in the documented shape', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../../fixtures/bybit/ws-auth-request.json', import.meta.url), 'utf8'),
    ) as { req_id: string; op: string; args: unknown[] }
    const m = bybitWsAuthMessage({ apiKey: KEY, secret: SECRET }, 1662350400000, fixture.req_id)
    expect(Object.keys(m).sort()).to.deep.equal(Object.keys(fixture).sort())
    expect(m.op).to.equal(fixture.op)
    expect(m.args.map((a) => typeof a)).to.deep.equal(fixture.args.map((a) => typeof a))
    expect(m.args).to.deep.equal([KEY, 1662350400000, reference(SECRET, 'GET/realtime1662350400000')])
  })
})
