import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { FordefiSimulator } from '../../lib/testing/fordefi/index.js'
import { fordefiPayload, fordefiPrivateKey, signFordefiPayload } from '../../lib/venues/fordefi/sign.js'

const FIXTURE = readFileSync(
  new URL('../fixtures/fordefi/rest-create-transaction-evm-erc20-transfer.request.json', import.meta.url),
  'utf8',
)

describe('fordefi simulator', () => {
  let sim: Simulator
  beforeEach(
    async () =>
      (sim = await startSimulator({
        venues: ['fordefi'],
        fordefi: {
          vaults: [
            {
              id: '330a2616-f0b3-469d-964c-213e4ecc635e',
              name: 'Base',
              address: '0x8BFCF9e2764BC84DE4BBd0a0f5AAF19F47027A73',
              assets: [
                {
                  chain: 'evm_base_mainnet',
                  token: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
                  symbol: 'USDC',
                  decimals: 6,
                  balance: '1',
                },
              ],
            },
          ],
        },
      })),
  )
  afterEach(() => sim.close())

  async function create(body: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const { restUrl, apiKey, secret } = sim.clientOptions().venues.fordefi!
    // signed with the venue's time: the simulator refuses a timestamp far from its clock
    const timestamp = String(sim.venue('fordefi').now())
    const signature = signFordefiPayload(
      fordefiPrivateKey(secret),
      fordefiPayload('/api/v1/transactions', timestamp, body),
    )
    const r = await fetch(`${restUrl}/api/v1/transactions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'x-timestamp': timestamp, 'x-signature': signature },
      body,
    })
    return { status: r.status, json: (await r.json()) as Record<string, unknown> }
  }

  it('takes Fordefi’s published create request as it is, and answers the transaction waiting for approval', async () => {
    const { status, json } = await create(FIXTURE)
    expect(status).to.equal(200)
    expect(json).to.include({
      state: 'waiting_for_approval',
      vault_id: '330a2616-f0b3-469d-964c-213e4ecc635e',
    })
    const sent = JSON.parse(FIXTURE) as { details: { to: string; value: unknown; asset_identifier: unknown } }
    expect(json.details).to.deep.include({
      to: sent.details.to,
      value: sent.details.value,
      asset_identifier: sent.details.asset_identifier,
    })
  })

  it('moves an approved transaction on with its clock, and refuses approving twice', async () => {
    const fordefi = sim.venue('fordefi')
    fordefi.setClock(Date.UTC(2024, 0, 1))
    const { json } = await create(FIXTURE)
    const id = String(json.id)
    fordefi.approve(id)
    expect(() => fordefi.approve(id)).to.throw(/not waiting for approval/)
    fordefi.advanceClock(200)
    expect(fordefi.transaction(id).state).to.equal('signed')
    fordefi.advanceClock(10_000)
    expect(fordefi.transaction(id).state).to.equal('completed')
    const changes = (
      fordefi.transaction(id).state_changes as { new_state: string; changed_at: string }[]
    ).map((c) => `${c.new_state} ${c.changed_at}`)
    expect(changes).to.deep.equal([
      'waiting_for_approval 2024-01-01T00:00:00.000Z',
      'approved 2024-01-01T00:00:00.000Z',
      'signed 2024-01-01T00:00:00.200Z',
      'pushed_to_blockchain 2024-01-01T00:00:00.400Z',
      'mined 2024-01-01T00:00:00.600Z',
      'completed 2024-01-01T00:00:00.800Z',
    ])
    expect(fordefi.holding('330a2616-f0b3-469d-964c-213e4ecc635e', 'USDC').toFixed()).to.equal('0.9')
  })

  it('refuses a create whose timestamp is far from its clock with 401', async () => {
    sim.venue('fordefi').setClock(Date.now() + 3_600_000)
    const body = FIXTURE
    const { restUrl, apiKey, secret } = sim.clientOptions().venues.fordefi!
    const timestamp = String(Date.now())
    const signature = signFordefiPayload(
      fordefiPrivateKey(secret),
      fordefiPayload('/api/v1/transactions', timestamp, body),
    )
    const r = await fetch(`${restUrl}/api/v1/transactions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'x-timestamp': timestamp, 'x-signature': signature },
      body,
    })
    expect(r.status).to.equal(401)
    expect(await r.json()).to.include({ detail: 'Request timestamp out of range' })
    expect(sim.venue('fordefi').transactionIds()).to.deep.equal([])
  })

  it('refuses bad options with invalid-request', async () => {
    for (const options of [
      { autoApproveMs: -1 },
      { timings: { signMs: -5 } },
      { secret: 'not a key' },
      { feeWei: '1.5' },
    ]) {
      let error: unknown
      try {
        await FordefiSimulator.start(options)
      } catch (e) {
        error = e
      }
      expect(error, JSON.stringify(options)).to.have.property('kind', 'invalid-request')
    }
  })
})
