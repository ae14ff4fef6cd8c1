import { expect } from 'chai'
import { generateKeyPairSync } from 'node:crypto'
import { firstValueFrom, lastValueFrom, ReplaySubject, Subject, toArray, type Observable } from 'rxjs'
import { createClient, silentLogger } from '../../../index.js'
import { Decimal } from '../../../lib/core/decimal.js'
import type { VenueError } from '../../../lib/core/errors.js'
import type { CustodyTransaction } from '../../../lib/venues/contract/custody.js'
import { capabilityMismatches, hasCustody } from '../../../lib/venues/contract/index.js'
import { fordefiErrorBody } from '../../../lib/venues/fordefi/context.js'
import { FORDEFI_CAPABILITIES, FORDEFI_SPEC } from '../../../lib/venues/fordefi/spec.js'
import { specResponseError } from '../../../lib/venues/kit/error-response.js'
import { createFordefiVenue } from '../../../lib/venues/fordefi/driver.js'
import { toCustodyTransaction } from '../../../lib/venues/fordefi/mappers.js'
import { FordefiTransaction } from '../../../lib/venues/fordefi/codecs.js'

/** A transaction as Fordefi's JSON has it, decoded. */
function decoded(wire: unknown): FordefiTransaction {
  const r = FordefiTransaction.decode(wire)
  if (r._tag === 'Left') throw new Error('not a Fordefi transaction')
  return r.right
}
import type { FordefiWebhookDelivery } from '../../../lib/venues/fordefi/options.js'
import { signFordefiPayload } from '../../../lib/venues/fordefi/sign.js'
import { signal } from '../../e2e/support.js'
import { ETH, fordefiRig, TO, VAULT } from './rig.js'

const fordefiResponseError = (
  response: Parameters<typeof specResponseError>[2],
  info: Parameters<typeof specResponseError>[3],
) => specResponseError(FORDEFI_SPEC, fordefiErrorBody, response, info, 0)

describe('fordefi driver', () => {
  it('declares custody only, and its members match what it declares, with or without credentials', async () => {
    const bare = createFordefiVenue({ logger: silentLogger })
    expect(bare.custody).to.equal(undefined)
    expect(capabilityMismatches(bare)).to.deep.equal([])
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const secret = privateKey.export({ type: 'sec1', format: 'pem' }).toString()
    const keyed = createFordefiVenue({ apiKey: 'token', secret, logger: silentLogger })
    expect(keyed.capabilities).to.equal(FORDEFI_CAPABILITIES)
    expect(keyed.capabilities.custody).to.deep.equal({ approvals: true, abort: true, webhooks: true })
    expect(keyed.capabilities.trading).to.equal(undefined)
    expect(capabilityMismatches(keyed)).to.deep.equal([])
    expect(keyed.custody?.abort).to.be.a('function')
    await Promise.all([bare.close(), keyed.close()])
  })

  it('refuses every market-data call with a clear invalid-request', async () => {
    const venue = createFordefiVenue({ logger: silentLogger })
    const calls: readonly (readonly [string, Observable<unknown>])[] = [
      ['order book streams', venue.bookChanges$('ETH/USD')],
      ['trade streams', venue.trades$('ETH/USD')],
      ['ticker streams', venue.ticker$('ETH/USD')],
      ['live candles', venue.candles$('ETH/USD', '1m')],
      [
        'candle history',
        venue.candleHistory('ETH/USD', { interval: '1h', from: new Date(0), to: new Date(1) }),
      ],
      ['trade history', venue.tradeHistory('ETH/USD', { from: new Date(0), to: new Date(1) })],
    ]
    for (const [what, call] of calls) {
      const error = await firstValueFrom(call).catch((e: VenueError) => e)
      expect(error).to.include({ kind: 'invalid-request', venue: 'fordefi' })
      expect((error as VenueError).message).to.equal(`fordefi does not support ${what} (a custody venue)`)
    }
    await venue.close()
  })

  it('is registered: a client made from the simulator’s options has custody on fordefi', async () => {
    const rig = await fordefiRig()
    const client = createClient({ ...rig.sim.clientOptions(), logger: silentLogger })
    try {
      const venue = client.venue('fordefi')
      expect(hasCustody(venue)).to.equal(true)
      const vaults = await firstValueFrom(venue.custody!.vaults$())
      expect(vaults.map((v) => v.name)).to.deep.equal(['Treasury'])
    } finally {
      await client.close()
      await rig.close()
    }
  })

  it('maps the error statuses Fordefi’s own client tells apart', () => {
    const info = { method: 'GET' as const, path: '/api/v1/transactions/t', retryAfterMs: 2000 }
    const kinds = [400, 401, 403, 404, 429, 500, 503].map((status) => {
      const e = fordefiResponseError(
        { status, headers: {}, body: '{"title":"T","detail":"what went wrong"}' },
        info,
      )
      return `${status} ${e?.kind} ${e?.retryable}`
    })
    expect(kinds).to.deep.equal([
      '400 invalid-request false',
      '401 auth false',
      '403 auth false',
      '404 not-found false',
      '429 rate-limit true',
      '500 temporary true',
      '503 temporary true',
    ])
    const e = fordefiResponseError({ status: 429, headers: {}, body: '<html>busy</html>' }, info)
    expect(e?.retryAfterMs).to.equal(2000)
    expect(
      fordefiResponseError({ status: 404, headers: {}, body: '{"detail":"Transaction not found"}' }, info)
        ?.message,
    ).to.include('Transaction not found')
    expect(fordefiResponseError({ status: 200, headers: {}, body: '{}' }, info)).to.equal(undefined)
  })

  it('maps every Fordefi state as the venue notes’ table does; an unknown one is pending', () => {
    const table: Record<string, string> = {
      waiting_for_approval: 'waiting-for-approval pending',
      waiting_for_signing_trigger: 'waiting-for-approval pending',
      approved: 'approved pending',
      signed: 'signed pending',
      queued: 'signed pending',
      pushed_to_blockchain: 'pushed open',
      accelerating: 'pushed open',
      accelerated: 'pushed open',
      canceling: 'pushed open',
      mined: 'mined open',
      completed: 'completed filled',
      aborted: 'aborted canceled',
      cancelled: 'cancelled canceled',
      dropped: 'cancelled canceled',
      error_signing: 'error rejected',
      error_pushing_to_blockchain: 'error rejected',
      insufficient_funds: 'error rejected',
      failed: 'error rejected',
      mined_reverted: 'reverted rejected',
      completed_reverted: 'reverted rejected',
      stuck: 'stuck open',
      pending_signature: 'pending pending',
    }
    for (const [state, want] of Object.entries(table)) {
      const tx = toCustodyTransaction(decoded({ id: 't', state, created_at: '2024-06-01T00:00:00Z' }))
      expect(`${tx.state} ${tx.status}`, state).to.equal(want)
      expect(tx.venueState).to.equal(state)
    }
  })

  it('feeds verified webhook deliveries into transaction$, and drops a forged one with a warning', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const deliveries$ = new Subject<FordefiWebhookDelivery>()
    const rig = await fordefiRig(
      {},
      {
        // polling so slow that only the pushes can move the stream within the test
        poll: { initialMs: 60_000, maxMs: 60_000 },
        webhooks: { deliveries$, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      },
    )
    try {
      const created = await firstValueFrom(
        rig.custody.transfer({ vaultId: VAULT, asset: ETH, to: TO, amount: new Decimal('1') }),
      )
      const seen = new ReplaySubject<CustodyTransaction>()
      rig.custody.transaction$(created.id).subscribe(seen)
      const states = lastValueFrom(seen.pipe(toArray()))
      const deliver = (state: string, key = privateKey) => {
        const body = JSON.stringify({
          event_type: 'transaction_state_update',
          event: { ...rig.fordefi.transaction(created.id), state },
        })
        deliveries$.next({ body, signature: signFordefiPayload(key, body) })
      }
      await signal(seen, (tx) => tx.state === 'waiting-for-approval', 'the first poll')
      deliver('completed', generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey)
      const warning = await signal(rig.events, (e) => e.type === 'custody-warning', 'a warning')
      expect(warning)
        .to.have.property('message')
        .that.match(/signature/)
      deliver('approved')
      deliver('approved')
      deliver('completed')
      expect((await states).map((tx) => tx.venueState)).to.deep.equal([
        'waiting_for_approval',
        'approved',
        'completed',
      ])
    } finally {
      await rig.close()
    }
  })
})

describe('fordefi create body', () => {
  it('writes an ERC-20 transfer as Fordefi’s published sample does, key for key', async () => {
    const { readFileSync } = await import('node:fs')
    const { fordefiTransferBody } = await import('../../../lib/venues/fordefi/custody.js')
    const sample = JSON.parse(
      readFileSync(
        new URL(
          '../../fixtures/fordefi/rest-create-transaction-evm-erc20-transfer.request.json',
          import.meta.url,
        ),
        'utf8',
      ),
    ) as Record<string, unknown>
    const body = fordefiTransferBody({
      vaultId: '330a2616-f0b3-469d-964c-213e4ecc635e',
      asset: {
        chain: 'evm_base_mainnet',
        token: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
        symbol: 'USDC',
        decimals: 6,
      },
      to: '0x8BFCF9e2764BC84DE4BBd0a0f5AAF19F47027A73',
      amount: new Decimal('0.1'),
      baseUnits: new Decimal('100000'),
      note: 'Transferring USDC',
      idempotenceId: 'id-1',
    })
    expect(body).to.deep.equal(sample)
  })

  it('refuses an asset on a chain that is not EVM before sending', async () => {
    const rig = await fordefiRig()
    try {
      const error = await firstValueFrom(
        rig.custody.transfer({
          vaultId: VAULT,
          asset: { chain: 'solana_mainnet', symbol: 'SOL', decimals: 9 },
          to: TO,
          amount: new Decimal('1'),
        }),
      ).catch((e: VenueError) => e)
      expect(error).to.include({ kind: 'invalid-request', venue: 'fordefi' })
      expect((error as VenueError).message).to.match(/EVM only/)
      expect(rig.fordefi.transactionIds()).to.deep.equal([])
    } finally {
      await rig.close()
    }
  })
})
