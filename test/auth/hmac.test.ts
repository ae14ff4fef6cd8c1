import { createHmac } from 'node:crypto'
import { expect } from 'chai'
import fc from 'fast-check'
import { hmacSha256Base64, hmacSha256Hex } from '../../lib/auth/hmac.js'

describe('hmac', () => {
  it('matches RFC 4231 test case 2 (hex)', () => {
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).to.equal(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })

  it('takes a key as text (its UTF-8 bytes) or as bytes (base64)', () => {
    const expected = 'W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM='
    expect(hmacSha256Base64('Jefe', 'what do ya want for nothing?')).to.equal(expected)
    expect(hmacSha256Base64(new TextEncoder().encode('Jefe'), 'what do ya want for nothing?')).to.equal(
      expected,
    )
  })

  it('agrees with node:crypto for any key and text, non-ASCII included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.uint8Array(),
        (key, text, bytes) => {
          expect(hmacSha256Hex(key, text)).to.equal(
            createHmac('sha256', key).update(text, 'utf8').digest('hex'),
          )
          expect(hmacSha256Base64(bytes, text)).to.equal(
            createHmac('sha256', bytes).update(text, 'utf8').digest('base64'),
          )
        },
      ),
      { seed: 13, numRuns: 100 },
    )
  })
})
