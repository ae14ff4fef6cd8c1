import { expect } from 'chai'
import { generateKeyPairSync } from 'node:crypto'
import { p256PrivateKey, unescapePem } from '../../lib/auth/p256-key.js'

class Refused extends Error {}
const refused = (why: string) => new Refused(why)

const reason = (pem: string): string => {
  try {
    p256PrivateKey(pem, refused)
  } catch (e) {
    expect(e).to.be.instanceOf(Refused)
    return (e as Error).message
  }
  throw new Error('expected the key to be refused')
}

describe('p256PrivateKey', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString()
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

  it('reads a P-256 key as SEC1 or PKCS#8, line breaks written as \\n included', () => {
    const escaped = sec1.trim().replace(/\n/g, '\\n')
    expect(unescapePem(escaped)).to.equal(sec1.trim())
    for (const pem of [sec1, pkcs8, escaped]) {
      const key = p256PrivateKey(pem, refused)
      expect(key.asymmetricKeyDetails?.namedCurve).to.equal('prime256v1')
      expect(key.export({ type: 'pkcs8', format: 'pem' }).toString()).to.equal(pkcs8)
    }
  })

  it("refuses what is not a P-256 private key with the caller's error, saying why and quoting nothing", () => {
    const other = (type: 'ed25519' | 'P-384') =>
      (type === 'ed25519'
        ? generateKeyPairSync('ed25519').privateKey
        : generateKeyPairSync('ec', { namedCurve: type }).privateKey
      )
        .export({ type: 'pkcs8', format: 'pem' })
        .toString()
    expect(
      reason('-----BEGIN EC PRIVATE KEY-----\nnot-key-material-0123456789\n-----END EC PRIVATE KEY-----'),
    ).to.equal('is not a private key in PEM')
    expect(reason('plain-hmac-secret')).to.equal('is not a private key in PEM')
    expect(reason(other('ed25519'))).to.equal('is a ed25519 key, not ECDSA P-256')
    expect(reason(other('P-384'))).to.equal('is a ec key, not ECDSA P-256')
  })
})
