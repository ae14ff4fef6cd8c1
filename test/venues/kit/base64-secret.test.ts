import { expect } from 'chai'
import { VenueError } from '../../../lib/core/errors.js'
import { base64Secret } from '../../../lib/venues/kit/base64-secret.js'

describe('kit: a secret issued in base64, as its bytes (base64Secret)', () => {
  it('decodes a padded and an unpadded-length secret to their bytes', () => {
    expect(Buffer.from(base64Secret('falconx', 'c2VjcmV0')).toString()).to.equal('secret')
    expect(Buffer.from(base64Secret('falconx', 'c2VjcmV0IQ==')).toString()).to.equal('secret!')
    expect(Buffer.from(base64Secret('falconx', 'YWJj+/8=')).toString('hex')).to.equal('616263fbff')
  })

  it('refuses an empty secret and one that is not base64 with auth, naming the venue, never the secret', () => {
    for (const secret of ['', 'not base64!', 'c2VjcmV0=', 'c2Vj\ncmV0', 'c2VjcmV0-_']) {
      let thrown: unknown
      try {
        base64Secret('falconx', secret)
      } catch (e) {
        thrown = e
      }
      expect(thrown, JSON.stringify(secret)).to.be.instanceOf(VenueError)
      const error = thrown as VenueError
      expect([error.kind, error.venue, error.message]).to.deep.equal([
        'auth',
        'falconx',
        'falconx secret is not base64',
      ])
    }
  })
})
