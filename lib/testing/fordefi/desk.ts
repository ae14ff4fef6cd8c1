/**
 * The simulated organisation: its vaults and what they hold (integer base units), and its
 * transactions moving through the approval workflow. Balances move when a transfer completes (amount
 * and fee) or reverts (fee only).
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { Decimal, toDecimal } from '../../core/decimal.js'
import type { SimClock } from '../kit/clock.js'
import { TransactionFlow, type FlowStage } from './flow.js'
import type { FordefiSimAsset, ResolvedFordefiOptions } from './options.js'
import { fordefiFailure, fordefiHash, fordefiId } from './wire.js'

/**
 * A fault the next created transaction runs into: it gets `stuck` after being pushed, fails
 * (`error_signing`) when the API Signer signs it, or is `mined_reverted` (the fee is spent, the amount
 * does not move).
 *
 * @example
 * const fault: FlowFault = 'revert'
 */
export type FlowFault = 'stuck' | 'sign-error' | 'revert'

interface Holding {
  readonly asset: FordefiSimAsset
  units: bigint
}

interface SimTransaction {
  readonly id: string
  readonly n: number
  readonly vaultId: string
  readonly holding: Holding
  readonly to: string
  readonly units: bigint
  readonly note: string | undefined
  readonly idempotenceId: string | undefined
  readonly createdAt: number
  readonly flow: TransactionFlow
  settled: boolean
}

const MINED = new Set(['mined', 'completed', 'mined_reverted', 'completed_reverted'])
const ABORTABLE = new Set(['waiting_for_approval', 'approved'])

/**
 * What the REST handlers and the test controls share.
 *
 * @example
 * const desk = new FordefiDesk(options, clock, () => faults.takeFlowFault())
 * desk.create(params, 'payout-1')
 */
export class FordefiDesk {
  private readonly holdings = new Map<string, Holding[]>()
  private readonly transactions = new Map<string, SimTransaction>()
  private readonly byIdempotence = new Map<string, SimTransaction>()
  private count = 0

  constructor(
    private readonly options: ResolvedFordefiOptions,
    private readonly clock: SimClock,
    /** The workflow fault of the transaction being created now, if one is queued. */
    private readonly nextFault: () => FlowFault | undefined,
  ) {
    for (const v of options.vaults) {
      const units = (a: FordefiSimAsset) =>
        BigInt(toDecimal(a.balance).times(new Decimal(10).pow(a.decimals)).toFixed(0))
      this.holdings.set(
        v.id,
        v.assets.map((asset) => ({ asset, units: units(asset) })),
      )
    }
  }

  /** `GET /api/v1/vaults`. */
  vaults(): unknown {
    return {
      vaults: this.options.vaults.map((v) => ({
        id: v.id,
        name: v.name,
        type: 'evm',
        address: v.address,
        state: 'active',
      })),
      total: this.options.vaults.length,
      page: 1,
      size: 100,
    }
  }

  /** `GET /api/v1/assets/owned-assets?vault_ids=…`. */
  ownedAssets(vaultIds: readonly string[]): unknown {
    this.settleAll()
    const owned = vaultIds.flatMap((id) =>
      (this.holdings.get(id) ?? []).map((h) => ({
        asset_info: {
          asset_identifier: assetIdentifier(h.asset),
          symbol: h.asset.symbol,
          decimals: h.asset.decimals,
        },
        balance: h.units.toString(),
      })),
    )
    return { owned_assets: owned, total: owned.length, page: 1, size: 100 }
  }

  /**
   * `POST /api/v1/transactions`: an EVM transfer, native or ERC-20. A second create with the same
   * idempotence id gives the transaction the first made.
   *
   * @throws VenueError 400 for a body that is not a transfer of an asset the vault holds, or more than it holds.
   */
  create(body: (name: string) => unknown, idempotenceId: string | undefined): unknown {
    const earlier = idempotenceId === undefined ? undefined : this.byIdempotence.get(idempotenceId)
    if (earlier !== undefined) return this.view(earlier)
    const vaultId = text(body('vault_id'), 'vault_id')
    if (body('signer_type') !== 'api_signer' || body('type') !== 'evm_transaction') {
      throw fordefiFailure(400, 'only evm_transaction requests signed by the api_signer are simulated')
    }
    const details = body('details') as Record<string, unknown> | undefined
    if (typeof details !== 'object' || details === null || details.type !== 'evm_transfer') {
      throw fordefiFailure(400, 'details.type must be evm_transfer')
    }
    const to = text(details.to, 'details.to')
    // as the venue would: a destination that is not an address (or fails its checksum) creates nothing
    if (!isEvmAddress(to)) throw fordefiFailure(400, `details.to: ${to} is not a valid EVM address`)
    const value = (details.value as Record<string, unknown> | undefined)?.value
    if (typeof value !== 'string' || !/^\d+$/.test(value) || BigInt(value) === 0n) {
      throw fordefiFailure(400, 'details.value.value must be a positive integer string of base units')
    }
    const holding = this.holding(vaultId, details.asset_identifier)
    const units = BigInt(value)
    this.settleAll()
    if (units > holding.units) throw fordefiFailure(400, 'Insufficient funds', 'insufficient_funds')
    const n = ++this.count
    const tx: SimTransaction = {
      id: fordefiId(this.options.seed, n),
      n,
      vaultId,
      holding,
      to,
      units,
      note: typeof body('note') === 'string' ? (body('note') as string) : undefined,
      idempotenceId,
      createdAt: this.clock.now(),
      flow: new TransactionFlow(this.clock.now(), this.stages(this.nextFault())),
      settled: false,
    }
    this.transactions.set(tx.id, tx)
    if (idempotenceId !== undefined) this.byIdempotence.set(idempotenceId, tx)
    return this.view(tx)
  }

  /** `GET /api/v1/transactions/{id}`. @throws VenueError 404 for an unknown id. */
  transaction(id: string): unknown {
    return this.view(this.find(id))
  }

  /** `GET /api/v1/transactions?vault_ids=…`: newest first. */
  list(vaultIds: readonly string[]): unknown {
    const all = [...this.transactions.values()]
      .filter((tx) => vaultIds.length === 0 || vaultIds.includes(tx.vaultId))
      .reverse()
    return { transactions: all.map((tx) => this.view(tx)), total: all.length, page: 1, size: 100 }
  }

  /** `POST /api/v1/transactions/{id}/abort`: only while waiting for approval or approved. */
  abort(id: string): unknown {
    const tx = this.find(id)
    const now = this.clock.now()
    if (!ABORTABLE.has(tx.flow.state(now))) {
      throw fordefiFailure(
        400,
        'Can only abort WAITING_FOR_APPROVAL or APPROVED transaction',
        'invalid_transaction_state',
      )
    }
    tx.flow.end('aborted', now)
    return {}
  }

  /** The approvers approve it now; false when it is not waiting for approval. */
  approve(id: string): boolean {
    return this.find(id).flow.approve(this.clock.now())
  }

  /** The approvers reject it now: it ends `aborted`; false when it is not waiting for approval. */
  reject(id: string): boolean {
    const tx = this.find(id)
    const now = this.clock.now()
    if (tx.flow.state(now) !== 'waiting_for_approval') return false
    tx.flow.end('aborted', now)
    return true
  }

  /** The state of a transaction now, or `undefined` for an unknown id. */
  stateOf(id: string): string | undefined {
    return this.transactions.get(id)?.flow.state(this.clock.now())
  }

  /** Every transaction id, oldest first. */
  ids(): string[] {
    return [...this.transactions.keys()]
  }

  /** What a vault holds of an asset now, in display units. @throws VenueError 404 for an unknown vault or asset. */
  balance(vaultId: string, symbol: string): Decimal {
    this.settleAll()
    const h = (this.holdings.get(vaultId) ?? []).find((x) => x.asset.symbol === symbol)
    if (h === undefined) throw fordefiFailure(404, `vault ${vaultId} holds no ${symbol}`)
    return new Decimal(h.units.toString()).div(new Decimal(10).pow(h.asset.decimals))
  }

  private stages(fault: FlowFault | undefined): FlowStage[] {
    const t = this.options.timings
    const approval: FlowStage = { state: 'approved', afterMs: this.options.autoApproveMs ?? 'held' }
    if (fault === 'sign-error') return [approval, { state: 'error_signing', afterMs: t.signMs }]
    const pushed: FlowStage[] = [
      approval,
      { state: 'signed', afterMs: t.signMs },
      { state: 'pushed_to_blockchain', afterMs: t.pushMs },
    ]
    if (fault === 'stuck') return [...pushed, { state: 'stuck', afterMs: t.mineMs }]
    if (fault === 'revert') {
      return [
        ...pushed,
        { state: 'mined_reverted', afterMs: t.mineMs },
        { state: 'completed_reverted', afterMs: t.completeMs },
      ]
    }
    return [...pushed, { state: 'mined', afterMs: t.mineMs }, { state: 'completed', afterMs: t.completeMs }]
  }

  private find(id: string): SimTransaction {
    const tx = this.transactions.get(id)
    if (tx === undefined) throw fordefiFailure(404, `Transaction ${id} not found`)
    return tx
  }

  private holding(vaultId: string, identifier: unknown): Holding {
    const holdings = this.holdings.get(vaultId)
    if (holdings === undefined) throw fordefiFailure(400, `vault ${vaultId} not found`)
    const wanted = JSON.stringify(identifier)
    const h = holdings.find((x) => JSON.stringify(assetIdentifier(x.asset)) === wanted)
    if (h === undefined) throw fordefiFailure(400, `vault ${vaultId} holds no asset ${wanted}`)
    return h
  }

  /** Moves the balances of every transaction mined since the last look: amount and fee, or the fee alone on a revert. */
  private settleAll(): void {
    const now = this.clock.now()
    for (const tx of this.transactions.values()) {
      if (tx.settled) continue
      const state = tx.flow.state(now)
      if (state !== 'completed' && state !== 'mined_reverted' && state !== 'completed_reverted') continue
      tx.settled = true
      if (state === 'completed') tx.holding.units -= tx.units
      const native = (this.holdings.get(tx.vaultId) ?? []).find((h) => h.asset.token === undefined)
      if (native !== undefined) native.units -= this.options.feeWei
    }
  }

  private view(tx: SimTransaction): unknown {
    const now = this.clock.now()
    const history = tx.flow.history(now)
    const state = history.at(-1)?.state ?? 'waiting_for_approval'
    const signed = history.some((h) => h.state === 'signed')
    const mined = MINED.has(state)
    const reverted = state.endsWith('_reverted')
    const hash = fordefiHash(this.options.seed, tx.n)
    return {
      id: tx.id,
      created_at: iso(tx.createdAt),
      modified_at: iso(history.at(-1)?.at ?? tx.createdAt),
      state,
      state_changes: history.map((h) => ({ new_state: h.state, changed_at: iso(h.at) })),
      vault_id: tx.vaultId,
      signer_type: 'api_signer',
      type: 'evm_transaction',
      ...(tx.note === undefined ? {} : { note: tx.note }),
      ...(tx.idempotenceId === undefined ? {} : { idempotence_id: tx.idempotenceId }),
      details: {
        type: 'evm_transfer',
        to: tx.to,
        value: { type: 'value', value: tx.units.toString() },
        asset_identifier: assetIdentifier(tx.holding.asset),
      },
      ...(signed ? { hash, explorer_url: `https://etherscan.io/tx/${hash}` } : {}),
      ...(mined
        ? {
            mined_result: {
              reversion: { state: reverted ? 'reverted' : 'not_reverted' },
              fee_paid: this.options.feeWei.toString(),
            },
          }
        : {}),
    }
  }
}

function assetIdentifier(asset: FordefiSimAsset): unknown {
  return asset.token === undefined
    ? { type: 'evm', details: { type: 'native', chain: asset.chain } }
    : { type: 'evm', details: { type: 'erc20', token: { chain: asset.chain, hex_repr: asset.token } } }
}

/** `0x` and 40 hex digits; in mixed case, matching the EIP-55 checksum. */
function isEvmAddress(address: string): boolean {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return false
  const digits = address.slice(2)
  const lower = digits.toLowerCase()
  if (digits === lower || digits === digits.toUpperCase()) return true
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)))
  return [...lower].every(
    (c, i) => digits[i] === (parseInt(hash[i] as string, 16) >= 8 ? c.toUpperCase() : c),
  )
}

function text(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw fordefiFailure(400, `${name} is required`)
  return v
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}
