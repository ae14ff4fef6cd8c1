import type { SequenceRule, SequenceVerdict } from './sequence-rule.js'

/**
 * No continuity check: every delta applies. For feeds without update ids, where staleness is caught
 * elsewhere (timeouts, periodic snapshots).
 *
 * @example
 * new L2Book({ venue: 'mock', symbol: 'BTC/USDT', sequence: unsequenced })
 */
export const unsequenced: SequenceRule = {
  name: 'unsequenced',
  check: () => 'apply',
}

function nextId(current: number | undefined, last: number | undefined): SequenceVerdict {
  if (current === undefined || last === undefined) {
    return { expected: current === undefined ? undefined : current + 1, got: last }
  }
  if (last === current + 1) return 'apply'
  if (last <= current) return 'stale'
  return { expected: current + 1, got: last }
}

/**
 * One id per message, each the previous plus one; an older or repeated id is stale; an id of `1` after
 * anything but `0` is a restart of the venue's history and resets the book (the delta is applied as a
 * snapshot). This is Bybit v5 `orderbook.*`'s `u`.
 *
 * ```
 * book at u=41:  u=42 apply · u=41 stale · u=44 gap (expected 42, got 44) · u=1 reset
 * ```
 *
 * @example
 * // https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook
 * const book = new L2Book({ venue: 'bybit', symbol: 'BTC/USDT', depth: 50, sequence: consecutiveUpdateIds })
 * book.applyDelta({ bids: data.b, asks: data.a, sequence: data.u })
 */
export const consecutiveUpdateIds: SequenceRule = {
  name: 'consecutiveUpdateIds',
  check: (current, _first, last) => (last === 1 && current !== 0 ? 'reset' : nextId(current, last)),
}

/**
 * Each message covers a range of ids `first..last`; it applies when it covers the id after the book's
 * (`first <= current + 1 <= last`), is stale when it ends at or before the book's id, and leaves a gap when
 * it starts after the next id. The first event after a snapshot may straddle the snapshot's id; sizes
 * are absolute, so replaying its already-covered part is harmless. Later events then follow with
 * `first = previous last + 1`. This is Binance's diff depth `U`/`u` against the REST `lastUpdateId`.
 *
 * ```
 * book at 100:  U=95 u=100 stale · U=98 u=104 apply · U=101 u=103 apply · U=102 u=110 gap (expected 101, got 102)
 * ```
 *
 * @example
 * // https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#how-to-manage-a-local-order-book-correctly
 * book.applySnapshot({ bids: rest.bids, asks: rest.asks, sequence: rest.lastUpdateId })
 * book.applyDelta({ bids: e.b, asks: e.a, firstSequence: e.U, sequence: e.u })
 */
export const rangedUpdateIds: SequenceRule = {
  name: 'rangedUpdateIds',
  check: (current, first, last) => {
    if (current === undefined || first === undefined || last === undefined) {
      return { expected: current === undefined ? undefined : current + 1, got: first ?? last }
    }
    if (last <= current) return 'stale'
    if (first > current + 1) return { expected: current + 1, got: first }
    return 'apply'
  },
}

/**
 * One sequence number per message, strictly the previous plus one, no resets; an older or repeated
 * number is stale. This is Coinbase Advanced Trade's `sequence_num`. It counts every message of a
 * connection, all channels together, so it is the book's rule only on a connection carrying nothing
 * else; a venue layer that multiplexes checks the connection's numbers itself and numbers the book's
 * messages consecutively.
 *
 * ```
 * book at 7:  8 apply · 7 stale · 10 gap (expected 8, got 10) · 1 stale
 * ```
 *
 * @example
 * new L2Book({ venue: 'coinbase', symbol: 'BTC/USD', sequence: strictSequence })
 */
export const strictSequence: SequenceRule = {
  name: 'strictSequence',
  check: (current, _first, last) => nextId(current, last),
}
