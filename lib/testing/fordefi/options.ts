/**
 * Options of the Fordefi simulator: the API user's token and request-signing key, the vaults and what
 * they hold, and how long each step of a transaction's workflow takes on the simulator's clock.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { toDecimal, type DecimalLike } from '../../core/decimal.js'
import {
  invalidOption,
  resolveVenueOptions,
  type ResolvedVenueOptions,
  type SimMarket,
  type SimulatorOptionNames,
  type VenueSimulatorOptions,
} from '../kit/options.js'
import { seededP256KeyPem } from '../kit/signatures.js'

/**
 * One asset a simulated vault holds.
 *
 * @example
 * const usdc: FordefiSimAsset = { chain: 'evm_ethereum_mainnet', token: '0xA0b8…eB48', symbol: 'USDC', decimals: 6, balance: '250000' }
 */
export interface FordefiSimAsset {
  readonly chain: string
  /** The ERC-20 contract; absent for the chain's native coin. */
  readonly token?: string | undefined
  readonly symbol: string
  readonly decimals: number
  /** In display units. */
  readonly balance: DecimalLike
}

/**
 * One simulated vault.
 *
 * @example
 * const vault: FordefiSimVault = { id: 'vault-1', name: 'Treasury', address: '0x8BFC…', assets: [eth, usdc] }
 */
export interface FordefiSimVault {
  readonly id: string
  readonly name: string
  readonly address: string
  readonly assets: readonly FordefiSimAsset[]
}

/**
 * How long each step of a transaction takes once the one before was reached, in ms of the simulator's
 * clock.
 *
 * @example
 * const fast: FordefiTimings = { signMs: 5, pushMs: 5, mineMs: 5, completeMs: 5 }
 */
export interface FordefiTimings {
  /** approved → signed (by the API Signer). */
  readonly signMs: number
  /** signed → pushed_to_blockchain. */
  readonly pushMs: number
  /** pushed_to_blockchain → mined. */
  readonly mineMs: number
  /** mined → completed (confirmations). */
  readonly completeMs: number
}

/**
 * The default vault: one EVM vault holding ETH (18 decimals), USDC (6) and WBTC (8) on Ethereum.
 *
 * @example
 * DEFAULT_FORDEFI_VAULTS[0]?.assets.map((a) => a.symbol) // ['ETH', 'USDC', 'WBTC']
 */
export const DEFAULT_FORDEFI_VAULTS: readonly FordefiSimVault[] = Object.freeze([
  {
    id: '330a2616-f0b3-469d-964c-213e4ecc635e',
    name: 'Treasury',
    address: '0x8BFCF9e2764BC84DE4BBd0a0f5AAF19F47027A73',
    assets: [
      { chain: 'evm_ethereum_mainnet', symbol: 'ETH', decimals: 18, balance: '10' },
      {
        chain: 'evm_ethereum_mainnet',
        token: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
        symbol: 'USDC',
        decimals: 6,
        balance: '250000',
      },
      {
        chain: 'evm_ethereum_mainnet',
        token: '0x2260FAC5E5542a773Aa44fBC7C5f9C1E8D6C2C7d',
        symbol: 'WBTC',
        decimals: 8,
        balance: '2',
      },
    ],
  },
])

/**
 * Options of the Fordefi simulator. `apiKey` is the API user's access token, `secret` its
 * request-signing private key (EC P-256, PEM; default one drawn from the seed): every create must be
 * signed with it. Markets and balances of the shared options do not apply: vaults hold the assets.
 *
 * @example
 * startSimulator({ venues: ['fordefi'], fordefi: { autoApproveMs: 50, timings: { signMs: 5, pushMs: 5, mineMs: 5, completeMs: 5 } } })
 */
export interface FordefiSimulatorOptions extends Omit<
  VenueSimulatorOptions,
  'balances' | 'fees' | 'levels' | 'klineHistoryMs'
> {
  /** Default {@link DEFAULT_FORDEFI_VAULTS}. */
  readonly vaults?: readonly FordefiSimVault[] | undefined
  /** Approve every transaction this long after it was created; default: only `approve(id)` does. */
  readonly autoApproveMs?: number | undefined
  /** Default 200 ms each. */
  readonly timings?: Partial<FordefiTimings> | undefined
  /** The network fee of a mined transaction, in wei. Default 21 000 gas at 1 gwei. */
  readonly feeWei?: DecimalLike | undefined
}

/**
 * Every option of {@link FordefiSimulatorOptions}: the simulator refuses any other (`balances`,
 * `fees`, `levels` and `klineHistoryMs` too: its vaults hold the assets, and it lists no markets).
 *
 * @example
 * Object.hasOwn(FORDEFI_SIMULATOR_OPTION_NAMES, 'balances') // false
 */
export const FORDEFI_SIMULATOR_OPTION_NAMES: SimulatorOptionNames<FordefiSimulatorOptions> = {
  seed: true,
  referenceSeed: true,
  host: true,
  port: true,
  apiKey: true,
  secret: true,
  tickMs: true,
  clock: true,
  vaults: true,
  autoApproveMs: true,
  timings: true,
  feeWei: true,
}

/**
 * {@link FordefiSimulatorOptions} resolved.
 *
 * @example
 * resolveFordefiOptions({ seed: 7 }).timings.signMs // 200
 */
export interface ResolvedFordefiOptions extends ResolvedVenueOptions<SimMarket> {
  readonly vaults: readonly FordefiSimVault[]
  readonly autoApproveMs: number | undefined
  readonly timings: FordefiTimings
  readonly feeWei: bigint
  /** The public half of `secret`: what create signatures are checked with. */
  readonly publicKey: KeyObject
}

/**
 * Fills in the defaults and checks the options.
 *
 * @throws VenueError `invalid-request` for a bad option.
 * @example
 * resolveFordefiOptions({ autoApproveMs: -1 }) // throws
 */
export function resolveFordefiOptions(options: FordefiSimulatorOptions): ResolvedFordefiOptions {
  const bad = invalidOption('fordefi')
  const resolved = resolveVenueOptions('fordefi', options, {
    optionNames: FORDEFI_SIMULATOR_OPTION_NAMES,
    instruments: [],
    balances: {},
    apiKey: (tag) => `sim-fordefi-token-${tag}`,
    secret: simulatorSigningKeyPem,
    market: () => {
      throw bad('fordefi lists no markets')
    },
  })
  const timings: FordefiTimings = {
    signMs: 200,
    pushMs: 200,
    mineMs: 200,
    completeMs: 200,
    ...options.timings,
  }
  for (const [name, ms] of Object.entries(timings)) {
    if (!(ms >= 0)) throw bad(`timings.${name} must be >= 0, got ${String(ms)}`)
  }
  if (options.autoApproveMs !== undefined && !(options.autoApproveMs >= 0)) {
    throw bad(`autoApproveMs must be >= 0, got ${options.autoApproveMs}`)
  }
  const vaults = options.vaults ?? DEFAULT_FORDEFI_VAULTS
  for (const v of vaults) {
    for (const a of v.assets) {
      if (!Number.isInteger(a.decimals) || a.decimals < 0)
        throw bad(`${v.id} ${a.symbol}: decimals must be an integer >= 0`)
      const d = toDecimal(a.balance)
      if (!d.isFinite() || d.lt(0) || d.decimalPlaces() > a.decimals) {
        throw bad(`${v.id} ${a.symbol}: balance ${d.toString()} is not an amount of ${a.decimals} decimals`)
      }
    }
  }
  const fee = toDecimal(options.feeWei ?? '21000000000000')
  if (!fee.isInteger() || fee.lt(0)) throw bad(`feeWei must be an integer >= 0, got ${fee.toString()}`)
  let publicKey: KeyObject
  try {
    publicKey = createPublicKey(
      createPrivateKey({ key: resolved.secret.replace(/\\n/g, '\n').trim(), format: 'pem' }),
    )
  } catch {
    throw bad('secret must be an EC P-256 private key in PEM (the API user request-signing key)')
  }
  if (publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw bad('secret must be an EC P-256 key')
  return {
    ...resolved,
    vaults,
    autoApproveMs: options.autoApproveMs,
    timings,
    feeWei: BigInt(fee.toFixed()),
    publicKey,
  }
}

/**
 * The default request-signing key of seed tag `tag`: an EC P-256 private key in PEM (SEC1) drawn from
 * it. Never a real key: anyone can derive it from the tag.
 *
 * @example
 * const pem = simulatorSigningKeyPem('1')
 */
export function simulatorSigningKeyPem(tag: string): string {
  return seededP256KeyPem(`rxvenue fordefi simulator key ${tag}`)
}
