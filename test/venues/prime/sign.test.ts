/**
 * Prime's signatures from the documented formulas with fixed inputs
 * (https://docs.cdp.coinbase.com/prime/rest-api/authentication): base64 HMAC-SHA256 keyed by the
 * secret's UTF-8 bytes over `timestamp + METHOD + path + body`, the path without its query, the
 * timestamp in whole seconds; a subscription over `channel + access_key + api_key_id + timestamp +
 * portfolio_id + product_ids`.
 */
import { createHmac } from 'node:crypto'
import { expect } from 'chai'
import { primeRestSignature, primeSubscription, signPrimeRequest } from '../../../lib/venues/prime/sign.js'

// a secret that is also valid base64: keying by its decoded bytes would give another signature
const SECRET = 'c2VjcmV0LWtleQ=='
const KEY = { apiKey: 'access-1', secret: SECRET, passphrase: 'pass-1', serviceAccountId: 'svc-1' }

describe('prime signing', () => {
  it('signs timestamp + METHOD + path + body with the secret as its text, base64', () => {
    const expected = createHmac('sha256', Buffer.from(SECRET, 'utf8'))
      .update('1700000000POST/v1/portfolios/p-1/order{"a":1}')
      .digest('base64')
    expect(primeRestSignature(SECRET, '1700000000', 'post', '/v1/portfolios/p-1/order', '{"a":1}')).to.equal(
      expected,
    )
    const decodedKey = createHmac('sha256', Buffer.from(SECRET, 'base64'))
      .update('1700000000POST/v1/portfolios/p-1/order{"a":1}')
      .digest('base64')
    expect(expected).to.not.equal(decodedKey)
  })

  it('signs a request with the four headers: whole seconds, the path without its query', () => {
    const signed = signPrimeRequest(
      KEY,
      {
        method: 'GET',
        url: 'https://api.prime.coinbase.com/v1/portfolios/p-1/wallets?type=VAULT&symbols=ETH',
        headers: {},
      },
      1_700_000_000_999,
    )
    expect(signed.headers).to.include({
      'x-cb-access-key': 'access-1',
      'x-cb-access-passphrase': 'pass-1',
      'x-cb-access-timestamp': '1700000000',
    })
    const expected = createHmac('sha256', SECRET)
      .update('1700000000GET/v1/portfolios/p-1/wallets')
      .digest('base64')
    expect(signed.headers['x-cb-access-signature']).to.equal(expected)
  })

  it('signs a subscription: channel, key, service account, timestamp, portfolio and products joined bare', () => {
    const m = primeSubscription(KEY, 'subscribe', 'orders', ['BTC-USD', 'ETH-USD'], 'p-1', 1_700_000_000_500)
    const expected = createHmac('sha256', SECRET)
      .update('ordersaccess-1svc-11700000000p-1BTC-USDETH-USD')
      .digest('base64')
    expect(m).to.deep.equal({
      type: 'subscribe',
      channel: 'orders',
      access_key: 'access-1',
      api_key_id: 'svc-1',
      timestamp: '1700000000',
      passphrase: 'pass-1',
      signature: expected,
      portfolio_id: 'p-1',
      product_ids: ['BTC-USD', 'ETH-USD'],
    })
    const book = primeSubscription(KEY, 'subscribe', 'l2_data', ['BTC-USD'], '', 1_700_000_000_000)
    expect(book['venue_filtering']).to.equal(false)
    expect(book['signature']).to.equal(
      createHmac('sha256', SECRET).update('l2_dataaccess-1svc-11700000000BTC-USD').digest('base64'),
    )
  })
})
