/**
 * The shapes the scale bench's client processes share: what a client is given and what it hands back.
 */
import type { LatencyHistogram } from './scale-measure.js'
import type { ScaleSymbol } from './scale-symbols.js'

/** A client's name. */
export type ClientName = 'rxvenue' | 'bare' | 'ccxt'

/** What a client is given. */
export interface ClientContext {
  /** `http://127.0.0.1:<port>` */
  readonly http: string
  /** `ws://127.0.0.1:<port>` */
  readonly ws: string
  readonly symbols: readonly ScaleSymbol[]
  /** Where every book update's latency goes. */
  readonly latency: LatencyHistogram
  /** rxvenue from its build or from its sources. */
  readonly source: 'dist' | 'src'
  /** The repository. */
  readonly root: string
}

/** A running client. */
export interface ScaleClient {
  /** Books (symbol × venue) that have delivered at least once. */
  synced(): number
  /** Its own counters (errors, resyncs). */
  counters(): Record<string, number>
  close(): Promise<void>
}
