/**
 * A venue described as data: where it answers, what it offers, how it counts requests and what its
 * error codes mean. Each venue folder's `spec.ts` holds one; the kit reads it.
 */
import type { SequenceRule } from '../../book/sequence-rule.js'
import type { CandleInterval, VenueId } from '../../core/model.js'
import type { RateWindow } from '../../transport/rate-limit.js'
import type { VenueCapabilities } from '../contract/capabilities.js'
import type { ErrorTable } from './error-table.js'
import type { VenueNetworks } from './options.js'

/**
 * The usage headers of a venue that report a rate window's count, and which window each feeds.
 *
 * @example
 * const usage: UsageHeader = { header: 'x-mbx-used-weight-1m', window: 'weight-1m' }
 */
export interface UsageHeader {
  /** Lower-case header name. */
  readonly header: string
  /** The `id` of the window it reports. */
  readonly window: string
}

/**
 * Sizes and windows a driver uses unless its options say otherwise, chosen from the venue's documented
 * limits and its largest real messages.
 *
 * @example
 * const defaults: VenueDefaults = { maxBodyBytes: 8 << 20, maxFrameBytes: 1 << 20, staleAfterMs: 30_000, instrumentsTtlMs: 3_600_000, recvWindowMs: 5000 }
 */
export interface VenueDefaults {
  readonly maxBodyBytes: number
  readonly maxFrameBytes: number
  /** A socket silent this long is replaced. */
  readonly staleAfterMs: number
  /** How long the instrument list is trusted before the next use refreshes it. */
  readonly instrumentsTtlMs: number
  /** Timestamp tolerance of signed requests. */
  readonly recvWindowMs: number
}

/**
 * How a venue's streaming sockets are driven, where the venue documents it.
 *
 * @example
 * const socket: SocketSpec = { pingIntervalMs: 20_000, maxTopicsPerMessage: 10, snapshotTimeoutMs: 10_000, route: routeBy('topic') }
 */
export interface SocketSpec {
  /** How often the driver pings, as the venue recommends. */
  readonly pingIntervalMs?: number | undefined
  /** Most topics in one subscribe message. */
  readonly maxTopicsPerMessage?: number | undefined
  /** How long a book waits for the snapshot it asked for on the socket before asking again. */
  readonly snapshotTimeoutMs?: number | undefined
  /**
   * The routing key of a decoded public frame: the topic its subscribers are filed under, so a frame
   * finds them with one map lookup, however many topics a socket carries. A field the frame carries
   * (`routeBy('topic')`, from `route.ts`), or any function of the frame for a venue whose topics are
   * not one field; `undefined` for a frame of no topic (an ack, a pong).
   */
  readonly route?: ((frame: unknown) => string | undefined) | undefined
}

/**
 * One venue, as data.
 *
 * @example
 * export const BYBIT_SPEC = {
 *   id: 'bybit', networks, capabilities, bookSequence: consecutiveUpdateIds, intervals: { '1m': '1', '1h': '60' },
 *   rateWindows, usage: [], errors, defaults,
 * } as const satisfies VenueSpec<'bybit'>
 */
export interface VenueSpec<Id extends VenueId = VenueId> {
  readonly id: Id
  /** Mainnet, and the test and demo networks the venue offers. */
  readonly networks: VenueNetworks
  readonly capabilities: VenueCapabilities
  /** The continuity rule of its book messages. */
  readonly bookSequence?: SequenceRule | undefined
  /** The venue's own name for each candle interval it serves. */
  readonly intervals: Readonly<Partial<Record<CandleInterval, string>>>
  /** Its REST limits, before it reports its own figures. */
  readonly rateWindows: readonly RateWindow[]
  /** Headers that report a window's count. */
  readonly usage: readonly UsageHeader[]
  /**
   * The window each REST path spends one unit of besides the venue-wide ones, where the venue limits
   * endpoints one by one (and reports each one's usage on its answers).
   */
  readonly pathWindows?: Readonly<Record<string, string>> | undefined
  /**
   * The headers (lower case) in which the venue reports a path's window on each answer: requests left,
   * the limit, and when the window ends (epoch ms); read into the path's window (see `pathWindows`).
   */
  readonly pathUsage?:
    { readonly remaining: string; readonly limit: string; readonly resetAt: string } | undefined
  /** The venue's names of its public topics (`trades: 'publicTrade'`), where it multiplexes them. */
  readonly topics?: Readonly<Record<string, string>> | undefined
  readonly socket?: SocketSpec | undefined
  readonly errors: ErrorTable
  readonly defaults: VenueDefaults
}
