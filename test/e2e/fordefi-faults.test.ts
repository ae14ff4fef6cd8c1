import { expect } from 'chai'
import { filter, firstValueFrom, lastValueFrom, toArray } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import type { VenueError } from '../../lib/core/errors.js'
import type { CustodyTransaction } from '../../lib/venues/contract/custody.js'
import { signal } from './support.js'
import { ETH, fordefiRig, TO, USDC, VAULT, type FordefiRig } from '../venues/fordefi/rig.js'

/** The transaction to its final state, approving it when it waits. */
function approvedToTheEnd(rig: FordefiRig, id: string): Promise<CustodyTransaction[]> {
  return lastValueFrom(
    rig.custody.transaction$(id).pipe(
      filter((tx) => {
        if (tx.state === 'waiting-for-approval') rig.fordefi.approve(tx.id)
        return true
      }),
      toArray(),
    ),
  )
}

describe('e2e fordefi: faults', () => {
  let rig: FordefiRig
  beforeEach(async () => (rig = await fordefiRig()))
  afterEach(() => rig.close())

  it('a reverted transfer shows the fee spent, and the amount stays in the vault', async () => {
    rig.fordefi.faults.revertNext()
    const created = await firstValueFrom(
      rig.custody.transfer({ vaultId: VAULT, asset: USDC, to: TO, amount: new Decimal('100') }),
    )
    const seen = await approvedToTheEnd(rig, created.id)
    const last = seen.at(-1)!
    expect(last.state).to.equal('reverted')
    expect(last.status).to.equal('rejected')
    expect(last.venueState).to.be.oneOf(['mined_reverted', 'completed_reverted'])
    expect(last.fee?.toFixed()).to.equal('0.000021')
    expect(last.reason).to.match(/reverted/)
    expect(rig.fordefi.holding(VAULT, 'USDC').toFixed()).to.equal('250000')
    expect(rig.fordefi.holding(VAULT, 'ETH').toFixed()).to.equal('9.999979')
  })

  it('a create whose answer is lost is sent again with its idempotence id: exactly one transaction', async () => {
    const creates: number[] = []
    rig.fordefi.events$.subscribe((e) => {
      if (e.type === 'request' && e.method === 'POST' && e.path === '/api/v1/transactions')
        creates.push(e.status)
    })
    rig.fordefi.faults.loseNextResponse()
    const created = await firstValueFrom(
      rig.custody.transfer({
        vaultId: VAULT,
        asset: ETH,
        to: TO,
        amount: new Decimal('0.5'),
        idempotenceId: 'sweep-1',
      }),
    )
    expect(creates).to.deep.equal([0, 200], 'the first answer was lost, the resend answered')
    expect(rig.fordefi.transactionIds()).to.deep.equal([created.id])
    expect(created.idempotenceId).to.equal('sweep-1')
    // a retry by the caller with the same id is the same transaction too
    const again = await firstValueFrom(
      rig.custody.transfer({
        vaultId: VAULT,
        asset: ETH,
        to: TO,
        amount: new Decimal('0.5'),
        idempotenceId: 'sweep-1',
      }),
    )
    expect(again.id).to.equal(created.id)
    expect(rig.fordefi.transactionIds()).to.have.length(1)
  })

  it('every transfer gets an idempotence id of its own when the caller gives none', async () => {
    const request = { vaultId: VAULT, asset: ETH, to: TO, amount: new Decimal('0.1') }
    const a = await firstValueFrom(rig.custody.transfer(request))
    const b = await firstValueFrom(rig.custody.transfer(request))
    expect(a.id).to.not.equal(b.id)
    expect(a.idempotenceId).to.be.a('string').and.not.equal(b.idempotenceId)
  })

  it('a stuck transaction raises a custody-alert event, and the stream stays open on it', async () => {
    rig.fordefi.faults.stuckNext()
    const created = await firstValueFrom(
      rig.custody.transfer({ vaultId: VAULT, asset: ETH, to: TO, amount: new Decimal('1') }),
    )
    const stuck = firstValueFrom(
      rig.custody.transaction$(created.id).pipe(
        filter((tx) => {
          if (tx.state === 'waiting-for-approval') rig.fordefi.approve(tx.id)
          return tx.state === 'stuck'
        }),
      ),
    )
    const alert = await signal(rig.events, (e) => e.type === 'custody-alert', 'a custody alert')
    expect(alert).to.include({
      type: 'custody-alert',
      transactionId: created.id,
      reason: 'stuck',
      venueState: 'stuck',
    })
    expect((await stuck).status).to.equal('open')
  })

  it('an error while signing ends the transaction in error', async () => {
    rig.fordefi.faults.failSigningNext()
    const created = await firstValueFrom(
      rig.custody.transfer({ vaultId: VAULT, asset: ETH, to: TO, amount: new Decimal('1') }),
    )
    const seen = await approvedToTheEnd(rig, created.id)
    expect(seen[0]?.venueState).to.equal('waiting_for_approval')
    expect(seen.at(-1)?.venueState).to.equal('error_signing')
    expect(seen.at(-1)?.state).to.equal('error')
    expect(rig.fordefi.holding(VAULT, 'ETH').toFixed()).to.equal('10')
  })

  it('polls through 429 and 5xx answers to the final state', async () => {
    const created = await firstValueFrom(
      rig.custody.transfer({ vaultId: VAULT, asset: ETH, to: TO, amount: new Decimal('1') }),
    )
    rig.fordefi.faults.failNext(1, 429, { retryAfterSec: 0 })
    rig.fordefi.faults.failNext(2, 503)
    const seen = await approvedToTheEnd(rig, created.id)
    expect(seen.at(-1)?.state).to.equal('completed')
  })

  it('a create refused with 400 for want of funds fails with insufficient-funds and the venue words', async () => {
    const error = await firstValueFrom(
      rig.custody.transfer({ vaultId: VAULT, asset: ETH, to: TO, amount: new Decimal('11') }),
    ).catch((e: VenueError) => e)
    expect(error).to.include({ kind: 'insufficient-funds', venue: 'fordefi' })
    expect((error as VenueError).message).to.match(/Insufficient funds/)
    expect(rig.fordefi.transactionIds()).to.deep.equal([])
  })
})
