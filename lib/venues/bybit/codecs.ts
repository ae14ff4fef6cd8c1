// size: the venue's public codecs, one per wire payload, with the single-pass book frame reader they back
/**
 * io-ts codecs of Bybit v5's public payloads (spot): the REST response envelope and `result`s of the
 * market endpoints, and the public WebSocket's topic frames and control replies. Field names are the
 * venue's; each wire type is declared once and its TypeScript type derived from it.
 *
 * Wire facts: https://bybit-exchange.github.io/docs/v5/market/time (and `instrument`, `orderbook`,
 * `recent-trade`, `kline`, `tickers`), https://bybit-exchange.github.io/docs/v5/websocket/public/orderbook
 * (and `trade`, `ticker`, `kline`).
 */
import * as t from 'io-ts'
import { Decimal } from '../../core/decimal.js'
import { DecodeError } from '../../core/errors.js'
import type { Timestamped } from '../../core/model.js'
import { DecimalString, isPlainDecimal } from '../../codec/decimal.js'
import { NumericString, SafeInteger } from '../../codec/integer.js'
import { levelPairs, LevelRun, type WithBookLevels } from '../../codec/level-run.js'
import {
  isPriceSizeTextLevels,
  PriceSizeTextLevels,
  textLevels,
  TextLevel,
  type PriceSizeText,
} from '../../codec/levels.js'
import { FrameCursor } from '../../codec/frame-cursor.js'
import { formatErrors } from '../../codec/report.js'
import { MillisTimestamp, NanosTimestamp } from '../../codec/timestamp.js'

// ---- shared pieces ----

export { TextLevel, textLevels }

/**
 * A decimal string that Bybit leaves empty when there is no value (`bid1Price: ""` on a pair without
 * bids): `""` decodes to `undefined`.
 *
 * @example
 * BybitOptionalDecimal.decode('')        // Right(undefined)
 * BybitOptionalDecimal.decode('20517.96') // Right(Decimal 20517.96)
 */
export const BybitOptionalDecimal = new t.Type<Decimal | undefined, string, unknown>(
  'decimal string or ""',
  (u): u is Decimal | undefined => u === undefined || u instanceof Decimal,
  (u, c) => {
    if (u === '') return t.success(undefined)
    return typeof u === 'string' && isPlainDecimal(u) ? t.success(new Decimal(u)) : t.failure(u, c)
  },
  (d) => (d === undefined ? '' : d.toFixed()),
)

/**
 * A taker or order side as Bybit writes it.
 *
 * @example
 * BybitSide.decode('Buy') // Right('Buy')
 */
export const BybitSide = t.keyof({ Buy: null, Sell: null })
/** `Buy` or `Sell`. */
export type BybitSide = t.TypeOf<typeof BybitSide>

// ---- REST ----

/**
 * The envelope of every REST answer, `{ retCode, retMsg, result, retExtInfo, time }`, around a `result`
 * codec. A non-zero `retCode` is turned into a `VenueError` before decoding (see context.ts); the
 * codec itself accepts any code so a caller can decode an error answer too.
 *
 * @example
 * decode(bybitEnvelope(BybitServerTime), body, 'GET /v5/market/time', 'bybit').result.timeNano
 */
export function bybitEnvelope<C extends t.Mixed>(result: C) {
  return t.type(
    { retCode: SafeInteger, retMsg: t.string, result, retExtInfo: t.unknown, time: SafeInteger },
    `Bybit response<${result.name}>`,
  )
}

/**
 * The fields of the envelope alone, for reading `retCode` and `retMsg` of any answer.
 *
 * @example
 * BybitEnvelopeHead.is(JSON.parse(body)) // true for any Bybit answer, error or not
 */
export const BybitEnvelopeHead = t.type({ retCode: SafeInteger, retMsg: t.string }, 'Bybit response')
/** A decoded envelope head. */
export type BybitEnvelopeHead = t.TypeOf<typeof BybitEnvelopeHead>

/**
 * `result` of `GET /v5/market/time`: seconds and nanoseconds, both digit strings.
 *
 * @example
 * decode(bybitEnvelope(BybitServerTime), body, 'GET /v5/market/time').result.timeNano.timestamp
 */
export const BybitServerTime = t.type(
  { timeSecond: NumericString, timeNano: NanosTimestamp },
  'Bybit server time',
)
/** A decoded server time. */
export type BybitServerTime = t.TypeOf<typeof BybitServerTime>

/**
 * One spot instrument of `GET /v5/market/instruments-info`. `minOrderQty`, `maxOrderQty` and
 * `maxOrderAmt` are deprecated by the venue, so they may go missing.
 *
 * @example
 * BybitSpotInstrument.decode(answer.result.list[0]) // Right({ symbol: 'BTCUSDT', priceFilter: { tickSize: Decimal 0.1 }, … })
 */
export const BybitSpotInstrument = t.type(
  {
    symbol: t.string,
    baseCoin: t.string,
    quoteCoin: t.string,
    status: t.string,
    lotSizeFilter: t.intersection([
      t.type({ basePrecision: DecimalString }),
      t.partial({
        quotePrecision: DecimalString,
        minOrderQty: DecimalString,
        maxOrderQty: DecimalString,
        minOrderAmt: DecimalString,
        maxOrderAmt: DecimalString,
        maxLimitOrderQty: DecimalString,
        maxMarketOrderQty: DecimalString,
      }),
    ]),
    priceFilter: t.type({ tickSize: DecimalString }),
  },
  'Bybit spot instrument',
)
/** A decoded spot instrument. */
export type BybitSpotInstrument = t.TypeOf<typeof BybitSpotInstrument>

/**
 * `result` of `GET /v5/market/instruments-info?category=spot`.
 *
 * @example
 * bybitEnvelope(BybitInstrumentsPage).decode(answer) // Right({ …, result: { category: 'spot', list } })
 */
export const BybitInstrumentsPage = t.intersection([
  t.type({ category: t.literal('spot'), list: t.array(BybitSpotInstrument) }),
  t.partial({ nextPageCursor: t.string }),
])
/** A decoded page of instruments. */
export type BybitInstrumentsPage = t.TypeOf<typeof BybitInstrumentsPage>

/**
 * `result` of `GET /v5/market/orderbook`: levels as validated text, `u` the update id.
 *
 * @example
 * bybitEnvelope(BybitOrderBookSnapshot).decode(answer).right?.result.b[0] // ['16638.27', '0.305749']
 */
export const BybitOrderBookSnapshot = t.intersection([
  t.type({
    s: t.string,
    b: PriceSizeTextLevels,
    a: PriceSizeTextLevels,
    ts: MillisTimestamp,
    u: SafeInteger,
  }),
  t.partial({ seq: SafeInteger, cts: SafeInteger }),
])
/** A decoded REST order book. */
export type BybitOrderBookSnapshot = t.TypeOf<typeof BybitOrderBookSnapshot>

/**
 * One trade of `GET /v5/market/recent-trade`; `side` is the taker's.
 *
 * @example
 * BybitRecentTrade.decode(row) // Right({ execId, price: Decimal, side: 'Buy', time: { timestamp, rawTimestamp } })
 */
export const BybitRecentTrade = t.intersection([
  t.type({
    execId: t.string,
    symbol: t.string,
    price: DecimalString,
    size: DecimalString,
    side: BybitSide,
    time: MillisTimestamp,
  }),
  t.partial({ isBlockTrade: t.boolean }),
])
/** A decoded recent trade. */
export type BybitRecentTrade = t.TypeOf<typeof BybitRecentTrade>

/**
 * `result` of `GET /v5/market/recent-trade?category=spot`.
 *
 * @example
 * bybitEnvelope(BybitRecentTrades).decode(answer)
 */
export const BybitRecentTrades = t.type({ category: t.literal('spot'), list: t.array(BybitRecentTrade) })
/** Decoded recent trades. */
export type BybitRecentTrades = t.TypeOf<typeof BybitRecentTrades>

const KLINE_COLUMNS = [
  MillisTimestamp,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
] as const

/** A decoded kline row: `[start, open, high, low, close, volume, turnover]`. */
export type BybitKlineRow = readonly [Timestamped, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]

/**
 * One kline row: `[startTime, open, high, low, close, volume, turnover]`, all strings (a hand-made tuple:
 * io-ts tuples stop at five members). Columns the venue may add later are ignored.
 *
 * @example
 * BybitKlineRow.decode(['1670608800000', '17071', '17073', '17027', '17055.5', '268611', '15.74462667'])
 */
export const BybitKlineRow = new t.Type<BybitKlineRow, string[], unknown>(
  'Bybit kline row',
  (u): u is BybitKlineRow =>
    Array.isArray(u) && u.length >= KLINE_COLUMNS.length && KLINE_COLUMNS.every((codec, i) => codec.is(u[i])),
  (u, c) => {
    if (!Array.isArray(u) || u.length < KLINE_COLUMNS.length) return t.failure(u, c)
    const out: unknown[] = []
    const errors: t.Errors = []
    KLINE_COLUMNS.forEach((codec, i) => {
      const value: unknown = u[i]
      const r = codec.validate(value, t.appendContext(c, String(i), codec, value))
      if (r._tag === 'Left') errors.push(...r.left)
      else out.push(r.right)
    })
    return errors.length > 0 ? t.failures(errors) : t.success(out as unknown as BybitKlineRow)
  },
  (row) => [String(row[0].rawTimestamp), ...row.slice(1).map((d) => (d as Decimal).toFixed())],
)

/**
 * `result` of `GET /v5/market/kline`: rows newest first.
 *
 * @example
 * bybitEnvelope(BybitKlines).decode(answer) // rows newest first, as sent
 */
export const BybitKlines = t.type({ symbol: t.string, category: t.string, list: t.array(BybitKlineRow) })
/** Decoded klines. */
export type BybitKlines = t.TypeOf<typeof BybitKlines>

/**
 * One spot row of `GET /v5/market/tickers`; best prices are `""` when a side is empty.
 *
 * @example
 * BybitSpotTickerRow.decode({ ...row, bid1Price: '' }) // bid1Price: undefined
 */
export const BybitSpotTickerRow = t.type(
  {
    symbol: t.string,
    bid1Price: BybitOptionalDecimal,
    bid1Size: BybitOptionalDecimal,
    ask1Price: BybitOptionalDecimal,
    ask1Size: BybitOptionalDecimal,
    lastPrice: BybitOptionalDecimal,
    prevPrice24h: BybitOptionalDecimal,
    highPrice24h: BybitOptionalDecimal,
    lowPrice24h: BybitOptionalDecimal,
    turnover24h: BybitOptionalDecimal,
    volume24h: BybitOptionalDecimal,
  },
  'Bybit spot ticker',
)
/** A decoded REST ticker. */
export type BybitSpotTickerRow = t.TypeOf<typeof BybitSpotTickerRow>

/**
 * `result` of `GET /v5/market/tickers?category=spot`.
 *
 * @example
 * bybitEnvelope(BybitSpotTickers).decode(answer)
 */
export const BybitSpotTickers = t.type({ category: t.literal('spot'), list: t.array(BybitSpotTickerRow) })
/** Decoded REST tickers. */
export type BybitSpotTickers = t.TypeOf<typeof BybitSpotTickers>

// ---- public WebSocket ----

/**
 * An `orderbook.{depth}.{symbol}` frame. Levels stay the venue's validated text (no Decimal is built
 * while decoding), so the codec returns the parsed frame itself.
 *
 * @example
 * BybitBookFrameShape.decode(JSON.parse(text)) // the composed codec; BybitBookFrame adds the fast path
 */
export const BybitBookFrameShape = t.type(
  {
    topic: t.string,
    type: t.keyof({ snapshot: null, delta: null }),
    ts: SafeInteger,
    data: t.type({
      s: t.string,
      b: PriceSizeTextLevels,
      a: PriceSizeTextLevels,
      u: SafeInteger,
      seq: t.union([SafeInteger, t.undefined]),
    }),
    // optional fields as unions with undefined: an intersection would put its member index in error paths
    cts: t.union([SafeInteger, t.undefined]),
  },
  'Bybit orderbook frame',
)
/** A decoded `orderbook` frame. */
export type BybitBookFrame = t.TypeOf<typeof BybitBookFrameShape>

const optionalSafeInteger = (u: unknown): boolean => u === undefined || Number.isSafeInteger(u)

/**
 * The same test as {@link BybitBookFrameShape}, written out so a good frame costs no allocation: io-ts
 * builds a context per property even when nothing is wrong. A test pins the two to the same answers.
 *
 * @example
 * isBybitBookFrame(JSON.parse(text)) // true for a well-formed snapshot or delta
 */
export function isBybitBookFrame(u: unknown): u is BybitBookFrame {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  const f = u as Record<string, unknown>
  const data = f['data']
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false
  const d = data as Record<string, unknown>
  const type = f['type']
  return (
    typeof f['topic'] === 'string' &&
    (type === 'snapshot' || type === 'delta') &&
    Number.isSafeInteger(f['ts']) &&
    optionalSafeInteger(f['cts']) &&
    typeof d['s'] === 'string' &&
    Number.isSafeInteger(d['u']) &&
    optionalSafeInteger(d['seq']) &&
    isPriceSizeTextLevels(d['b']) &&
    isPriceSizeTextLevels(d['a'])
  )
}

/**
 * {@link BybitBookFrameShape} with an allocation-free fast path for good frames (see
 * {@link isBybitBookFrame}); a bad frame is reported by the composed codec, with exact paths.
 *
 * @example
 * BybitBookFrame.decode(JSON.parse(text)) // Right(the same object) or Left(errors at data.b[3][0] …)
 */
export const BybitBookFrame = new t.Type<BybitBookFrame, BybitBookFrame, unknown>(
  BybitBookFrameShape.name,
  isBybitBookFrame,
  (u, c) => (isBybitBookFrame(u) ? t.success(u) : BybitBookFrameShape.validate(u, c)),
  (a) => a,
)

/**
 * Reads an `orderbook` frame straight from its text when it is written as Bybit writes them: no blanks,
 * the keys in the venue's order (`topic`, `type`, `ts`, `data` with `s`, `b`, `a`, `u`, `seq`, then
 * `cts`), integers without sign, fraction or exponent, strings without escapes, and every price and size
 * a plain decimal (see `isPlainDecimal`). The text is checked as it is read, in one pass, and the result is
 * exactly what `JSON.parse` gives for it, a frame {@link isBybitBookFrame} accepts. Any other text gives
 * `undefined`: it may still be a good frame, which `JSON.parse` and the codec then read (and a bad one,
 * which the codec then explains). On book frames this costs about half of what `JSON.parse` alone does
 * (bench/README.md), since it builds only what the frame holds and never a property map.
 *
 * Prices and sizes are slices of `text`: one of 13 characters or more may keep `text` in memory for as
 * long as it is kept (V8 shares the characters of long slices).
 *
 * @example
 * scanBybitBookFrame('{"topic":"orderbook.1.BTCUSDT","type":"delta","ts":1,"data":{"s":"BTCUSDT","b":[["1.5","2"]],"a":[],"u":2,"seq":3},"cts":1}')?.data.b // [['1.5', '2']]
 * scanBybitBookFrame('{"topic": "orderbook.1.BTCUSDT"}') // undefined: not as Bybit writes it
 */
export function scanBybitBookFrame(text: string): BybitBookFrame | undefined {
  const message = scanBybitBook(text)
  if (message === undefined) return undefined
  const { b, a } = message.data
  return {
    ...message,
    data: { ...message.data, b: levelPairs(b) as PriceSizeText[], a: levelPairs(a) as PriceSizeText[] },
  }
}

/**
 * An `orderbook` frame as the public socket's decoder gives it: levels as text pairs (a frame read by
 * `JSON.parse` and its codec) or as spans of the frame's text ({@link scanBybitBook}).
 *
 * @example
 * const m: BybitBookMessage = scanBybitBook(text) ?? BybitBookFrame.decode(JSON.parse(text)).right
 */
export type BybitBookMessage = Omit<BybitBookFrame, 'data'> & {
  readonly data: WithBookLevels<BybitBookFrame['data']>
}

/**
 * {@link scanBybitBookFrame}'s reading, with the levels left in place as {@link LevelRun}s (both sides
 * share one spans array): a book then cuts only the strings it keeps.
 *
 * @example
 * scanBybitBook(text)?.data.b.length // 1
 */
export function scanBybitBook(text: string): BybitBookMessage | undefined {
  const k = new FrameCursor(text)
  if (!k.literal('{"topic":')) return undefined
  const topic = k.string()
  if (topic === undefined || !topic.startsWith('orderbook.')) return undefined
  let type: 'delta' | 'snapshot'
  if (k.literal(',"type":"delta","ts":')) type = 'delta'
  else if (k.literal(',"type":"snapshot","ts":')) type = 'snapshot'
  else return undefined
  const ts = k.integer()
  if (ts < 0 || !k.literal(',"data":{"s":')) return undefined
  const s = k.string()
  if (s === undefined || !k.literal(',"b":') || !k.levelSpans()) return undefined
  const split = k.spanCount
  if (!k.literal(',"a":') || !k.levelSpans() || !k.literal(',"u":')) return undefined
  const u = k.integer()
  if (u < 0 || !k.literal(',"seq":')) return undefined
  const seq = k.integer()
  if (seq < 0 || !k.literal('},"cts":')) return undefined
  const cts = k.integer()
  if (cts < 0 || !k.literal('}') || !k.atEnd()) return undefined
  const spans = k.spans()
  const b = new LevelRun(text, spans, 0, split)
  const a = new LevelRun(text, spans, split, spans.length)
  return { topic, type, ts, data: { s, b, a, u, seq }, cts }
}

/**
 * One trade of a `publicTrade.{symbol}` frame: `S` is the taker's side, `i` the trade id.
 *
 * @example
 * BybitPublicTrade.decode({ T: 1672304486865, s: 'BTCUSDT', S: 'Buy', v: '0.001', p: '16578.50', i: '2290000000061666327' })
 */
export const BybitPublicTrade = t.intersection([
  t.type({
    T: MillisTimestamp,
    s: t.string,
    S: BybitSide,
    v: DecimalString,
    p: DecimalString,
    i: t.string,
  }),
  t.partial({ BT: t.boolean, L: t.string }),
])
/** A decoded public trade. */
export type BybitPublicTrade = t.TypeOf<typeof BybitPublicTrade>

/**
 * A `publicTrade.{symbol}` frame: trades in match order.
 *
 * @example
 * BybitTradeFrame.decode(JSON.parse(text)).right?.data[0]?.p // Decimal
 */
export const BybitTradeFrame = t.type(
  { topic: t.string, type: t.string, ts: SafeInteger, data: t.array(BybitPublicTrade) },
  'Bybit publicTrade frame',
)
/** A decoded `publicTrade` frame. */
export type BybitTradeFrame = t.TypeOf<typeof BybitTradeFrame>

/**
 * The spot `tickers.{symbol}` payload (spot sends snapshots only: every field, every time).
 *
 * @example
 * BybitSpotTickerData.decode(frame.data) // Right({ lastPrice: Decimal, … })
 */
export const BybitSpotTickerData = t.type(
  {
    symbol: t.string,
    lastPrice: DecimalString,
    highPrice24h: DecimalString,
    lowPrice24h: DecimalString,
    prevPrice24h: DecimalString,
    volume24h: DecimalString,
    turnover24h: DecimalString,
  },
  'Bybit spot ticker data',
)
/** Decoded spot ticker data. */
export type BybitSpotTickerData = t.TypeOf<typeof BybitSpotTickerData>

/**
 * A spot `tickers.{symbol}` frame.
 *
 * @example
 * BybitTickerFrame.decode(JSON.parse(text)).right?.data.lastPrice // Decimal
 */
export const BybitTickerFrame = t.type(
  { topic: t.string, type: t.literal('snapshot'), ts: MillisTimestamp, data: BybitSpotTickerData },
  'Bybit tickers frame',
)
/** A decoded `tickers` frame. */
export type BybitTickerFrame = t.TypeOf<typeof BybitTickerFrame>

/**
 * One candle of a `kline.{interval}.{symbol}` frame; `confirm` is true once it closed.
 *
 * @example
 * BybitWsKline.decode(frame.data[0]).right?.confirm // false while the candle forms
 */
export const BybitWsKline = t.type(
  {
    start: MillisTimestamp,
    end: SafeInteger,
    interval: t.string,
    open: DecimalString,
    close: DecimalString,
    high: DecimalString,
    low: DecimalString,
    volume: DecimalString,
    turnover: DecimalString,
    confirm: t.boolean,
    timestamp: SafeInteger,
  },
  'Bybit kline',
)
/** A decoded WS kline. */
export type BybitWsKline = t.TypeOf<typeof BybitWsKline>

/**
 * A `kline.{interval}.{symbol}` frame.
 *
 * @example
 * BybitKlineFrame.decode(JSON.parse(text)).right?.data.length // 1
 */
export const BybitKlineFrame = t.type(
  { topic: t.string, type: t.string, ts: SafeInteger, data: t.array(BybitWsKline) },
  'Bybit kline frame',
)
/** A decoded `kline` frame. */
export type BybitKlineFrame = t.TypeOf<typeof BybitKlineFrame>

/**
 * A control reply of the public socket: a subscribe/unsubscribe answer
 * (`{"success":true,"ret_msg":"subscribe","req_id":"1","op":"subscribe",…}`) or a pong
 * (`{"success":true,"ret_msg":"pong","op":"ping",…}` on spot, `{"op":"pong",…}` elsewhere).
 *
 * @example
 * BybitOpFrame.decode({ success: true, ret_msg: 'subscribe', req_id: '1', op: 'subscribe' })
 */
export const BybitOpFrame = t.intersection(
  [
    t.type({ op: t.string }),
    t.partial({ success: t.boolean, ret_msg: t.string, req_id: t.string, conn_id: t.string }),
  ],
  'Bybit op reply',
)
/** A decoded control reply. */
export type BybitOpFrame = t.TypeOf<typeof BybitOpFrame>

/**
 * True when a control reply is a pong. Spot answers a ping with `op: "ping"` and `ret_msg: "pong"`.
 *
 * @example
 * isBybitPong({ success: true, ret_msg: 'pong', op: 'ping' }) // true
 */
export function isBybitPong(frame: BybitOpFrame): boolean {
  return frame.op === 'pong' || (frame.op === 'ping' && frame.ret_msg === 'pong')
}

/**
 * Every frame the public socket delivers, decoded and told apart by `kind`.
 *
 * @example
 * const f: BybitPublicFrame = decodeBybitPublicFrame(text)
 * if (f.kind === 'tickers') f.frame.data.lastPrice
 */
export type BybitPublicFrame =
  | { readonly kind: 'orderbook'; readonly topic: string; readonly frame: BybitBookMessage }
  | { readonly kind: 'publicTrade'; readonly topic: string; readonly frame: BybitTradeFrame }
  | { readonly kind: 'tickers'; readonly topic: string; readonly frame: BybitTickerFrame }
  | { readonly kind: 'kline'; readonly topic: string; readonly frame: BybitKlineFrame }
  | { readonly kind: 'op'; readonly topic: undefined; readonly frame: BybitOpFrame }

const TOPIC_CODECS: ReadonlyMap<string, t.Decoder<unknown, unknown>> = new Map<
  string,
  t.Decoder<unknown, unknown>
>([
  ['orderbook', BybitBookFrame],
  ['publicTrade', BybitTradeFrame],
  ['tickers', BybitTickerFrame],
  ['kline', BybitKlineFrame],
])

/**
 * Parses and decodes one frame of the public socket: a topic frame by the codec of its topic's
 * channel, or a control reply. Anything else (not JSON, an unknown channel, a shape the codec refuses)
 * throws a {@link DecodeError} naming the topic, the bad paths and the raw text. A book frame written the
 * venue's usual way is read from its text by {@link scanBybitBookFrame}, with the same result.
 *
 * @throws DecodeError
 * @example
 * const f = decodeBybitPublicFrame(text)
 * if (f.kind === 'orderbook') f.frame.data.u
 */
export function decodeBybitPublicFrame(text: string): BybitPublicFrame {
  // book frames are most of the traffic: read straight from the text when written the venue's usual way
  const book = scanBybitBook(text)
  if (book !== undefined) return { kind: 'orderbook', topic: book.topic, frame: book }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw frameError('bybit public frame', [`(root): invalid JSON (${(e as Error).message})`], text, e)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw frameError('bybit public frame', ['(root): expected a topic frame or an op reply'], text)
  }
  const topic = (value as { topic?: unknown }).topic
  if (typeof topic === 'string') {
    // the hot path first: a good book frame costs no slice, lookup, Either or context
    if (topic.startsWith('orderbook.') && isBybitBookFrame(value))
      return { kind: 'orderbook', topic, frame: value }
    const dot = topic.indexOf('.')
    const kind = dot < 0 ? topic : topic.slice(0, dot)
    const codec = TOPIC_CODECS.get(kind)
    if (codec === undefined) throw frameError(`bybit ${topic}`, [`topic: unknown channel "${kind}"`], text)
    const result = codec.decode(value)
    if (result._tag === 'Left') throw frameError(`bybit ${topic}`, formatErrors(result.left), text)
    return { kind, topic, frame: result.right } as BybitPublicFrame
  }
  if ('op' in value) {
    const result = BybitOpFrame.decode(value)
    if (result._tag === 'Right') return { kind: 'op', topic: undefined, frame: result.right }
    throw frameError('bybit op reply', formatErrors(result.left), text)
  }
  throw frameError('bybit public frame', ['(root): expected a topic frame or an op reply'], text)
}

function frameError(context: string, paths: readonly string[], raw: string, cause?: unknown): DecodeError {
  return new DecodeError({ context, paths, raw, venue: 'bybit', cause })
}
