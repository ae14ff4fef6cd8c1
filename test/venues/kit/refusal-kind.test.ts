import { expect } from 'chai'
import { refusalKind } from '../../../lib/venues/kit/refusal-kind.js'

describe('kit: the kind of a subscription refusal', () => {
  it('a refusal of the credentials is auth, which subscribing again does not cure', () => {
    for (const reason of [
      'authentication failure', // Coinbase's user channel
      'unknown api_key_id', // Prime, a service account it does not know
      'invalid signature',
      'wrong passphrase',
      'Unauthorized',
    ]) {
      expect(refusalKind(reason), reason).to.equal('auth')
    }
  })

  it('any other refusal is invalid-request', () => {
    for (const reason of ['unknown product BTC-XYZ', 'too many subscriptions', '']) {
      expect(refusalKind(reason), reason).to.equal('invalid-request')
    }
  })
})
