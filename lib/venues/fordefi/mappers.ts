/**
 * Fordefi's vaults, owned assets and transactions in the common custody model.
 */
import { Decimal } from '../../core/decimal.js'
import { VenueError } from '../../core/errors.js'
import type {
  CustodyAsset,
  CustodyBalance,
  CustodyStateChange,
  CustodyTransaction,
  CustodyVault,
} from '../contract/custody.js'
import { fromBaseUnits } from '../kit/custody/base-units.js'
import type { FordefiAssetIdentifier, FordefiOwnedAsset, FordefiTransaction, FordefiVault } from './codecs.js'
import { FORDEFI_STATES } from './spec.js'

/** Every EVM chain's native coin counts 18 decimals (wei): the fee is paid in it. */
const EVM_NATIVE_DECIMALS = 18

/**
 * A vault in the common model.
 *
 * @example
 * toCustodyVault({ id: 'v-1', name: 'Treasury', type: 'evm', address: '0x8BFC…' }).name // 'Treasury'
 */
export function toCustodyVault(v: FordefiVault): CustodyVault {
  return { venue: 'fordefi', id: v.id, name: v.name, type: v.type, address: v.address }
}

/**
 * Fordefi's identifier of an asset: an EVM native coin or ERC-20 token.
 *
 * @throws VenueError `invalid-request` for an asset on a chain that is not EVM (only EVM transfers are sent).
 * @example
 * fordefiAssetIdentifier({ chain: 'evm_base_mainnet', token: '0x8335…', symbol: 'USDC', decimals: 6 }).details.type // 'erc20'
 */
export function fordefiAssetIdentifier(asset: CustodyAsset): FordefiAssetIdentifier {
  if (!asset.chain.startsWith('evm_')) {
    throw new VenueError({
      kind: 'invalid-request',
      venue: 'fordefi',
      message: `fordefi transfers are EVM only in this SDK; ${asset.chain} is not an EVM chain`,
    })
  }
  return asset.token === undefined
    ? { type: 'evm', details: { type: 'native', chain: asset.chain } }
    : { type: 'evm', details: { type: 'erc20', token: { chain: asset.chain, hex_repr: asset.token } } }
}

/**
 * One owned asset of a vault as a balance, its base units converted exactly.
 *
 * @example
 * toCustodyBalance('v-1', owned).amount.toFixed() // '1250.5'
 */
export function toCustodyBalance(vaultId: string, owned: FordefiOwnedAsset): CustodyBalance {
  const { asset_identifier: id, symbol, decimals } = owned.asset_info
  const d = id.details
  const asset: CustodyAsset =
    d.type === 'native'
      ? { chain: d.chain, symbol, decimals }
      : { chain: d.token.chain, token: d.token.hex_repr, symbol, decimals }
  return {
    venue: 'fordefi',
    vaultId,
    asset,
    amount: fromBaseUnits(owned.balance, decimals, 'fordefi'),
    baseUnits: new Decimal(owned.balance),
  }
}

/**
 * A transaction in the common model: its state and status by {@link FORDEFI_STATES} (a state not
 * there is `pending`), when it began waiting for approval, the fee once mined.
 *
 * @example
 * toCustodyTransaction(decoded).status // 'rejected' for a `mined_reverted` one
 */
export function toCustodyTransaction(tx: FordefiTransaction): CustodyTransaction {
  const [state, status] = FORDEFI_STATES[tx.state] ?? ['pending', 'pending']
  const createdAt = tx.created_at.at
  const changes = tx.state_changes ?? []
  const stateChanges: CustodyStateChange[] = changes.map((c) => ({
    state: FORDEFI_STATES[c.new_state]?.[0] ?? 'pending',
    at: c.changed_at.at,
  }))
  const approval = changes.find((c) => c.new_state === 'waiting_for_approval')
  const modified = tx.modified_at ?? tx.created_at
  const units = tx.details?.value?.value
  const fee = tx.mined_result?.fee_paid
  return {
    venue: 'fordefi',
    id: tx.id,
    vaultId: tx.vault_id,
    state,
    status,
    venueState: tx.state,
    createdAt,
    approvalRequestedAt:
      approval !== undefined
        ? approval.changed_at.at
        : tx.state === 'waiting_for_approval'
          ? createdAt
          : undefined,
    stateChanges,
    to: tx.details?.to,
    baseUnits: units === undefined ? undefined : new Decimal(units),
    hash: tx.hash,
    fee: fee === undefined ? undefined : fromBaseUnits(fee, EVM_NATIVE_DECIMALS, 'fordefi'),
    reason:
      tx.error_pushing_to_blockchain_message ??
      (status === 'rejected' && tx.mined_result?.reversion !== undefined
        ? `reverted on chain (${tx.mined_result.reversion.state})`
        : undefined),
    idempotenceId: tx.idempotence_id,
    timestamp: modified.at,
    rawTimestamp: modified.raw,
  }
}
