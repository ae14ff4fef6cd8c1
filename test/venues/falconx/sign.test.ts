/**
 * FalconX signing from the documented formula (falconx-python `FXRfqAuth`): base64 HMAC-SHA256 keyed
 * by the base64-decoded secret over `timestamp + METHOD + path with query + body`. The expected
 * values were computed apart from this code, with Python's `hmac`, from the same fixed inputs.
 */
import { expect } from 'chai'
import { VenueError } from '../../../lib/core/errors.js'
import type { HttpRequest } from '../../../lib/transport/http.js'
import {
  falconxKey,
  falconxSignature,
  falconxSigner,
  falconxTimestamp,
} from '../../../lib/venues/falconx/sign.js'

const SECRET = 'ZmFsY29ueCB0ZXN0IHNlY3JldCAwMTIzNDU2Nzg5' // base64 of 'falconx test secret 0123456789'
const TIMESTAMP = '1561578735.123'
const BODY =
  '{"token_pair":{"base_token":"BTC","quote_token":"USD"},"quantity":{"token":"BTC","value":"5"},"side":"two_way","client_order_id":null}'
const QUERY_PATH =
  '/v1/quotes?t_start=2019-07-02T22:06:24.342342%2B00:00&t_end=2019-07-03T22:06:24.234213%2B00:00&platform=api'

describe('falconx signing', () => {
  it('signs timestamp + METHOD + path + body with the decoded secret', () => {
    expect(falconxSignature(falconxKey(SECRET), TIMESTAMP, 'POST', '/v1/quotes', BODY)).to.equal(
      'g7nknZaRjm1K9cpD6WZfyemIW3DfOeliIFibhdZ8wAY=',
    )
  })

  it('covers the query string, and an empty body', () => {
    expect(falconxSignature(falconxKey(SECRET), TIMESTAMP, 'GET', QUERY_PATH, '')).to.equal(
      'Q/PN49/7KIJhs1zt0b7cglpV5og1xcLe7Mxi3ihXQis=',
    )
  })

  it('is not the signature of the secret used undecoded', () => {
    const undecoded = new TextEncoder().encode(SECRET)
    expect(falconxSignature(undecoded, TIMESTAMP, 'POST', '/v1/quotes', BODY)).to.equal(
      'FqiY2k5Z9ReJQEbAn9LCvJNKXm02cUHo+SuPYrHTeG8=',
    )
    expect(falconxSignature(falconxKey(SECRET), TIMESTAMP, 'POST', '/v1/quotes', BODY)).not.to.equal(
      'FqiY2k5Z9ReJQEbAn9LCvJNKXm02cUHo+SuPYrHTeG8=',
    )
  })

  it('refuses a secret that is not base64 with auth', () => {
    expect(() => falconxKey('not base64!'))
      .to.throw(VenueError)
      .with.property('kind', 'auth')
  })

  it('puts the FX-ACCESS headers on a request, signing its path with the query and the timestamp it sends', () => {
    const sign = falconxSigner({ apiKey: 'key-1', secret: SECRET, passphrase: 'pass-1' })
    const request: HttpRequest = {
      method: 'GET',
      url: `https://api.falconx.io${QUERY_PATH}`,
      headers: {},
    }
    const signed = sign(request, 1561578735123)
    expect(signed.headers).to.deep.equal({
      'fx-access-key': 'key-1',
      'fx-access-sign': 'Q/PN49/7KIJhs1zt0b7cglpV5og1xcLe7Mxi3ihXQis=',
      'fx-access-timestamp': TIMESTAMP,
      'fx-access-passphrase': 'pass-1',
      'content-type': 'application/json',
    })
    expect(falconxTimestamp(1561578735000)).to.equal('1561578735.000')
  })
})
