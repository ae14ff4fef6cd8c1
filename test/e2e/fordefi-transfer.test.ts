import { expect } from 'chai'
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import type { CustodyTransaction } from '../../lib/venues/contract/custody.js'
import { ETH, fordefiRig, TO, USDC, VAULT, type FordefiRig } from '../venues/fordefi/rig.js'

describe('e2e fordefi: transfers through the approval workflow', () => {
  let rig: FordefiRig
  beforeEach(async () => (rig = await fordefiRig()))
  afterEach(() => rig.close())

  it('a transfer waits for approval, then goes signed, pushed, mined and completed; the amount and fee leave the vault', async () => {
    const { custody, fordefi } = rig
    const created = await firstValueFrom(
      custody.transfer({
        vaultId: VAULT,
        asset: USDC,
        to: TO,
        amount: new Decimal('1250.5'),
        note: 'payout',
      }),
    )
    expect(created.state).to.equal('waiting-for-approval')
    expect(created.baseUnits?.toFixed()).to.equal('1250500000')
    const states: string[] = []
    const watched = lastValueFrom(
      custody.transaction$(created.id).pipe(
        filter((tx: CustodyTransaction) => {
          states.push(tx.venueState)
          if (tx.state === 'waiting-for-approval') fordefi.approve(tx.id)
          return true
        }),
        toArray(),
      ),
    )
    const seen = await watched
    const last = seen.at(-1)!
    expect(last.state).to.equal('completed')
    expect(last.status).to.equal('filled')
    expect(new Set(states).size).to.equal(states.length, `each state once: ${states.join(', ')}`)
    expect(states[0]).to.equal('waiting_for_approval')
    expect(states.at(-1)).to.equal('completed')
    expect(last.stateChanges.map((c) => c.state)).to.deep.equal([
      'waiting-for-approval',
      'approved',
      'signed',
      'pushed',
      'mined',
      'completed',
    ])
    expect(last.approvalRequestedAt?.getTime()).to.equal(created.createdAt.getTime())
    expect(last.fee?.toFixed()).to.equal('0.000021')
    expect(fordefi.holding(VAULT, 'USDC').toFixed()).to.equal('248749.5')
    expect(fordefi.holding(VAULT, 'ETH').toFixed()).to.equal('9.999979')
  })

  it('lists vaults and their balances exactly', async () => {
    const vaults = await firstValueFrom(rig.custody.vaults$())
    expect(vaults.map((v) => v.id)).to.deep.equal([VAULT])
    const balances = await firstValueFrom(rig.custody.balances(VAULT))
    expect(
      balances.map((b) => `${b.asset.symbol} ${b.amount.toFixed()} ${b.baseUnits.toFixed()}`),
    ).to.deep.equal(['ETH 10 10000000000000000000', 'USDC 250000 250000000000', 'WBTC 2 200000000'])
    expect(balances[0]?.asset).to.deep.equal(ETH)
  })

  it('a transfer the approvers reject ends aborted and moves nothing', async () => {
    const { custody, fordefi } = rig
    const created = await firstValueFrom(
      custody.transfer({ vaultId: VAULT, asset: ETH, to: TO, amount: new Decimal('1') }),
    )
    const seen = await lastValueFrom(
      custody.transaction$(created.id).pipe(
        filter((tx) => {
          if (tx.state === 'waiting-for-approval') fordefi.reject(tx.id)
          return true
        }),
        toArray(),
      ),
    )
    expect(seen.map((tx) => tx.state)).to.deep.equal(['waiting-for-approval', 'aborted'])
    expect(seen.at(-1)?.status).to.equal('canceled')
    expect(fordefi.holding(VAULT, 'ETH').toFixed()).to.equal('10')
  })

  it('aborts a transfer still waiting for approval', async () => {
    const { custody } = rig
    const created = await firstValueFrom(
      custody.transfer({ vaultId: VAULT, asset: ETH, to: TO, amount: new Decimal('1') }),
    )
    const aborted = await firstValueFrom(custody.abort!(created.id))
    expect(aborted.state).to.equal('aborted')
    const listed = await firstValueFrom(custody.transactions({ vaultIds: [VAULT] }))
    expect(listed.map((tx) => `${tx.id} ${tx.state}`)).to.deep.equal([`${created.id} aborted`])
  })
})
