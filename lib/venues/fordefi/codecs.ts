/**
 * Fordefi's REST payloads as io-ts codecs. Shapes follow Fordefi's own samples (FordefiHQ/api-examples,
 * FordefiHQ/web3-provider) where they exist; fields only third-party code shows are optional, and the
 * venue's README lists which are unverified.
 */
import * as t from 'io-ts'
import { NumericString } from '../../codec/integer.js'

/**
 * An ISO-8601 time as Fordefi writes it (`2025-07-15T11:12:24.422000Z`): the `Date`, and the text as sent.
 *
 * @example
 * FordefiTime.decode('2024-06-01T00:00:00Z') // Right({ at: Date, raw: '2024-06-01T00:00:00Z' })
 */
export const FordefiTime = new t.Type<{ readonly at: Date; readonly raw: string }, string, unknown>(
  'ISO-8601 time',
  (u): u is { at: Date; raw: string } =>
    typeof u === 'object' && u !== null && (u as { at?: unknown }).at instanceof Date,
  (u, c) => {
    const at = typeof u === 'string' ? new Date(u) : undefined
    return at !== undefined && !Number.isNaN(at.getTime())
      ? t.success({ at, raw: u as string })
      : t.failure(u, c)
  },
  (v) => v.raw,
)

/**
 * An EVM asset as Fordefi names it: the chain's native coin, or an ERC-20 token by contract.
 * https://github.com/FordefiHQ/api-examples (create-transaction samples)
 *
 * @example
 * FordefiAssetIdentifier.is({ type: 'evm', details: { type: 'native', chain: 'evm_ethereum_mainnet' } }) // true
 */
export const FordefiAssetIdentifier = t.type({
  type: t.string,
  details: t.union([
    t.type({ type: t.literal('native'), chain: t.string }),
    t.type({ type: t.literal('erc20'), token: t.type({ chain: t.string, hex_repr: t.string }) }),
  ]),
})
/** @inline */
export type FordefiAssetIdentifier = t.TypeOf<typeof FordefiAssetIdentifier>

/**
 * One vault of `GET /api/v1/vaults`.
 *
 * @example
 * FordefiVault.is({ id: 'v-1', name: 'Treasury', type: 'evm', address: '0x8BFC…' }) // true
 */
export const FordefiVault = t.intersection([
  t.type({ id: t.string, name: t.string }),
  t.partial({ type: t.string, address: t.string, state: t.string }),
])
/** @inline */
export type FordefiVault = t.TypeOf<typeof FordefiVault>

/**
 * A page of `GET /api/v1/vaults`.
 *
 * @example
 * FordefiVaultsPage.is({ vaults: [] }) // true
 */
export const FordefiVaultsPage = t.type({ vaults: t.array(FordefiVault) })

/**
 * One asset a vault owns, of `GET /api/v1/assets/owned-assets?vault_ids=…` (the balance field is
 * unverified, see the README).
 *
 * @example
 * FordefiOwnedAsset.is({ asset_info: { asset_identifier, symbol: 'USDC', decimals: 6 }, balance: '1000000' }) // true
 */
export const FordefiOwnedAsset = t.type({
  asset_info: t.type({ asset_identifier: FordefiAssetIdentifier, symbol: t.string, decimals: t.number }),
  balance: NumericString,
})
/** @inline */
export type FordefiOwnedAsset = t.TypeOf<typeof FordefiOwnedAsset>

/**
 * A page of owned assets.
 *
 * @example
 * FordefiOwnedAssetsPage.is({ owned_assets: [] }) // true
 */
export const FordefiOwnedAssetsPage = t.type({ owned_assets: t.array(FordefiOwnedAsset) })

/**
 * A transaction as create, get and list return it: `id` and `state` always; the rest once known.
 * `state_changes` as Fordefi's webhook samples carry it (typescript/webhooks/webhooks_fordefi.ts).
 *
 * @example
 * FordefiTransaction.is({ id: 't-1', state: 'waiting_for_approval', created_at: '2024-06-01T00:00:00Z' }) // true
 */
export const FordefiTransaction = t.intersection([
  t.type({ id: t.string, state: t.string, created_at: FordefiTime }),
  t.partial({
    modified_at: FordefiTime,
    vault_id: t.string,
    idempotence_id: t.string,
    hash: t.string,
    explorer_url: t.string,
    state_changes: t.array(t.type({ new_state: t.string, changed_at: FordefiTime })),
    details: t.partial({
      to: t.string,
      value: t.partial({ value: NumericString }),
      asset_identifier: FordefiAssetIdentifier,
    }),
    mined_result: t.partial({ reversion: t.type({ state: t.string }), fee_paid: NumericString }),
    error_pushing_to_blockchain_message: t.string,
  }),
])
/** @inline */
export type FordefiTransaction = t.TypeOf<typeof FordefiTransaction>

/**
 * A page of `GET /api/v1/transactions`.
 *
 * @example
 * FordefiTransactionsPage.is({ transactions: [] }) // true
 */
export const FordefiTransactionsPage = t.type({ transactions: t.array(FordefiTransaction) })

/**
 * A webhook's body: the event envelope around the transaction
 * (FordefiHQ/api-examples typescript/webhooks/event-examples).
 *
 * @example
 * FordefiWebhookBody.is({ event_type: 'transaction_state_update', event: { id: 't-1', state: 'signed', created_at } }) // true
 */
export const FordefiWebhookBody = t.type({ event: FordefiTransaction })

/**
 * An error answer's body; its field names are not confirmed (see the README), so every one is optional.
 *
 * @example
 * FordefiErrorBody.is({ title: 'Not found', detail: 'Transaction not found' }) // true
 */
export const FordefiErrorBody = t.partial({
  title: t.string,
  detail: t.string,
  message: t.string,
  system_error_code: t.string,
})
