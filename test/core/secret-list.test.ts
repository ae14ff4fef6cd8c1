import { expect } from 'chai'
import { redactText } from '../../lib/core/redact.js'
import { REMEMBERED_SIGNATURES, SecretList } from '../../lib/core/secret-list.js'

describe('SecretList', () => {
  it('is the fixed secrets plus the signatures added, each also percent-encoded', () => {
    const secrets = new SecretList(['key-1234', undefined, '', 'secret-5678'])
    secrets.add('c8db56825ae71d6d')
    secrets.add('a+b/c==')
    expect([...secrets]).to.deep.equal([
      'key-1234',
      'secret-5678',
      'c8db56825ae71d6d',
      'a+b/c==',
      'a%2Bb%2Fc%3D%3D',
    ])
    expect(redactText('echo key-1234 c8db56825ae71d6d signature=a%2Bb%2Fc%3D%3D', secrets)).to.equal(
      'echo [redacted] [redacted] signature=[redacted]',
    )
  })

  it(`remembers the ${REMEMBERED_SIGNATURES} most recent signatures`, () => {
    const secrets = new SecretList(['key-1234'])
    for (let i = 0; i <= REMEMBERED_SIGNATURES; i++) secrets.add(`signature-${i}`)
    const values = [...secrets]
    expect(values).to.have.length(REMEMBERED_SIGNATURES + 1)
    expect(values).not.to.include('signature-0')
    expect(values.at(-1)).to.equal(`signature-${REMEMBERED_SIGNATURES}`)
  })

  it('never forgets a kept credential, however many signatures come after it', () => {
    const secrets = new SecretList(['key-1234'])
    secrets.keep('passphrase-9')
    secrets.keep('')
    for (let i = 0; i <= 3 * REMEMBERED_SIGNATURES; i++) secrets.add(`signature-${i}`)
    expect([...secrets].slice(0, 2)).to.deep.equal(['key-1234', 'passphrase-9'])
    expect(redactText('echo passphrase-9', secrets)).to.equal('echo [redacted]')
  })
})
