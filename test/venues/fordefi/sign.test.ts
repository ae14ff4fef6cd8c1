import { expect } from 'chai'
import { generateKeyPairSync, verify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { filter, firstValueFrom, toArray } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { verifyFordefiWebhook } from '../../../index.js'
import {
  fordefiPayload,
  fordefiPrivateKey,
  fordefiSigner,
  signFordefiPayload,
} from '../../../lib/venues/fordefi/sign.js'
import { ETH, fordefiRig, TO, VAULT, type FordefiRig } from './rig.js'

const vector = JSON.parse(
  readFileSync(new URL('../../fixtures/fordefi/signing-vector.json', import.meta.url), 'utf8'),
) as {
  inputs: { path: string; timestamp: string; body: string }
  expected: { string_to_sign: string }
}

function keyPair() {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
}

describe('fordefi signing', () => {
  it('builds the string to sign as the official example: path|timestamp|body', () => {
    const { path, timestamp, body } = vector.inputs
    expect(fordefiPayload(path, timestamp, body)).to.equal(vector.expected.string_to_sign)
  })

  it('signs with ECDSA P-256 / SHA-256, DER, base64', () => {
    const { privateKey, publicKey } = keyPair()
    const payload = vector.expected.string_to_sign
    const signature = signFordefiPayload(privateKey, payload)
    expect(
      verify(
        'sha256',
        Buffer.from(payload),
        { key: publicKey, dsaEncoding: 'der' },
        Buffer.from(signature, 'base64'),
      ),
    ).to.equal(true)
    // DER: a SEQUENCE of two INTEGERs
    expect(Buffer.from(signature, 'base64')[0]).to.equal(0x30)
  })

  it('adds the Bearer token to every request, and timestamp and signature to a create only', () => {
    const { privateKey, publicKey } = keyPair()
    const pem = privateKey.export({ type: 'sec1', format: 'pem' }).toString()
    const sign = fordefiSigner({ apiKey: 'token-1', secret: pem })
    const get = sign(
      { method: 'GET', url: 'https://api.fordefi.com/api/v1/transactions/t-1', headers: {} },
      1714485238000,
    )
    expect(get.headers).to.deep.equal({ authorization: 'Bearer token-1' })
    const body = '{"vault_id":"v"}'
    const post = sign(
      { method: 'POST', url: 'https://api.fordefi.com/api/v1/transactions', headers: {}, body },
      1714485238000.7,
    )
    expect(post.headers.authorization).to.equal('Bearer token-1')
    expect(post.headers['x-timestamp']).to.equal('1714485238000')
    const payload = `/api/v1/transactions|1714485238000|${body}`
    const signature = Buffer.from(post.headers['x-signature'] ?? '', 'base64')
    expect(
      verify('sha256', Buffer.from(payload), { key: publicKey, dsaEncoding: 'der' }, signature),
    ).to.equal(true)
    const abort = sign(
      { method: 'POST', url: 'https://api.fordefi.com/api/v1/transactions/t-1/abort', headers: {} },
      1,
    )
    expect(abort.headers['x-signature']).to.equal(undefined)
  })

  it('refuses a key that is not a P-256 private key with auth, never quoting it', () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    for (const pem of ['not a key', ed]) {
      let error: unknown
      try {
        fordefiPrivateKey(pem)
      } catch (e) {
        error = e
      }
      expect(error).to.be.instanceOf(VenueError).with.property('kind', 'auth')
      expect((error as VenueError).message).to.not.include(pem.slice(0, 20))
    }
  })
})

describe('verifyFordefiWebhook', () => {
  const { privateKey, publicKey } = keyPair()
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const body = '{"event_type":"transaction_state_update","event":{"id":"t-1","state":"completed"}}'
  const signature = signFordefiPayload(privateKey, body)

  it('accepts Fordefi’s signature of the body (PEM or key object, text or bytes)', () => {
    expect(verifyFordefiWebhook(body, signature, pem)).to.equal(true)
    expect(verifyFordefiWebhook(Buffer.from(body), signature, publicKey)).to.equal(true)
    expect(verifyFordefiWebhook(body, signature, pem.replace(/\n/g, '\\n'))).to.equal(true)
  })

  it('refuses a changed body, another key, or a signature that is not one', () => {
    expect(verifyFordefiWebhook(body.replace('completed', 'aborted'), signature, pem)).to.equal(false)
    const other = keyPair().publicKey.export({ type: 'spki', format: 'pem' }).toString()
    expect(verifyFordefiWebhook(body, signature, other)).to.equal(false)
    expect(verifyFordefiWebhook(body, 'not base64 at all', pem)).to.equal(false)
    expect(verifyFordefiWebhook(body, signature, 'not a key')).to.equal(false)
  })
})

describe('fordefi simulator: request signatures', () => {
  let rig: FordefiRig
  before(async () => (rig = await fordefiRig()))
  after(() => rig.close())

  const body = JSON.stringify({
    vault_id: VAULT,
    signer_type: 'api_signer',
    type: 'evm_transaction',
    details: {
      type: 'evm_transfer',
      gas: { type: 'priority', priority_level: 'medium' },
      to: TO,
      value: { type: 'value', value: '1' },
      asset_identifier: { type: 'evm', details: { type: 'native', chain: ETH.chain } },
    },
  })

  /** Posts a create signed over the real path, timestamp and body, then sent with `tamper`'s changes. */
  async function post(
    tamper: { path?: string; timestamp?: (signed: string) => string; body?: string } = {},
  ): Promise<number> {
    const { restUrl, apiKey, secret } = rig.sim.clientOptions().venues.fordefi!
    const timestamp = String(Date.now())
    const signature = signFordefiPayload(
      fordefiPrivateKey(secret),
      fordefiPayload(tamper.path ?? '/api/v1/transactions', timestamp, body),
    )
    const response = await fetch(`${restUrl}/api/v1/transactions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'x-timestamp': tamper.timestamp?.(timestamp) ?? timestamp,
        'x-signature': signature,
      },
      body: tamper.body ?? body,
    })
    await response.text()
    return response.status
  }

  it('takes a create signed over the path, timestamp and body it carries', async () => {
    expect(await post()).to.equal(200)
  })

  it('answers 401 to a tampered body, timestamp or path, and creates nothing', async () => {
    const before = rig.fordefi.transactionIds().length
    const refused = firstValueFrom(
      rig.fordefi.events$.pipe(
        filter((e) => e.type === 'signature-refused'),
        toArray(),
      ),
    )
    expect(await post({ body: body.replace('"1"', '"2"') })).to.equal(401)
    expect(await post({ timestamp: (signed) => String(Number(signed) + 1) })).to.equal(401)
    expect(await post({ path: '/api/v1/transactions/' })).to.equal(401)
    expect(rig.fordefi.transactionIds()).to.have.length(before)
    await rig.sim.close()
    expect(await refused).to.have.length(3)
  })

  it('the driver’s every create passes the check', async () => {
    const rig2 = await fordefiRig()
    try {
      const refused: string[] = []
      rig2.fordefi.events$.subscribe((e) => e.type === 'signature-refused' && refused.push(e.path))
      for (const amount of ['0.1', '0.2', '0.3']) {
        await firstValueFrom(
          rig2.custody.transfer({ vaultId: VAULT, asset: ETH, to: TO, amount: new Decimal(amount) }),
        )
      }
      expect(rig2.fordefi.transactionIds()).to.have.length(3)
      expect(refused).to.deep.equal([])
    } finally {
      await rig2.close()
    }
  })

  it('answers 401 without the Bearer token, on reads too', async () => {
    const rig2 = await fordefiRig()
    try {
      const { restUrl } = rig2.sim.clientOptions().venues.fordefi!
      for (const authorization of ['', 'Bearer wrong']) {
        const r = await fetch(`${restUrl}/api/v1/vaults`, { headers: authorization ? { authorization } : {} })
        expect(r.status).to.equal(401)
        expect(await r.json()).to.have.property('detail')
      }
    } finally {
      await rig2.close()
    }
  })
})
