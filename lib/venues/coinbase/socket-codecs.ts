/**
 * io-ts codecs of the Coinbase Advanced Trade market socket's frames (`ticker`, `market_trades`,
 * `candles`, `heartbeats`, `subscriptions`, errors), and the one decoder of every frame the socket
 * reads, `level2` included (see book-frame.ts). Every frame carries `sequence_num`, counted per
 * connection across all channels.
 * https://docs.cdp.coinbase.com/coinbase-app/advanced-trade-apis/websocket/websocket-channels
 */
import * as t from 'io-ts'
import { DecodeError } from '../../core/errors.js'
import { DecimalString } from '../../codec/decimal.js'
import { SafeInteger } from '../../codec/integer.js'
import { formatErrors } from '../../codec/report.js'
import { IsoTimestamp, SecondsTimestamp } from '../../codec/timestamp.js'
import { decodeCoinbaseBookFrame, scanCoinbaseBookFrame, type CoinbaseBookFrame } from './book-frame.js'
import { CoinbaseOptionalDecimal, CoinbaseSide } from './codecs.js'

/** An envelope around `events` of one channel. */
function envelope<C extends t.Mixed>(channel: string, event: C) {
  return t.type(
    {
      channel: t.literal(channel),
      timestamp: IsoTimestamp,
      sequence_num: SafeInteger,
      events: t.array(event),
    },
    `Coinbase ${channel} frame`,
  )
}

/**
 * One product's ticker: the last price, 24 h figures and the best prices with their sizes.
 *
 * @example
 * CoinbaseTicker.decode(fixture.events[0].tickers[0]).right?.best_bid // Decimal 21931.98
 */
export const CoinbaseTicker = t.intersection(
  [
    t.type({
      product_id: t.string,
      price: DecimalString,
      volume_24_h: DecimalString,
      low_24_h: DecimalString,
      high_24_h: DecimalString,
    }),
    t.partial({
      best_bid: CoinbaseOptionalDecimal,
      best_bid_quantity: CoinbaseOptionalDecimal,
      best_ask: CoinbaseOptionalDecimal,
      best_ask_quantity: CoinbaseOptionalDecimal,
    }),
  ],
  'Coinbase ticker',
)
/** A decoded ticker. */
export type CoinbaseTicker = t.TypeOf<typeof CoinbaseTicker>

/**
 * A `ticker` frame: the tickers of one or more products.
 *
 * @example
 * CoinbaseTickerFrame.decode(fixture).right?.events[0]?.tickers[0]?.price // Decimal 21932.98
 */
export const CoinbaseTickerFrame = envelope('ticker', t.type({ tickers: t.array(CoinbaseTicker) }))
/** A decoded `ticker` frame. */
export type CoinbaseTickerFrame = t.TypeOf<typeof CoinbaseTickerFrame>

/**
 * One trade of a `market_trades` frame; `side` is the maker's.
 *
 * @example
 * CoinbaseWsTrade.decode(fixture.events[0].trades[0]).right?.side // 'BUY'
 */
export const CoinbaseWsTrade = t.type(
  {
    trade_id: t.string,
    product_id: t.string,
    price: DecimalString,
    size: DecimalString,
    side: CoinbaseSide,
    time: IsoTimestamp,
  },
  'Coinbase market trade',
)
/** A decoded trade of the socket. */
export type CoinbaseWsTrade = t.TypeOf<typeof CoinbaseWsTrade>

/**
 * A `market_trades` frame: trades of the last 250 ms, of one or more products. The first after a
 * subscribe is a `snapshot` of recent trades, then `update`s.
 *
 * @example
 * CoinbaseTradesFrame.decode(fixture).right?.events[0]?.trades.length // 1
 */
export const CoinbaseTradesFrame = envelope(
  'market_trades',
  t.type({ type: t.keyof({ snapshot: null, update: null }), trades: t.array(CoinbaseWsTrade) }),
)
/** A decoded `market_trades` frame. */
export type CoinbaseTradesFrame = t.TypeOf<typeof CoinbaseTradesFrame>

/**
 * One five-minute candle of a `candles` frame; `start` in seconds, as a string.
 *
 * @example
 * CoinbaseWsCandle.decode(fixture.events[0].candles[0]).right?.product_id // 'ETH-USD'
 */
export const CoinbaseWsCandle = t.type(
  {
    start: SecondsTimestamp,
    high: DecimalString,
    low: DecimalString,
    open: DecimalString,
    close: DecimalString,
    volume: DecimalString,
    product_id: t.string,
  },
  'Coinbase candle',
)
/** A decoded candle of the socket. */
export type CoinbaseWsCandle = t.TypeOf<typeof CoinbaseWsCandle>

/**
 * A `candles` frame.
 *
 * @example
 * CoinbaseCandlesFrame.decode(fixture).right?.events[0]?.candles[0]?.close // Decimal 1866.81
 */
export const CoinbaseCandlesFrame = envelope('candles', t.type({ candles: t.array(CoinbaseWsCandle) }))
/** A decoded `candles` frame. */
export type CoinbaseCandlesFrame = t.TypeOf<typeof CoinbaseCandlesFrame>

/**
 * A `heartbeats` frame. `heartbeat_counter` is a string in the docs and a number on the wire: both are
 * taken.
 *
 * @example
 * CoinbaseHeartbeatFrame.is(JSON.parse(text)) // true for either form
 */
export const CoinbaseHeartbeatFrame = envelope(
  'heartbeats',
  t.type({ current_time: t.string, heartbeat_counter: t.union([t.string, SafeInteger]) }),
)
/** A decoded `heartbeats` frame. */
export type CoinbaseHeartbeatFrame = t.TypeOf<typeof CoinbaseHeartbeatFrame>

/**
 * The venue's answer to a subscribe or unsubscribe: every subscription of the connection now.
 *
 * @example
 * CoinbaseSubscriptionsFrame.decode(frame).right?.events[0]?.subscriptions.level2 // ['BTC-USD']
 */
export const CoinbaseSubscriptionsFrame = envelope(
  'subscriptions',
  t.type({ subscriptions: t.record(t.string, t.array(t.string)) }),
)
/** A decoded `subscriptions` frame. */
export type CoinbaseSubscriptionsFrame = t.TypeOf<typeof CoinbaseSubscriptionsFrame>

/**
 * An error the socket reports (a refused subscription), `{ "type": "error", "message": … }`.
 *
 * @example
 * CoinbaseErrorFrame.is({ type: 'error', message: 'Failed to subscribe' }) // true
 */
export const CoinbaseErrorFrame = t.type({ type: t.literal('error'), message: t.string }, 'Coinbase error')
/** A decoded error frame. */
export type CoinbaseErrorFrame = t.TypeOf<typeof CoinbaseErrorFrame>

/** A decoded frame of a channel other than `l2_data`: its channel as `kind`, as the socket routes it. */
type Framed<K extends string, F> = {
  readonly kind: K
  readonly route: K
  readonly sequence: number
  readonly frame: F
}

/**
 * Every frame the market socket delivers, decoded and told apart by `kind`. `route` is what the socket
 * routes by (a book frame's product, another data frame's channel), `sequence` the frame's number on
 * its connection (none on an error).
 *
 * @example
 * const f: CoinbaseFrame = decodeCoinbaseFrame(text)
 * if (f.kind === 'ticker') f.frame.events[0]?.tickers
 */
export type CoinbaseFrame =
  | CoinbaseBookFrame
  | Framed<'ticker', CoinbaseTickerFrame>
  | Framed<'market_trades', CoinbaseTradesFrame>
  | Framed<'candles', CoinbaseCandlesFrame>
  | Framed<'heartbeats', CoinbaseHeartbeatFrame>
  | Framed<'subscriptions', CoinbaseSubscriptionsFrame>
  | {
      readonly kind: 'error'
      readonly route: undefined
      readonly sequence: undefined
      readonly frame: CoinbaseErrorFrame
    }

const CHANNELS: ReadonlyMap<string, t.Decoder<unknown, unknown>> = new Map<
  string,
  t.Decoder<unknown, unknown>
>([
  ['ticker', CoinbaseTickerFrame],
  ['market_trades', CoinbaseTradesFrame],
  ['candles', CoinbaseCandlesFrame],
  ['heartbeats', CoinbaseHeartbeatFrame],
  ['subscriptions', CoinbaseSubscriptionsFrame],
])

/**
 * Parses and decodes one frame of the market socket by its channel's codec. An `l2_data` frame written
 * the venue's usual way is read from its text by `scanCoinbaseBookFrame`. Anything else the socket
 * cannot use (not JSON, an unknown channel, a shape the codec refuses) throws a {@link DecodeError}
 * naming the channel, the bad paths and the raw text.
 *
 * @throws DecodeError
 * @example
 * const f = decodeCoinbaseFrame(text)
 * if (f.kind === 'l2_data') f.bids
 */
export function decodeCoinbaseFrame(text: string): CoinbaseFrame {
  // book frames are most of the bytes: read straight from the text when written the venue's usual way
  const book = scanCoinbaseBookFrame(text)
  if (book !== undefined) return book
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw frameError('coinbase frame', [`(root): invalid JSON (${(e as Error).message})`], text, e)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw frameError('coinbase frame', ['(root): expected a channel frame'], text)
  }
  const channel = (value as { channel?: unknown }).channel
  if (channel === 'l2_data') return decodeCoinbaseBookFrame(value, text)
  if (typeof channel === 'string') {
    const codec = CHANNELS.get(channel)
    if (codec === undefined) throw frameError(`coinbase ${channel}`, [`channel: unknown "${channel}"`], text)
    const result = codec.decode(value)
    if (result._tag === 'Left') throw frameError(`coinbase ${channel}`, formatErrors(result.left), text)
    const frame = result.right as { readonly sequence_num: number }
    return { kind: channel, route: channel, sequence: frame.sequence_num, frame } as CoinbaseFrame
  }
  const error = CoinbaseErrorFrame.decode(value)
  if (error._tag === 'Right')
    return { kind: 'error', route: undefined, sequence: undefined, frame: error.right }
  throw frameError('coinbase frame', ['(root): expected a channel frame or an error'], text)
}

function frameError(context: string, paths: readonly string[], raw: string, cause?: unknown): DecodeError {
  return new DecodeError({ context, paths, raw, venue: 'coinbase', cause })
}
