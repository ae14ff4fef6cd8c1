/**
 * `FordefiSimulator`: a loopback Fordefi. One HTTP server on 127.0.0.1 answers the REST API with the
 * token and request-signature checks, keeps vaults with balances and moves transactions through the
 * approval workflow on its clock; the test approves and rejects, and injects faults.
 */
import type { Decimal } from '../../core/decimal.js'
import type { SimFaultHooks } from '../kit/faults.js'
import { DeskSimulator } from '../kit/desk-simulator.js'
import type { VenueRest } from '../kit/rest-api.js'
import type { FordefiContext, FordefiSimEvent } from './context.js'
import { FordefiDesk } from './desk.js'
import { FordefiFaults } from './faults.js'
import { fordefiRest } from './http.js'
import {
  resolveFordefiOptions,
  type FordefiSimulatorOptions,
  type ResolvedFordefiOptions,
} from './options.js'
import { fordefiFailure } from './wire.js'

/**
 * What a client needs to reach the simulator: the shape of the client's `venues.fordefi` options.
 *
 * @example
 * const client = createClient({ venues: { fordefi: fordefi.clientOptions() } })
 */
export interface FordefiClientOptions {
  /** `http://127.0.0.1:<port>` */
  readonly restUrl: string
  /** The API user's access token. */
  readonly apiKey: string
  /** The API user's request-signing key, EC P-256 PEM. */
  readonly secret: string
}

/**
 * One simulated Fordefi organisation. Start it with {@link startSimulator} (or
 * {@link FordefiSimulator.start}). Transactions wait for approval until `approve(id)` (or
 * `autoApproveMs`), then move on by `timings` of the simulator's clock; a client polling sees the
 * state the clock has reached. It has no markets: `step` does nothing.
 *
 * @example
 * const fordefi = await FordefiSimulator.start({ timings: { signMs: 5, pushMs: 5, mineMs: 5, completeMs: 5 } })
 * const client = createClient({ venues: { fordefi: fordefi.clientOptions() } })
 * fordefi.approve(txId)                             // the approvers say yes
 * fordefi.holding(vaultId, 'USDC')                  // Decimal, after the transfer completed
 * await fordefi.close()
 */
export class FordefiSimulator extends DeskSimulator<
  'fordefi',
  FordefiSimEvent,
  FordefiFaults,
  ResolvedFordefiOptions
> {
  /** The venue this simulator module starts, as {@link startSimulator} lists it. */
  static readonly id = 'fordefi'

  private readonly ctx: FordefiContext
  private readonly desk: FordefiDesk
  protected readonly rest: VenueRest

  private constructor(options: FordefiSimulatorOptions) {
    const opts = resolveFordefiOptions(options)
    super('fordefi', opts, { seed: opts.seed, postOnlyTaking: 'reject' })
    this.desk = new FordefiDesk(opts, this.clock, () => this.faults.takeFlowFault())
    this.ctx = { ...this.context(), desk: this.desk }
    this.rest = fordefiRest(this.ctx)
  }

  /**
   * Starts a simulator listening on `options.host` (127.0.0.1) and a free port.
   *
   * @throws VenueError `invalid-request` for bad options.
   */
  static async start(options: FordefiSimulatorOptions = {}): Promise<FordefiSimulator> {
    return new FordefiSimulator(options).listen()
  }

  /** What a client's `venues.fordefi` options need to reach this simulator: its URL, token and signing key. */
  override clientOptions(): FordefiClientOptions {
    return this.reach({})
  }

  /**
   * The approvers approve a transaction now: it goes on to be signed.
   *
   * @throws VenueError `not-found` for an unknown id; `invalid-request` when it is not waiting for approval.
   */
  approve(id: string): void {
    this.open()
    if (!this.desk.approve(id)) throw fordefiFailure(400, `transaction ${id} is not waiting for approval`)
  }

  /**
   * The approvers reject a transaction now: it ends `aborted`.
   *
   * @throws VenueError `not-found` for an unknown id; `invalid-request` when it is not waiting for approval.
   */
  reject(id: string): void {
    this.open()
    if (!this.desk.reject(id)) throw fordefiFailure(400, `transaction ${id} is not waiting for approval`)
  }

  /** A transaction as `GET /api/v1/transactions/{id}` shows it now. @throws VenueError `not-found`. */
  transaction(id: string): Record<string, unknown> {
    return this.desk.transaction(id) as Record<string, unknown>
  }

  /** Every transaction's id, oldest first. */
  transactionIds(): string[] {
    return this.desk.ids()
  }

  /** What a vault holds of an asset now, in display units. @throws VenueError `not-found`. */
  holding(vaultId: string, symbol: string): Decimal {
    return this.desk.balance(vaultId, symbol)
  }

  /** Resolves once a transaction has been created; at once if one already has. */
  created(): Promise<void> {
    return this.when(
      this.desk.ids().length > 0,
      (e) => e.type === 'request' && e.method === 'POST' && e.path === '/api/v1/transactions',
    )
  }

  /** Nothing: transactions move with the clock (see `advanceClock`), not by steps. */
  override step(): void {}

  protected override createFaults(hooks: SimFaultHooks): FordefiFaults {
    return new FordefiFaults(hooks)
  }
}
