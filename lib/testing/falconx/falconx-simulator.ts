/**
 * `FalconxSimulator`: a loopback FalconX venue. One HTTP server on 127.0.0.1 answers FalconX's REST
 * API (pairs, quotes, executions, quote status, executed quotes, balances, orders) over the shared
 * matching engine's prices, checking every signature.
 */
import { SimFaults, type SimFaultHooks } from '../kit/faults.js'
import type { VenueRest } from '../kit/rest-api.js'
import { DeskSimulator } from '../kit/desk-simulator.js'
import type { FalconxContext, FalconxSimEvent } from './context.js'
import { FalconxDesk, type SimQuote } from './desk.js'
import { falconxRest } from './http.js'
import {
  resolveFalconxOptions,
  type FalconxSimulatorOptions,
  type ResolvedFalconxOptions,
} from './options.js'
import { quoteView } from './views.js'

/**
 * What a client needs to reach the simulator: the shape of the client's `venues.falconx` options.
 *
 * @example
 * const client = createClient({ venues: { falconx: falconx.clientOptions() } })
 */
export interface FalconxClientOptions {
  /** `http://127.0.0.1:<port>` */
  readonly restUrl: string
  readonly apiKey: string
  /** Base64, as FalconX issues it. */
  readonly secret: string
  readonly passphrase: string
}

/**
 * The faults of one simulated FalconX venue, as `sim.venue('falconx').faults`: the kit's
 * (`loseNextResponse` drops the next execution's or order's answer after carrying it out, `slowNext`
 * holds answers, `failNext` answers 429 or 5xx), and `expireQuotes`.
 *
 * @example
 * const faults = sim.venue('falconx').faults
 * faults.loseNextResponse() // the next execution happens, its answer never arrives
 * faults.expireQuotes()     // every quote given so far is refused as expired
 */
export class FalconxFaults extends SimFaults {
  /** @internal */
  expire: () => void = () => undefined

  /** Every quote given so far, not yet executed, is refused as expired from now on. */
  expireQuotes(): void {
    this.expire()
  }
}

/**
 * One simulated FalconX venue. Start it with {@link startSimulator} (or {@link FalconxSimulator.start}).
 * Quotes are priced off the engine's best bid and ask with `spreadBps` on each side, and expire
 * `quoteTtlMs` later on the simulator's clock (`advanceClock` ages them).
 *
 * @example
 * const falconx = await FalconxSimulator.start({ seed: 42, tickMs: 'manual' })
 * const client = createClient({ venues: { falconx: falconx.clientOptions() } })
 * falconx.executions().length // 0
 * await falconx.close()
 */
export class FalconxSimulator extends DeskSimulator<
  'falconx',
  FalconxSimEvent,
  FalconxFaults,
  ResolvedFalconxOptions
> {
  /** The venue this simulator module starts, as {@link startSimulator} lists it. */
  static readonly id = 'falconx'

  private readonly ctx: FalconxContext
  protected readonly rest: VenueRest

  private constructor(options: FalconxSimulatorOptions) {
    const opts = resolveFalconxOptions(options)
    super('falconx', opts, { seed: opts.seed, postOnlyTaking: 'reject' })
    const base = this.context()
    const desk = new FalconxDesk({ exchange: base.exchange, clock: base.clock, options: opts })
    this.ctx = {
      ...base,
      desk,
      key: { apiKey: opts.apiKey, secret: opts.secret, passphrase: opts.passphrase },
    }
    this.faults.expire = () => desk.expireAll()
    this.rest = falconxRest(this.ctx)
  }

  /**
   * Starts a simulator listening on `options.host` (127.0.0.1) and a free port.
   *
   * @throws VenueError `invalid-request` for bad options.
   */
  static async start(options: FalconxSimulatorOptions = {}): Promise<FalconxSimulator> {
    return new FalconxSimulator(options).listen()
  }

  /** The key's passphrase. */
  get passphrase(): string {
    return this.settings.passphrase
  }

  /** What a client's `venues.falconx` options need to reach this simulator. */
  override clientOptions(): FalconxClientOptions {
    return this.reach({ passphrase: this.passphrase })
  }

  /** Every executed quote (RFQ executions and orders), oldest first, as `GET /v1/quotes` writes them. */
  executions(): Record<string, unknown>[] {
    return this.ctx.desk.allExecutions().map(quoteView)
  }

  /**
   * A quote the simulator gave, as `GET /v1/quotes/{id}` writes it.
   *
   * @throws VenueError `not-found` for an id it never gave.
   */
  quote(id: string): Record<string, unknown> {
    return quoteView(this.ctx.desk.get(id))
  }

  /** @internal The conformance suite's count of orders under a client order id. */
  allOrders(symbol?: string): Record<string, unknown>[] {
    return this.ctx.desk
      .allExecutions()
      .filter((q: SimQuote) => symbol === undefined || q.market.instrument.symbol === symbol)
      .map((q) => ({ ...quoteView(q), clientOrderId: q.clientOrderId }))
  }

  protected override createFaults(hooks: SimFaultHooks): FalconxFaults {
    return new FalconxFaults(hooks)
  }
}
