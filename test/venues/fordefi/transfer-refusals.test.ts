/**
 * Fordefi transfers refused: more than the vault holds is `insufficient-funds` (not a plain
 * invalid-request), and a destination that is not an EVM address (or fails its EIP-55 checksum) is
 * refused before anything is sent, as the simulator refuses it too.
 */
import { expect } from 'chai'
import { firstValueFrom } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { FordefiSimEvent } from '../../../lib/testing/fordefi/index.js'
import { fordefiPayload, fordefiPrivateKey, signFordefiPayload } from '../../../lib/venues/fordefi/sign.js'
import { evmAddressProblem } from '../../../lib/venues/fordefi/evm-address.js'
import { record, type Recorder } from '../../e2e/support.js'
import { ETH, fordefiRig, TO, VAULT, type FordefiRig } from './rig.js'

describe('fordefi transfers refused', () => {
  let rig: FordefiRig
  let simEvents: Recorder<FordefiSimEvent>
  beforeEach(async () => {
    rig = await fordefiRig()
    simEvents = record(rig.fordefi.events$)
  })
  afterEach(async () => {
    simEvents.stop()
    await rig.close()
  })

  const posts = () => simEvents.seen.filter((e) => e.type === 'request' && e.method === 'POST')
  const failure = (to: string, amount = '1') =>
    firstValueFrom(
      rig.custody.transfer({ vaultId: VAULT, asset: ETH, to, amount: new Decimal(amount) }),
    ).then(
      () => expect.fail('expected a refusal'),
      (e: unknown) => {
        expect(e).to.be.instanceOf(VenueError)
        return e as VenueError
      },
    )

  it('a transfer of more than the vault holds fails with insufficient-funds, creating nothing', async () => {
    const error = await failure(TO, '11')
    expect([error.kind, error.venue]).to.deep.equal(['insufficient-funds', 'fordefi'])
    expect(error.message).to.match(/Insufficient funds/)
    expect(rig.fordefi.transactionIds()).to.deep.equal([])
  })

  it('a destination that is not an EVM address is refused before sending, naming the field', async () => {
    const bad = await failure('not-an-address')
    expect([bad.kind, bad.message]).to.deep.equal([
      'invalid-request',
      'fordefi transfer: to "not-an-address" is not an EVM address (0x and 40 hex digits)',
    ])
    // one letter's case changed: the EIP-55 checksum catches it
    const mistyped = await failure(TO.replace('cBB', 'cbB'))
    expect([mistyped.kind, mistyped.message]).to.deep.equal([
      'invalid-request',
      `fordefi transfer: to "${TO.replace('cBB', 'cbB')}" fails its EIP-55 checksum: check the address (a typo?)`,
    ])
    expect(await failure(`${TO}00`)).to.have.property('kind', 'invalid-request')
    expect(posts()).to.deep.equal([])
    // all lower case carries no checksum, and is taken
    const tx = await firstValueFrom(
      rig.custody.transfer({ vaultId: VAULT, asset: ETH, to: TO.toLowerCase(), amount: new Decimal('1') }),
    )
    expect(tx.state).to.equal('waiting-for-approval')
  })

  it('the simulator refuses a create whose destination is not an EVM address, as the venue would', async () => {
    const { restUrl, apiKey, secret } = rig.sim.clientOptions().venues.fordefi!
    const create = async (to: string) => {
      const body = JSON.stringify({
        vault_id: VAULT,
        signer_type: 'api_signer',
        type: 'evm_transaction',
        details: {
          type: 'evm_transfer',
          gas: { type: 'priority', priority_level: 'medium' },
          to,
          value: { type: 'value', value: '1' },
          asset_identifier: { type: 'evm', details: { type: 'native', chain: 'evm_ethereum_mainnet' } },
        },
      })
      const timestamp = String(rig.fordefi.now())
      const signature = signFordefiPayload(
        fordefiPrivateKey(secret),
        fordefiPayload('/api/v1/transactions', timestamp, body),
      )
      const r = await fetch(`${restUrl}/api/v1/transactions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'x-timestamp': timestamp, 'x-signature': signature },
        body,
      })
      return r.status
    }
    expect(await create('not-an-address')).to.equal(400)
    expect(await create(TO.replace('cBB', 'cbB'))).to.equal(400)
    expect(rig.fordefi.transactionIds()).to.deep.equal([])
    expect(await create(TO)).to.equal(200)
  })

  it('reads EIP-55 addresses as the EIP gives them', () => {
    for (const ok of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
      '0x52908400098527886e0f7030069857d2e4169ee7',
    ]) {
      expect(evmAddressProblem(ok), ok).to.equal(undefined)
    }
    expect(evmAddressProblem('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD')).to.match(/EIP-55/)
  })
})
