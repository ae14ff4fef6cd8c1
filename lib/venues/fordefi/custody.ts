/**
 * Fordefi's custody wire: vaults, owned assets, create / get / list / abort transaction, and the
 * transactions of verified webhook deliveries. Everything goes through the signed client (the token is
 * on every request; the create also carries the request signature).
 */
import { defer, map, mergeMap, share, switchMap, type Observable } from 'rxjs'
import * as t from 'io-ts'
import { decodeEither } from '../../codec/decode.js'
import { VenueError } from '../../core/errors.js'
import type { CustodyTransaction, CustodyTransferOrder, CustodyWire } from '../contract/custody.js'
import type { RestClient } from '../../transport/rest.js'
import {
  FordefiOwnedAssetsPage,
  FordefiTransaction,
  FordefiTransactionsPage,
  FordefiVaultsPage,
  FordefiWebhookBody,
} from './codecs.js'
import type { FordefiContext } from './context.js'
import { evmAddressProblem } from './evm-address.js'
import { fordefiAssetIdentifier, toCustodyBalance, toCustodyTransaction, toCustodyVault } from './mappers.js'
import type { FordefiOptions } from './options.js'
import { FORDEFI_SIGNED_PATH, verifyFordefiWebhook } from './sign.js'

const API = '/api/v1'
/** Fordefi's pages hold at most 100 items (size parameter of its list endpoints). */
const PAGE = { page: 1, size: 100 }

/**
 * The body of `POST /api/v1/transactions` for an EVM transfer, native or ERC-20, as Fordefi's samples
 * write it (FordefiHQ/api-examples; `test/fixtures/fordefi/`), signed by the customer's API Signer.
 *
 * @example
 * JSON.stringify(fordefiTransferBody(order)) // '{"vault_id":"…","signer_type":"api_signer","type":"evm_transaction",…}'
 */
export function fordefiTransferBody(order: CustodyTransferOrder): Record<string, unknown> {
  return {
    vault_id: order.vaultId,
    signer_type: 'api_signer',
    type: 'evm_transaction',
    ...(order.note === undefined ? {} : { note: order.note }),
    details: {
      type: 'evm_transfer',
      gas: { type: 'priority', priority_level: 'medium' },
      to: order.to,
      value: { type: 'value', value: order.baseUnits.toFixed() },
      asset_identifier: fordefiAssetIdentifier(order.asset),
    },
  }
}

/**
 * The custody wire of one Fordefi driver.
 *
 * @example
 * const custody = createCustody(fordefiCustodyWire(ctx, rest, options), host)
 */
export function fordefiCustodyWire(
  ctx: FordefiContext,
  rest: RestClient,
  options: FordefiOptions,
): CustodyWire {
  const get = (id: string): Observable<CustodyTransaction> =>
    rest
      .request$({ path: `${API}/transactions/${encodeURIComponent(id)}`, codec: FordefiTransaction })
      .pipe(map(toCustodyTransaction))
  return {
    venue: 'fordefi',
    vaults: () =>
      rest
        .request$({ path: `${API}/vaults`, query: PAGE, codec: FordefiVaultsPage })
        .pipe(map((page) => page.vaults.map(toCustodyVault))),
    balances: (vaultId) =>
      rest
        .request$({
          path: `${API}/assets/owned-assets`,
          query: { vault_ids: vaultId, ...PAGE },
          codec: FordefiOwnedAssetsPage,
        })
        .pipe(map((page) => page.owned_assets.map((owned) => toCustodyBalance(vaultId, owned)))),
    create: (order) =>
      defer(() => {
        const problem = evmAddressProblem(order.to)
        if (problem !== undefined) {
          throw new VenueError({
            kind: 'invalid-request',
            venue: 'fordefi',
            message: `fordefi transfer: to ${JSON.stringify(order.to)} ${problem}`,
          })
        }
        return rest.request$({
          method: 'POST',
          path: FORDEFI_SIGNED_PATH,
          body: JSON.stringify(fordefiTransferBody(order)),
          headers: { 'x-idempotence-id': order.idempotenceId },
          // the idempotence id makes a resend give the transaction the first attempt made
          idempotent: true,
          codec: FordefiTransaction,
        })
      }).pipe(map(toCustodyTransaction)),
    get,
    list: (query) => {
      // array parameters repeat their name (vault_ids=a&vault_ids=b)
      const vaults = (query.vaultIds ?? []).map((id) => `vault_ids=${encodeURIComponent(id)}`)
      const search = [...vaults, `page=${PAGE.page}`, `size=${PAGE.size}`].join('&')
      return rest
        .request$({ path: `${API}/transactions?${search}`, codec: FordefiTransactionsPage })
        .pipe(map((page) => page.transactions.map(toCustodyTransaction)))
    },
    abort: (id) =>
      rest
        .request$({
          method: 'POST',
          path: `${API}/transactions/${encodeURIComponent(id)}/abort`,
          codec: t.unknown,
        })
        .pipe(switchMap(() => get(id))),
    updates$: options.webhooks === undefined ? undefined : webhookTransactions(ctx, options.webhooks),
  }
}

/** The transactions of the deliveries whose signature is Fordefi's; the others are dropped with a warning. */
function webhookTransactions(
  ctx: FordefiContext,
  webhooks: NonNullable<FordefiOptions['webhooks']>,
): Observable<CustodyTransaction> {
  return webhooks.deliveries$.pipe(
    mergeMap((d) => {
      try {
        if (!verifyFordefiWebhook(d.body, d.signature, webhooks.publicKey)) {
          throw new Error('a webhook delivery failed the signature check')
        }
        const decoded = decodeEither(FordefiWebhookBody, d.body, 'fordefi webhook', 'fordefi')
        if (decoded._tag === 'Left') throw decoded.left
        return [toCustodyTransaction(decoded.right.event)]
      } catch (e) {
        ctx.emit({
          type: 'custody-warning',
          message: `dropped: ${e instanceof Error ? e.message : String(e)}`,
        })
        return []
      }
    }),
    share(),
  )
}
