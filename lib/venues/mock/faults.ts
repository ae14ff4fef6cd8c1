/**
 * Fault injection for the mock venue: failed and slow requests, dropped connections, sequence gaps.
 */
import { VenueError, type ErrorKind } from '../../core/errors.js'
import type { UnifiedSymbol, VenueId } from '../../core/model.js'

/**
 * The request-like calls of the mock venue, each a target for {@link MockFaults.failNext}.
 *
 * @example
 * const operation: MockOperation = 'cancelOrder'
 * mock.faults.failNext(1, 'network', { operation })
 */
export type MockOperation = (typeof MOCK_OPERATIONS)[number]

/**
 * Every request the mock answers, for its call counts.
 *
 * @example
 * MOCK_OPERATIONS.includes('placeOrder') // true
 */
export const MOCK_OPERATIONS = [
  'instruments',
  'placeOrder',
  'cancelOrder',
  'getOrder',
  'openOrders',
  'cancelAllOrders',
  'balances',
  'fillHistory',
  'candleHistory',
  'tradeHistory',
] as const

/**
 * Options of {@link MockFaults.failNext}.
 *
 * @example
 * // the order is placed but its answer is lost: the client must find it by client order id
 * mock.faults.failNext(1, 'timeout', { operation: 'placeOrder', applied: true })
 */
export interface FailNextOptions {
  /** Only calls of this operation fail. Default: any request. */
  readonly operation?: MockOperation | undefined
  /**
   * The venue carries the request out and only the answer is lost: the order is placed, the caller
   * sees the error. This is the case a client must reconcile by client order id. Default false.
   */
  readonly applied?: boolean | undefined
}

/**
 * Options of {@link MockFaults.disconnect}.
 *
 * @example
 * mock.faults.disconnect({ downMs: 5_000 }) // streams go quiet for 5 s, then books restart from a snapshot
 */
export interface DisconnectOptions {
  /** How long the connections stay down before they come back. Default 0: straight back. */
  readonly downMs?: number | undefined
}

/**
 * What the venue does when a connection fault is injected.
 *
 * @internal
 */
export interface MockFaultHooks {
  disconnect(downMs: number): void
  gap(symbol: UnifiedSymbol | undefined): void
}

/**
 * A failure the venue should answer a request with.
 *
 * @internal
 */
export interface InjectedFailure {
  readonly error: VenueError
  readonly applied: boolean
}

interface Rule {
  left: number
  readonly error: ErrorKind | VenueError
  readonly operation: MockOperation | undefined
  readonly applied: boolean
}

/**
 * The faults of one mock venue, as `mock.faults`. Rules queue up in the order they were given; a
 * request takes the first rule that matches it.
 *
 * @example
 * mock.faults.failNext(2, 'temporary', { operation: 'placeOrder' })
 * mock.faults.latency(250)
 * mock.faults.disconnect({ downMs: 1000 })
 * mock.faults.gap('BTC/USDT')
 */
export class MockFaults {
  private rules: Rule[] = []
  private delay = 0

  /**
   * The mock venue makes its own; tests reach it as `mock.faults`.
   *
   * @internal
   */
  constructor(
    private readonly venue: VenueId,
    private readonly hooks: MockFaultHooks,
  ) {}

  /**
   * The next `count` requests (of one operation, when given) fail with `error`: a kind, or a
   * VenueError to throw as it is.
   */
  failNext(count: number, error: ErrorKind | VenueError, options: FailNextOptions = {}): void {
    if (!Number.isInteger(count) || count < 1) {
      throw new VenueError({
        kind: 'invalid-request',
        venue: this.venue,
        message: `failNext count must be >= 1`,
      })
    }
    this.rules.push({ left: count, error, operation: options.operation, applied: options.applied ?? false })
  }

  /** Every request is answered `ms` later on the venue's scheduler, until set back to 0. */
  latency(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) {
      throw new VenueError({ kind: 'invalid-request', venue: this.venue, message: `latency must be >= 0 ms` })
    }
    this.delay = ms
  }

  /** The latency set now. */
  get latencyMs(): number {
    return this.delay
  }

  /**
   * Drops every connection: streams go quiet and miss what happens meanwhile, `events$` reports the
   * disconnect and the reconnect, and book streams restart with a fresh snapshot.
   */
  disconnect(options: DisconnectOptions = {}): void {
    const downMs = options.downMs ?? 0
    if (!(downMs >= 0) || !Number.isFinite(downMs)) {
      throw new VenueError({ kind: 'invalid-request', venue: this.venue, message: `downMs must be >= 0` })
    }
    this.hooks.disconnect(downMs)
  }

  /** The next book change of `symbol` (of every symbol when omitted) skips a sequence number. */
  gap(symbol?: UnifiedSymbol): void {
    this.hooks.gap(symbol)
  }

  /** Forgets pending failures and latency. */
  reset(): void {
    this.rules = []
    this.delay = 0
  }

  /**
   * Consumes the failure a request of `operation` should get, if any.
   *
   * @internal
   */
  take(operation: MockOperation): InjectedFailure | undefined {
    const rule = this.rules.find((r) => r.operation === undefined || r.operation === operation)
    if (rule === undefined) return undefined
    if (--rule.left === 0) this.rules = this.rules.filter((r) => r !== rule)
    const error =
      rule.error instanceof VenueError
        ? rule.error
        : new VenueError({
            kind: rule.error,
            venue: this.venue,
            message: `injected ${rule.error} failure of ${operation}`,
            retryAfterMs: rule.error === 'rate-limit' ? 1000 : undefined,
          })
    return { error, applied: rule.applied }
  }
}
