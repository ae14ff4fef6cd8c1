/**
 * What happened to a venue's connections and books: the events every driver reports.
 */
import type { DecodeError, VenueError } from '../../core/errors.js'
import type { UnifiedSymbol, VenueId } from '../../core/model.js'

/**
 * Why a book was rebuilt from a fresh snapshot: `reconnect` (the socket came back), `gap` (an update
 * was missed), `stale` (the feed went silent), `crossed` (bid ≥ ask locally), `invalid` (a level with
 * a price or size that is not a positive decimal), `venue` (the venue sent a new snapshot on its own),
 * `venue-reset` (the venue restarted its book service and replaced the book, e.g. a Bybit delta with
 * `u` = 1).
 *
 * @example
 * const worrying: ResyncReason[] = ['gap', 'crossed']
 * events$().subscribe((e) => {
 *   if (e.type === 'resync' && worrying.includes(e.reason)) console.warn(`${e.venue} ${e.symbol}: ${e.reason}`)
 * })
 */
export type ResyncReason = 'reconnect' | 'gap' | 'stale' | 'crossed' | 'invalid' | 'venue' | 'venue-reset'

/**
 * Fields every {@link VenueEvent} carries.
 *
 * @example
 * const line = (e: VenueEventBase) => `${e.at.toISOString()} ${e.venue}`
 */
export interface VenueEventBase {
  readonly venue: VenueId
  readonly at: Date
}

/**
 * What happened to a venue's connections, for health reporting and logs. Discriminated by `type`;
 * `channel` names a connection (`public`, `private`, or a venue's own name for it).
 *
 * @example
 * events$().subscribe((e: VenueEvent) => {
 *   if (e.type === 'reconnecting') console.warn(`${e.venue} ${e.channel}: retry #${e.attempt} in ${e.delayMs} ms`)
 *   if (e.type === 'rate-limited') console.warn(`${e.venue} paused for ${e.retryAfterMs ?? '?'} ms`)
 * })
 */
export type VenueEvent =
  | (VenueEventBase & { readonly type: 'connected'; readonly channel: string; readonly reconnect: boolean })
  | (VenueEventBase & {
      readonly type: 'disconnected'
      readonly channel: string
      readonly reason: string
      readonly error?: VenueError | undefined
    })
  | (VenueEventBase & {
      readonly type: 'reconnecting'
      readonly channel: string
      readonly attempt: number
      readonly delayMs: number
      /** Why the connection was lost or could not be made. */
      readonly error?: VenueError | undefined
    })
  | (VenueEventBase & {
      /** A REST attempt got no answer (refused, reset, DNS, timeout); it may be retried. */
      readonly type: 'request-failed'
      readonly channel: string
      /** Host (and port) the request went to. */
      readonly host: string
      readonly error: VenueError
    })
  | (VenueEventBase & {
      readonly type: 'resync'
      readonly symbol: UnifiedSymbol
      readonly reason: ResyncReason
    })
  | (VenueEventBase & {
      readonly type: 'decode-error'
      readonly channel: string
      readonly error: DecodeError
    })
  | (VenueEventBase & {
      readonly type: 'rate-limited'
      readonly retryAfterMs?: number | undefined
      readonly error: VenueError
    })
  | (VenueEventBase & {
      readonly type: 'circuit'
      readonly state: 'open' | 'half-open' | 'closed'
      /** On `open`: the latest failure to reach the venue, the likely cause. */
      readonly error?: VenueError | undefined
    })
  | (VenueEventBase & {
      /** A custody transaction needs a person: it is `stuck`, or its approval is overdue. */
      readonly type: 'custody-alert'
      readonly transactionId: string
      readonly reason: 'stuck' | 'approval-timeout'
      readonly venueState: string
    })
  | (VenueEventBase & {
      /** A custody transaction reported a state the SDK does not know (shown as `pending`), or a bad push. */
      readonly type: 'custody-warning'
      readonly transactionId?: string | undefined
      readonly venueState?: string | undefined
      readonly message: string
    })

/**
 * The `type` of each {@link VenueEvent}.
 *
 * @example
 * const counts: Partial<Record<VenueEventType, number>> = {}
 * events$().subscribe((e) => (counts[e.type] = (counts[e.type] ?? 0) + 1))
 */
export type VenueEventType = VenueEvent['type']

/**
 * Channels that carry no market data: their connections come and go without touching a book.
 * `user-data` is Binance's account stream.
 *
 * @example
 * PRIVATE_CHANNELS.includes(event.channel) // true: this drop leaves the books alone
 */
export const PRIVATE_CHANNELS: readonly string[] = ['private', 'ws-api', 'user-data']
