/**
 * Fordefi (MPC wallet platform, custody only) as data: its one network, its capabilities (no market
 * data), its error statuses and its transaction states.
 */
import type { CustodyTransactionState, CustodyTransactionStatus } from '../contract/custody.js'
import type { VenueCapabilities } from '../contract/capabilities.js'
import type { ErrorTable } from '../kit/error-table.js'
import { NO_MARKET_DATA } from '../kit/no-market-data.js'
import type { VenueSpec } from '../kit/spec.js'

/**
 * What the Fordefi driver declares: custody with approvals, abort and webhooks; no market data, no
 * history, no trading (every market-data call fails with `invalid-request`).
 *
 * @example
 * FORDEFI_CAPABILITIES.custody?.approvals // true
 */
export const FORDEFI_CAPABILITIES: VenueCapabilities = Object.freeze({
  ...NO_MARKET_DATA,
  custody: Object.freeze({ approvals: true, abort: true, webhooks: true }),
})

/**
 * The statuses Fordefi's own provider tells apart (FordefiHQ/web3-provider `src/api/api-client.ts`),
 * by kind; the body's field names are not confirmed, so the status decides, except for a refusal for
 * insufficient funds (by `system_error_code` or the words of its reason), which is `insufficient-funds`.
 *
 * @example
 * errorKind(FORDEFI_ERRORS, { status: 403 }) // 'auth'
 */
export const FORDEFI_ERRORS = {
  // Fordefi publishes no error codes: `insufficient_funds` is its name of the transaction state (and the
  // simulator's code for a create beyond the vault's holding) [U]; the reason's words decide as well
  codes: { insufficient_funds: 'insufficient-funds' },
  reasons: [[/insufficient (funds|balance)/i, 'insufficient-funds']],
  http: {
    400: { kind: 'invalid-request' },
    401: { kind: 'auth' },
    403: { kind: 'auth' },
    404: { kind: 'not-found' },
    429: { kind: 'rate-limit' },
    500: { kind: 'temporary' },
    503: { kind: 'temporary' },
  },
  orderNotFound: [],
} as const satisfies ErrorTable

/**
 * Fordefi's transaction states (OpenAPI 0.2.0 `EvmTransactionState`, FordefiHQ/web3-provider
 * `src/openapi/models/EvmTransactionState.ts`, and states newer clients show) as the common custody
 * state and order status, exactly as the venue notes' table maps them. A state not listed is
 * `pending` with a warning event.
 *
 * @example
 * FORDEFI_STATES.pushed_to_blockchain // ['pushed', 'open']
 */
export const FORDEFI_STATES: Readonly<
  Record<string, readonly [CustodyTransactionState, CustodyTransactionStatus]>
> = Object.freeze({
  waiting_for_approval: ['waiting-for-approval', 'pending'],
  waiting_for_signing_trigger: ['waiting-for-approval', 'pending'],
  approved: ['approved', 'pending'],
  signed: ['signed', 'pending'],
  queued: ['signed', 'pending'],
  pushed_to_blockchain: ['pushed', 'open'],
  accelerating: ['pushed', 'open'],
  accelerated: ['pushed', 'open'],
  canceling: ['pushed', 'open'],
  mined: ['mined', 'open'],
  completed: ['completed', 'filled'],
  aborted: ['aborted', 'canceled'],
  cancelled: ['cancelled', 'canceled'],
  dropped: ['cancelled', 'canceled'],
  error_signing: ['error', 'rejected'],
  error_pushing_to_blockchain: ['error', 'rejected'],
  insufficient_funds: ['error', 'rejected'],
  failed: ['error', 'rejected'],
  mined_reverted: ['reverted', 'rejected'],
  completed_reverted: ['reverted', 'rejected'],
  stuck: ['stuck', 'open'],
})

/**
 * Fordefi: `https://api.fordefi.com`, everything under `/api/v1/`, REST only (updates are polled, or
 * pushed to the user's webhook receiver). No numeric rate limit is published: the window is a cautious
 * guess, and a 429 pauses the driver for its Retry-After.
 *
 * @example
 * FORDEFI_SPEC.networks.mainnet.rest // 'https://api.fordefi.com'
 */
export const FORDEFI_SPEC = {
  id: 'fordefi',
  networks: { mainnet: { rest: 'https://api.fordefi.com', ws: '' } },
  capabilities: FORDEFI_CAPABILITIES,
  intervals: {},
  rateWindows: [{ id: 'requests-1s', metric: 'requests', limit: 10, intervalMs: 1000, rolling: true }],
  usage: [],
  errors: FORDEFI_ERRORS,
  defaults: {
    maxBodyBytes: 8 * 1024 * 1024,
    maxFrameBytes: 1024 * 1024,
    staleAfterMs: 60_000,
    instrumentsTtlMs: 3_600_000,
    recvWindowMs: 30_000,
  },
} as const satisfies VenueSpec<'fordefi'>
