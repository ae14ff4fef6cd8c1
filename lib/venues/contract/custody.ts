/**
 * The custody surface (Fordefi): vaults, their balances, transfers through the custodian's approval
 * workflow, and the wire a venue supplies for it.
 */
import type { Observable } from 'rxjs'
import type { Decimal } from '../../core/decimal.js'
import type { Timestamped, VenueId } from '../../core/model.js'

/**
 * A custody vault (wallet) that can send assets.
 *
 * @example
 * custody.vaults$().subscribe((vaults: readonly CustodyVault[]) => vaults.map((v) => `${v.name} (${v.address ?? '?'})`))
 */
export interface CustodyVault {
  readonly venue: VenueId
  readonly id: string
  readonly name: string
  /** The vault's kind as the custodian names it (`evm`, `solana`). */
  readonly type?: string | undefined
  /** Its on-chain address, where it has one. */
  readonly address?: string | undefined
}

/**
 * An asset a vault can hold: the chain, native coin or token, and the decimals its base units have.
 *
 * @example
 * const usdc: CustodyAsset = { chain: 'evm_base_mainnet', token: '0x8335…2913', symbol: 'USDC', decimals: 6 }
 */
export interface CustodyAsset {
  /** The chain as the custodian names it (`evm_ethereum_mainnet`). */
  readonly chain: string
  /** The token's contract address; absent for the chain's native coin. */
  readonly token?: string | undefined
  readonly symbol: string
  /** Base units per display unit, as a power of ten (ETH 18, USDC 6, BTC 8). */
  readonly decimals: number
}

/**
 * What one vault holds of one asset.
 *
 * @example
 * custody.balances(vaultId).subscribe((bs: readonly CustodyBalance[]) => bs.map((b) => `${b.amount} ${b.asset.symbol}`))
 */
export interface CustodyBalance {
  readonly venue: VenueId
  readonly vaultId: string
  readonly asset: CustodyAsset
  /** In display units (ETH, not wei), exact. */
  readonly amount: Decimal
  /** The integer base units the custodian reported. */
  readonly baseUnits: Decimal
}

/**
 * A request to move assets out of a vault. The amount is in display units; it is converted to the
 * asset's integer base units exactly, and an amount with more decimals than the asset has is refused
 * (`invalid-request`), never rounded.
 *
 * @example
 * const request: CustodyTransferRequest = {
 *   vaultId, asset: usdc, to: '0x00000000219ab540356cBB839Cbe05303d7705Fa',
 *   amount: new Decimal('1250.5'), // 1 250 500 000 base units of a 6-decimal token
 *   idempotenceId: 'payout-2024-06-01',
 * }
 */
export interface CustodyTransferRequest {
  readonly vaultId: string
  readonly asset: CustodyAsset
  /** Destination address. */
  readonly to: string
  /** In display units; must be > 0 and have at most `asset.decimals` decimals. */
  readonly amount: Decimal
  readonly note?: string | undefined
  /**
   * Makes the create idempotent: a create sent again with the same id (a retry after a lost answer)
   * gives the transaction the first one made. Default: a fresh random id per `transfer` call.
   */
  readonly idempotenceId?: string | undefined
}

/**
 * Where a transaction is in the custodian's workflow. Final: `completed`, `aborted`, `cancelled`,
 * `error`, `reverted`. `stuck` is not final (it may still be sped up or cancelled) but raises an alert
 * event; `pending` is a state the SDK does not know yet, reported with a warning event.
 *
 * @example
 * const final = (s: CustodyTransactionState) => CUSTODY_FINAL_STATES.includes(s)
 */
export type CustodyTransactionState =
  | 'waiting-for-approval'
  | 'approved'
  | 'signed'
  | 'pushed'
  | 'mined'
  | 'completed'
  | 'aborted'
  | 'cancelled'
  | 'error'
  | 'reverted'
  | 'stuck'
  | 'pending'

/**
 * The states after which a transaction changes no more.
 *
 * @example
 * if (CUSTODY_FINAL_STATES.includes(tx.state)) report(tx)
 */
export const CUSTODY_FINAL_STATES: readonly CustodyTransactionState[] = Object.freeze([
  'completed',
  'aborted',
  'cancelled',
  'error',
  'reverted',
])

/**
 * What a transaction's state means for the money, in the order model's terms: `pending` (not yet on
 * chain), `open` (broadcast, not yet final), `filled` (done), `canceled`, `rejected` (failed; on a
 * revert the fee was still spent).
 *
 * @example
 * const settled = (tx: CustodyTransaction) => tx.status === 'filled'
 */
export type CustodyTransactionStatus = 'pending' | 'open' | 'filled' | 'canceled' | 'rejected'

/**
 * One state a transaction went through, and when.
 *
 * @example
 * tx.stateChanges.map((c: CustodyStateChange) => `${c.at.toISOString()} ${c.state}`)
 */
export interface CustodyStateChange {
  readonly state: CustodyTransactionState
  readonly at: Date
}

/**
 * A transaction of a custody vault, as the custodian reports it.
 *
 * @example
 * custody.transaction$(id).subscribe((tx: CustodyTransaction) => console.log(tx.state, tx.hash ?? ''))
 */
export interface CustodyTransaction extends Timestamped {
  readonly venue: VenueId
  readonly id: string
  readonly vaultId?: string | undefined
  readonly state: CustodyTransactionState
  readonly status: CustodyTransactionStatus
  /** The custodian's own state name (`pushed_to_blockchain`), for states the common set folds together. */
  readonly venueState: string
  readonly createdAt: Date
  /** When it began waiting for approval, while or after it did. */
  readonly approvalRequestedAt?: Date | undefined
  /** The states it went through as far as the custodian said, oldest first. */
  readonly stateChanges: readonly CustodyStateChange[]
  readonly to?: string | undefined
  /** In the asset's base units (an integer), as sent. */
  readonly baseUnits?: Decimal | undefined
  /** Transaction hash once signed or broadcast. */
  readonly hash?: string | undefined
  /** The network fee spent, in the chain's native coin (display units), once mined. */
  readonly fee?: Decimal | undefined
  /** Why it failed, where the custodian said. */
  readonly reason?: string | undefined
  readonly idempotenceId?: string | undefined
  /**
   * True once it has waited for approval longer than `approvalTimeoutMs` of
   * {@link CustodyWatchOptions}: the caller is told, the transaction goes on.
   */
  readonly approvalOverdue?: boolean | undefined
}

/**
 * Options of {@link VenueCustody.transaction$}.
 *
 * @example
 * custody.transaction$(id, { approvalTimeoutMs: 15 * 60_000 }).subscribe(onUpdate)
 */
export interface CustodyWatchOptions {
  /**
   * After this long waiting for approval (from `approvalRequestedAt`), the transaction is emitted again
   * with `approvalOverdue: true` and an `custody-alert` event says so. It is not aborted: approvals
   * stay with the custodian's approvers. Default: no timeout.
   */
  readonly approvalTimeoutMs?: number | undefined
}

/**
 * How often a driver polls a transaction for {@link VenueCustody.transaction$}: `initialMs` after each
 * change, then `multiplier` times longer each time it has not changed, at most `maxMs`.
 *
 * @example
 * const poll: CustodyPolling = { initialMs: 2_000, maxMs: 30_000, multiplier: 1.5 }
 */
export interface CustodyPolling {
  readonly initialMs: number
  readonly maxMs: number
  readonly multiplier: number
}

/**
 * Which transactions {@link VenueCustody.transactions} lists.
 *
 * @example
 * custody.transactions({ vaultIds: [vaultId] }).subscribe((txs) => console.log(txs.length))
 */
export interface CustodyTransactionQuery {
  readonly vaultIds?: readonly string[] | undefined
}

/**
 * The custody surface (Fordefi): vaults, balances, transfers through approval, and their states.
 *
 * @example
 * custody.transfer(request).pipe(mergeMap((tx) => custody.transaction$(tx.id))).subscribe((tx) => console.log(tx.state))
 */
export interface VenueCustody {
  /** The vaults this credential can see; emits once and completes. */
  vaults$(): Observable<readonly CustodyVault[]>
  /** What one vault holds, per asset; emits once and completes. */
  balances(vaultId: string): Observable<readonly CustodyBalance[]>
  /**
   * Creates a transfer; emits the transaction as created (usually `waiting-for-approval`) and
   * completes. A create whose answer is lost is sent again with the same idempotence id, so it never
   * makes two transactions.
   */
  transfer(request: CustodyTransferRequest): Observable<CustodyTransaction>
  /** One transaction now; `not-found` when the custodian does not know it. */
  transaction(id: string): Observable<CustodyTransaction>
  /**
   * The transaction at each state change, each emitted once, completing at a final state. Polled
   * with backoff (and fed by webhooks where the venue was given them).
   */
  transaction$(id: string, options?: CustodyWatchOptions): Observable<CustodyTransaction>
  /** Transactions, newest first; emits once and completes. */
  transactions(query?: CustodyTransactionQuery): Observable<readonly CustodyTransaction[]>
  /** Aborts a transaction still waiting for approval (or approved); present when `capabilities.custody.abort`. */
  abort?(id: string): Observable<CustodyTransaction>
}

/**
 * A transfer as the wire sends it: the request with its amount in base units and its idempotence id.
 *
 * @example
 * const sent: CustodyTransferOrder = { ...request, baseUnits: new Decimal('1250500000'), idempotenceId: 'payout-7' }
 */
export interface CustodyTransferOrder extends Omit<CustodyTransferRequest, 'idempotenceId'> {
  /** The amount in the asset's base units: an integer. */
  readonly baseUnits: Decimal
  readonly idempotenceId: string
}

/**
 * What a venue's driver supplies for custody; the kit (`lib/venues/kit/custody`) builds
 * {@link VenueCustody} on it (amount conversion, idempotence ids, watching transactions).
 *
 * @example
 * const wire: CustodyWire = { venue: 'fordefi', vaults, balances, create, get, list, abort, updates$ }
 */
export interface CustodyWire {
  readonly venue: VenueId
  /** Asks for the vaults, once. */
  vaults(): Observable<readonly CustodyVault[]>
  /** Asks what a vault holds, once. */
  balances(vaultId: string): Observable<readonly CustodyBalance[]>
  /** Sends one create; resent by the wire only with the same idempotence id. */
  create(order: CustodyTransferOrder): Observable<CustodyTransaction>
  /** Asks for one transaction, once; `not-found` when the venue does not know it. */
  get(id: string): Observable<CustodyTransaction>
  /** Asks for the transactions of `query`, once, newest first. */
  list(query: CustodyTransactionQuery): Observable<readonly CustodyTransaction[]>
  /** Aborts a transaction and emits it as it is then; absent where the venue cannot abort. */
  abort?(id: string): Observable<CustodyTransaction>
  /** Transactions as pushed (verified webhooks), where the user runs a receiver. */
  readonly updates$?: Observable<CustodyTransaction> | undefined
}
