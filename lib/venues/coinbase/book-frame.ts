/**
 * Coinbase's `level2` frames (channel `l2_data`): the io-ts codec of the envelope and its events, the
 * book frame the driver reads them into (one product, its bid and offer changes apart, as
 * `[price, size]` text), and the single-pass reader of a frame written the venue's usual way. A BTC-USD
 * snapshot is one frame of about 5 MB; the reader takes it in about the time `JSON.parse` alone does.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/websocket/level2
 */
import * as t from 'io-ts'
import { DecodeError } from '../../core/errors.js'
import { isPlainDecimal } from '../../codec/decimal.js'
import { FrameCursor } from '../../codec/frame-cursor.js'
import { SafeInteger } from '../../codec/integer.js'
import type { PriceSizeText } from '../../codec/levels.js'
import { formatErrors } from '../../codec/report.js'
import { parseRfc3339 } from '../../codec/timestamp.js'

const isTime = (s: string): boolean => !Number.isNaN(parseRfc3339(s))

/**
 * One level change of an `l2_data` event: `new_quantity` is the level's size now, `"0"` removes it.
 *
 * @example
 * CoinbaseL2Update.decode({ side: 'offer', event_time: '2026-04-07T14:30:01.456789Z', price_level: '68901.00', new_quantity: '0.00000000' })
 */
export const CoinbaseL2Update = t.type(
  {
    side: t.keyof({ bid: null, offer: null }),
    event_time: t.string,
    price_level: t.refinement(t.string, isPlainDecimal, 'decimal string'),
    new_quantity: t.refinement(t.string, isPlainDecimal, 'decimal string'),
  },
  'Coinbase level2 update',
)
/** A decoded level change. */
export type CoinbaseL2Update = t.TypeOf<typeof CoinbaseL2Update>

/**
 * An `l2_data` frame as sent: the envelope and its events, each a snapshot or an update of one product.
 *
 * @example
 * CoinbaseL2Frame.decode(JSON.parse(text)).right?.events[0]?.type // 'snapshot'
 */
export const CoinbaseL2Frame = t.type(
  {
    channel: t.literal('l2_data'),
    timestamp: t.refinement(t.string, isTime, 'RFC 3339 timestamp'),
    sequence_num: SafeInteger,
    events: t.array(
      t.type({
        type: t.keyof({ snapshot: null, update: null }),
        product_id: t.string,
        updates: t.array(CoinbaseL2Update),
      }),
    ),
  },
  'Coinbase l2_data frame',
)
/** A decoded `l2_data` frame, as sent. */
export type CoinbaseL2Frame = t.TypeOf<typeof CoinbaseL2Frame>

/**
 * An `l2_data` frame as the driver reads it: one product's changes, bids and offers apart in the order
 * sent, each `[price, size]` the venue's text. `route` is the product: the book topic the socket hands
 * it to (the other channels route by channel name, which never holds a `-`).
 *
 * @example
 * const frame: CoinbaseBookFrame = scanCoinbaseBookFrame(text) ?? readCoinbaseBookFrame(JSON.parse(text))
 * frame.asks[0] // ['68901.00', '0.00000000']: the level removed
 */
export interface CoinbaseBookFrame {
  readonly kind: 'l2_data'
  /** The product, as the socket routes the frame. */
  readonly route: string
  /** `sequence_num`: the frame's number on its connection. */
  readonly sequence: number
  /** The envelope's `timestamp` (RFC 3339, to the nanosecond) in epoch ms. */
  readonly ts: number
  readonly snapshot: boolean
  readonly bids: readonly PriceSizeText[]
  readonly asks: readonly PriceSizeText[]
}

/**
 * The book frame of a decoded `l2_data` frame. Its events are taken in order: a snapshot starts the
 * changes over (the frame is then a snapshot), updates add to them. A frame naming two products is
 * refused (its changes could not reach one book), with a {@link DecodeError}.
 *
 * @throws DecodeError when the events name more than one product or there are none.
 * @example
 * readCoinbaseBookFrame(decoded).snapshot // true for a snapshot event
 */
export function readCoinbaseBookFrame(frame: CoinbaseL2Frame, raw = ''): CoinbaseBookFrame {
  const product = frame.events[0]?.product_id
  if (product === undefined || frame.events.some((e) => e.product_id !== product)) {
    throw new DecodeError({
      context: 'coinbase l2_data',
      paths: ['events: expected the events of one product'],
      raw,
      venue: 'coinbase',
    })
  }
  let snapshot = false
  let bids: PriceSizeText[] = []
  let asks: PriceSizeText[] = []
  for (const event of frame.events) {
    if (event.type === 'snapshot') {
      snapshot = true
      bids = []
      asks = []
    }
    for (const u of event.updates) {
      const pair = [u.price_level, u.new_quantity] as unknown as PriceSizeText
      if (u.side === 'bid') bids.push(pair)
      else asks.push(pair)
    }
  }
  return {
    kind: 'l2_data',
    route: product,
    sequence: frame.sequence_num,
    ts: parseRfc3339(frame.timestamp),
    snapshot,
    bids,
    asks,
  }
}

/**
 * Decodes an `l2_data` frame parsed by `JSON.parse` into the driver's book frame.
 *
 * @throws DecodeError naming the bad paths and the raw text.
 * @example
 * decodeCoinbaseBookFrame(JSON.parse(text), text).route // 'BTC-USD'
 */
export function decodeCoinbaseBookFrame(value: unknown, raw: string): CoinbaseBookFrame {
  const result = CoinbaseL2Frame.decode(value)
  if (result._tag === 'Left') {
    throw new DecodeError({
      context: 'coinbase l2_data',
      paths: formatErrors(result.left),
      raw,
      venue: 'coinbase',
    })
  }
  return readCoinbaseBookFrame(result.right, raw)
}

const BID = '{"side":"bid","event_time":'
const OFFER = '{"side":"offer","event_time":'

/**
 * Reads an `l2_data` frame straight from its text when it is written as Coinbase writes them: no
 * blanks, the keys in the venue's order (`channel`, `client_id`, `timestamp`, `sequence_num`,
 * `events`; in an event `type`, `product_id`, `updates`; in an update `side`, `event_time`,
 * `price_level`, `new_quantity`), one event, strings without escapes, every price and size a plain
 * decimal (see `isPlainDecimal`). The text is checked as it is read, in one pass, and the result is
 * what {@link decodeCoinbaseBookFrame} gives for the same frame. Any other text gives `undefined`: it
 * may still be a good frame, which `JSON.parse` and the codec then read (or a bad one, which the codec
 * then explains).
 *
 * Prices and sizes are slices of `text`: one of 13 characters or more may keep `text` in memory for as
 * long as it is kept (V8 shares the characters of long slices).
 *
 * @example
 * scanCoinbaseBookFrame('{"channel":"l2_data","client_id":"","timestamp":"2023-02-09T20:32:50.714964855Z","sequence_num":0,"events":[{"type":"snapshot","product_id":"BTC-USD","updates":[{"side":"bid","event_time":"1970-01-01T00:00:00Z","price_level":"21921.73","new_quantity":"0.06317902"}]}]}')?.bids // [['21921.73', '0.06317902']]
 * scanCoinbaseBookFrame('{"channel": "l2_data"}') // undefined: not as Coinbase writes it
 */
export function scanCoinbaseBookFrame(text: string): CoinbaseBookFrame | undefined {
  const k = new FrameCursor(text)
  if (!k.literal('{"channel":"l2_data","client_id":') || !k.skipString()) return undefined
  if (!k.literal(',"timestamp":')) return undefined
  const timestamp = k.string()
  const ts = timestamp === undefined ? NaN : parseRfc3339(timestamp)
  if (Number.isNaN(ts) || !k.literal(',"sequence_num":')) return undefined
  const sequence = k.integer()
  if (sequence < 0 || !k.literal(',"events":[{"type":"')) return undefined
  let snapshot: boolean
  if (k.literal('snapshot","product_id":')) snapshot = true
  else if (k.literal('update","product_id":')) snapshot = false
  else return undefined
  const product = k.string()
  if (product === undefined || !k.literal(',"updates":[')) return undefined
  const bids: (readonly [string, string])[] = []
  const asks: (readonly [string, string])[] = []
  if (!k.literal(']')) {
    for (;;) {
      let side: (readonly [string, string])[]
      if (k.literal(BID)) side = bids
      else if (k.literal(OFFER)) side = asks
      else return undefined
      if (!k.skipString() || !k.literal(',"price_level":')) return undefined
      const price = k.decimal()
      if (price === undefined || !k.literal(',"new_quantity":')) return undefined
      const size = k.decimal()
      if (size === undefined || !k.literal('}')) return undefined
      side.push([price, size])
      if (k.literal(',')) continue
      if (k.literal(']')) break
      return undefined
    }
  }
  if (!k.literal('}]}') || !k.atEnd()) return undefined
  return {
    kind: 'l2_data',
    route: product,
    sequence,
    ts,
    snapshot,
    bids: bids as unknown as PriceSizeText[],
    asks: asks as unknown as PriceSizeText[],
  }
}
