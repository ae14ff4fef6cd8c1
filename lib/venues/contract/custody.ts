/**
 * The custody surface (Fordefi): vaults and approval-gated transfers.
 */
import type { Observable } from 'rxjs'
import type { Decimal } from '../../core/decimal.js'
import type { Timestamped, VenueId } from '../../core/model.js'

/**
 * A custody vault (wallet) that can send assets.
 *
 * @example
 * custody.vaults().subscribe((vaults: readonly CustodyVault[]) => vaults.map((v) => `${v.name} (${v.chain ?? '?'})`))
 */
export interface CustodyVault {
  readonly venue: VenueId
  readonly id: string
  readonly name: string
  /** The chain or network it lives on, as the custodian names it (`evm_ethereum_mainnet`). */
  readonly chain?: string | undefined
}

/**
 * A request to move assets out of a vault.
 *
 * @example
 * const request: CustodyTransferRequest = {
 *   vaultId, asset: 'ETH', to: '0x00000000219ab540356cBB839Cbe05303d7705Fa',
 *   amount: new Decimal('1000000000000000000'), // 1 ETH in wei
 *   idempotencyKey: 'payout-2024-06-01',
 * }
 */
export interface CustodyTransferRequest {
  readonly vaultId: string
  /** The asset as the custodian identifies it (a native coin or a token contract on a chain). */
  readonly asset: string
  /** Destination address. */
  readonly to: string
  /** Amount in the asset's smallest unit (wei, satoshi): custodians count integers. */
  readonly amount: Decimal
  readonly note?: string | undefined
  /** Makes a retried create idempotent where the custodian supports it. */
  readonly idempotencyKey?: string | undefined
}

/**
 * Where a transfer is in the approval and signing workflow. `completed`, `rejected`, `aborted` and
 * `failed` are terminal.
 *
 * @example
 * const done = (s: CustodyTransferStatus) => ['completed', 'rejected', 'aborted', 'failed'].includes(s)
 */
export type CustodyTransferStatus =
  'waiting-approval' | 'approved' | 'signed' | 'broadcast' | 'completed' | 'rejected' | 'aborted' | 'failed'

/**
 * A transfer out of a custody vault.
 *
 * @example
 * custody.transferUpdates$(id).subscribe((t: CustodyTransfer) => console.log(t.status, t.hash ?? ''))
 */
export interface CustodyTransfer extends Timestamped {
  readonly venue: VenueId
  readonly id: string
  readonly vaultId: string
  readonly asset: string
  readonly to: string
  readonly amount: Decimal
  readonly status: CustodyTransferStatus
  /** The custodian's own state name, for states the common set folds together. */
  readonly venueStatus: string
  /** Transaction hash once broadcast. */
  readonly hash?: string | undefined
  readonly reason?: string | undefined
}

/**
 * The custody surface (Fordefi): vaults and approval-gated transfers.
 *
 * @example
 * custody.createTransfer(request).pipe(mergeMap((t) => custody.transferUpdates$(t.id))).subscribe(console.log)
 */
export interface VenueCustody {
  /** The vaults this credential can see. */
  vaults(): Observable<readonly CustodyVault[]>
  /** Creates a transfer; emits it as created (usually `waiting-approval`). */
  createTransfer(request: CustodyTransferRequest): Observable<CustodyTransfer>
  /** One transfer now; `not-found` when the custodian does not know it. */
  getTransfer(id: string): Observable<CustodyTransfer>
  /** The transfer at each status change, completing once it reaches a terminal status. */
  transferUpdates$(id: string): Observable<CustodyTransfer>
  /** Present when `capabilities.custody.abort`. */
  abortTransfer?(id: string): Observable<CustodyTransfer>
}
