// size: the venue's public codecs, one per wire payload, with the single-pass depth frame reader they back
/**
 * io-ts codecs of Binance spot's public payloads: the error body, the market-data REST answers and the
 * market streams' events and control replies. Field names are the venue's; each wire type is declared
 * once and its TypeScript type derived from it.
 *
 * Wire facts: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/market-data-endpoints,
 * https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-endpoints and
 * https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams
 */
import * as t from 'io-ts'
import type { Decimal } from '../../core/decimal.js'
import { DecodeError } from '../../core/errors.js'
import type { Timestamped } from '../../core/model.js'
import { DecimalString } from '../../codec/decimal.js'
import { FrameCursor } from '../../codec/frame-cursor.js'
import { IntegerId, SafeInteger } from '../../codec/integer.js'
import { levelPairs, LevelRun, type WithBookLevels } from '../../codec/level-run.js'
import { isPriceSizeTextLevels, PriceSizeTextLevels, type PriceSizeText } from '../../codec/levels.js'
import { formatErrors } from '../../codec/report.js'
import { MillisTimestamp } from '../../codec/timestamp.js'

// ---- shared pieces ----

/**
 * The error body of every refused request, `{"code": -1121, "msg": "Invalid symbol."}`.
 *
 * @example
 * BinanceErrorBody.is(JSON.parse(body)) // true for an error answer
 */
export const BinanceErrorBody = t.type({ code: SafeInteger, msg: t.string }, 'Binance error')
/** A decoded error body. */
export type BinanceErrorBody = t.TypeOf<typeof BinanceErrorBody>

// ---- REST ----

/**
 * `GET /api/v3/time`.
 *
 * @example
 * BinanceServerTime.decode({ serverTime: 1499827319559 })
 */
export const BinanceServerTime = t.type({ serverTime: SafeInteger }, 'Binance server time')
/** A decoded server time. */
export type BinanceServerTime = t.TypeOf<typeof BinanceServerTime>

/**
 * One entry of `exchangeInfo.rateLimits`.
 *
 * @example
 * BinanceRateLimit.decode({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 })
 */
export const BinanceRateLimit = t.type(
  {
    rateLimitType: t.string,
    interval: t.keyof({ SECOND: null, MINUTE: null, HOUR: null, DAY: null }),
    intervalNum: SafeInteger,
    limit: SafeInteger,
  },
  'Binance rate limit',
)
/** A decoded rate limit. */
export type BinanceRateLimit = t.TypeOf<typeof BinanceRateLimit>

const PriceFilter = t.type({ filterType: t.literal('PRICE_FILTER'), tickSize: DecimalString })
const LotSizeFilter = t.type({
  filterType: t.literal('LOT_SIZE'),
  minQty: DecimalString,
  maxQty: DecimalString,
  stepSize: DecimalString,
})
const NotionalFilter = t.type({ filterType: t.literal('NOTIONAL'), minNotional: DecimalString })
const MinNotionalFilter = t.type({ filterType: t.literal('MIN_NOTIONAL'), minNotional: DecimalString })
const OtherFilter = t.type({ filterType: t.string })

/** A decoded symbol filter: the four the driver reads, anything else by its type alone. */
export type BinanceSymbolFilter =
  | t.TypeOf<typeof PriceFilter>
  | t.TypeOf<typeof LotSizeFilter>
  | t.TypeOf<typeof NotionalFilter>
  | t.TypeOf<typeof MinNotionalFilter>
  | { readonly filterType: string }

const FILTER_CODECS: ReadonlyMap<string, t.Mixed> = new Map<string, t.Mixed>([
  ['PRICE_FILTER', PriceFilter],
  ['LOT_SIZE', LotSizeFilter],
  ['NOTIONAL', NotionalFilter],
  ['MIN_NOTIONAL', MinNotionalFilter],
])

/**
 * One entry of a symbol's `filters`, decoded by its `filterType`: PRICE_FILTER, LOT_SIZE, NOTIONAL and
 * MIN_NOTIONAL strictly (a bad tick size must not pass as "some other filter"), the rest by type only.
 *
 * @example
 * BinanceSymbolFilter.decode({ filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' })
 */
export const BinanceSymbolFilter = new t.Type<BinanceSymbolFilter, unknown, unknown>(
  'Binance symbol filter',
  (u): u is BinanceSymbolFilter => OtherFilter.is(u),
  (u, c) => {
    const head = OtherFilter.validate(u, c)
    if (head._tag === 'Left') return head
    const codec = FILTER_CODECS.get(head.right.filterType)
    return codec === undefined
      ? t.success(head.right)
      : (codec.validate(u, c) as t.Validation<BinanceSymbolFilter>)
  },
  (f) => f,
)

/**
 * One symbol of `GET /api/v3/exchangeInfo`.
 *
 * @example
 * BinanceSymbolInfo.decode(info.symbols[0]) // Right({ symbol: 'ETHBTC', status: 'TRADING', filters: [...] })
 */
export const BinanceSymbolInfo = t.type(
  {
    symbol: t.string,
    status: t.string,
    baseAsset: t.string,
    quoteAsset: t.string,
    filters: t.array(BinanceSymbolFilter),
  },
  'Binance symbol',
)
/** A decoded symbol. */
export type BinanceSymbolInfo = t.TypeOf<typeof BinanceSymbolInfo>

/**
 * `GET /api/v3/exchangeInfo`: the symbols and the venue's rate limits.
 *
 * @example
 * BinanceExchangeInfo.decode(answer).right?.rateLimits[0]?.limit // 6000
 */
export const BinanceExchangeInfo = t.type(
  { serverTime: SafeInteger, rateLimits: t.array(BinanceRateLimit), symbols: t.array(BinanceSymbolInfo) },
  'Binance exchange info',
)
/** Decoded exchange info. */
export type BinanceExchangeInfo = t.TypeOf<typeof BinanceExchangeInfo>

/**
 * `GET /api/v3/depth`: levels as validated text, `lastUpdateId` the id the book stands at.
 *
 * @example
 * BinanceDepthSnapshot.decode(answer).right?.bids[0] // ['4.00000000', '431.00000000']
 */
export const BinanceDepthSnapshot = t.type(
  { lastUpdateId: SafeInteger, bids: PriceSizeTextLevels, asks: PriceSizeTextLevels },
  'Binance depth',
)
/** A decoded depth snapshot. */
export type BinanceDepthSnapshot = t.TypeOf<typeof BinanceDepthSnapshot>

/**
 * One trade of `GET /api/v3/trades`; `isBuyerMaker` true means the taker sold.
 *
 * @example
 * BinanceRestTrade.decode(row).right?.price // Decimal
 */
export const BinanceRestTrade = t.type(
  {
    id: IntegerId,
    price: DecimalString,
    qty: DecimalString,
    time: MillisTimestamp,
    isBuyerMaker: t.boolean,
  },
  'Binance trade',
)
/** A decoded REST trade. */
export type BinanceRestTrade = t.TypeOf<typeof BinanceRestTrade>

/**
 * One aggregate trade (`GET /api/v3/aggTrades` and the `aggTrade` stream's core fields): `a` its id,
 * `f`..`l` the trades it aggregates, `m` true when the buyer was the maker.
 *
 * @example
 * BinanceAggTrade.decode({ a: 26129, p: '0.01633102', q: '4.70443515', f: 27781, l: 27781, T: 1498793709153, m: true })
 */
export const BinanceAggTrade = t.type(
  {
    a: SafeInteger,
    p: DecimalString,
    q: DecimalString,
    f: SafeInteger,
    l: SafeInteger,
    T: MillisTimestamp,
    m: t.boolean,
  },
  'Binance aggregate trade',
)
/** A decoded aggregate trade. */
export type BinanceAggTrade = t.TypeOf<typeof BinanceAggTrade>

/** A decoded kline row: open time, OHLC, volume, close time (ms), quote volume. */
export type BinanceKlineRow = readonly [
  open: Timestamped,
  o: Decimal,
  h: Decimal,
  l: Decimal,
  c: Decimal,
  v: Decimal,
  closeTime: number,
  quoteVolume: Decimal,
]

const KLINE_COLUMNS: readonly t.Mixed[] = [
  MillisTimestamp,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  DecimalString,
  SafeInteger,
  DecimalString,
]

/**
 * One row of `GET /api/v3/klines`: `[openTime, open, high, low, close, volume, closeTime, quoteVolume,
 * trades, takerBase, takerQuote, ignore]`. The first eight columns are decoded; the rest are ignored
 * (a hand-made tuple: io-ts tuples stop at five members).
 *
 * @example
 * BinanceKlineRow.decode([1499040000000, '0.0163', '0.8', '0.0157', '0.0157', '148976.1', 1499644799999, '2434.19', 308, '1756.8', '28.4', '0'])
 */
export const BinanceKlineRow = new t.Type<BinanceKlineRow, unknown[], unknown>(
  'Binance kline row',
  (u): u is BinanceKlineRow => Array.isArray(u) && u.length >= KLINE_COLUMNS.length,
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
    return errors.length > 0 ? t.failures(errors) : t.success(out as unknown as BinanceKlineRow)
  },
  (row) => [...row],
)

/**
 * `GET /api/v3/klines`: rows oldest first.
 *
 * @example
 * BinanceKlines.decode(answer).right?.[0]?.[0].timestamp
 */
export const BinanceKlines = t.array(BinanceKlineRow, 'Binance klines')

/**
 * One 24 h ticker of `GET /api/v3/ticker/24hr` (FULL; the MINI type lacks the best prices, which stay
 * `undefined`).
 *
 * @example
 * BinanceTicker24h.decode(answer).right?.lastPrice // Decimal
 */
export const BinanceTicker24h = t.intersection(
  [
    t.type({
      symbol: t.string,
      openPrice: DecimalString,
      highPrice: DecimalString,
      lowPrice: DecimalString,
      lastPrice: DecimalString,
      volume: DecimalString,
      quoteVolume: DecimalString,
      closeTime: MillisTimestamp,
    }),
    t.partial({
      bidPrice: DecimalString,
      bidQty: DecimalString,
      askPrice: DecimalString,
      askQty: DecimalString,
    }),
  ],
  'Binance 24h ticker',
)
/** A decoded 24 h ticker. */
export type BinanceTicker24h = t.TypeOf<typeof BinanceTicker24h>

/**
 * `GET /api/v3/ticker/bookTicker`: best prices of a symbol.
 *
 * @example
 * BinanceRestBookTicker.decode(answer).right?.bidPrice // Decimal
 */
export const BinanceRestBookTicker = t.type(
  {
    symbol: t.string,
    bidPrice: DecimalString,
    bidQty: DecimalString,
    askPrice: DecimalString,
    askQty: DecimalString,
  },
  'Binance book ticker',
)
/** A decoded REST book ticker. */
export type BinanceRestBookTicker = t.TypeOf<typeof BinanceRestBookTicker>

// ---- market streams ----

/**
 * A `<symbol>@depth` / `@depth@100ms` event: the changes of update ids `U`..`u`. Levels stay the venue's
 * validated text (no Decimal is built while decoding), so the codec returns the parsed event itself.
 *
 * @example
 * BinanceDepthEventShape.decode(JSON.parse(text).data)
 */
export const BinanceDepthEventShape = t.type(
  {
    e: t.literal('depthUpdate'),
    E: SafeInteger,
    s: t.string,
    U: SafeInteger,
    u: SafeInteger,
    b: PriceSizeTextLevels,
    a: PriceSizeTextLevels,
  },
  'Binance depthUpdate',
)
/** A decoded `depthUpdate` event. */
export type BinanceDepthEvent = t.TypeOf<typeof BinanceDepthEventShape>

/**
 * The same test as {@link BinanceDepthEventShape}, written out so a good event costs no allocation.
 * A test pins the two to the same answers.
 *
 * @example
 * isBinanceDepthEvent(JSON.parse(text).data) // true for a well-formed depthUpdate
 */
export function isBinanceDepthEvent(u: unknown): u is BinanceDepthEvent {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  const e = u as Record<string, unknown>
  return (
    e['e'] === 'depthUpdate' &&
    Number.isSafeInteger(e['E']) &&
    typeof e['s'] === 'string' &&
    Number.isSafeInteger(e['U']) &&
    Number.isSafeInteger(e['u']) &&
    isPriceSizeTextLevels(e['b']) &&
    isPriceSizeTextLevels(e['a'])
  )
}

/**
 * {@link BinanceDepthEventShape} with the allocation-free fast path of {@link isBinanceDepthEvent}; a
 * bad event is reported by the composed codec, with exact paths.
 *
 * @example
 * BinanceDepthEvent.decode(data) // Right(the same object) or Left(errors at b.3.0 …)
 */
export const BinanceDepthEvent = new t.Type<BinanceDepthEvent, BinanceDepthEvent, unknown>(
  BinanceDepthEventShape.name,
  isBinanceDepthEvent,
  (u, c) => (isBinanceDepthEvent(u) ? t.success(u) : BinanceDepthEventShape.validate(u, c)),
  (a) => a,
)

/**
 * A `<symbol>@trade` event: `t` the trade id, `m` true when the buyer was the maker (the taker sold).
 *
 * @example
 * BinanceTradeEvent.decode(data).right?.p // Decimal
 */
export const BinanceTradeEvent = t.type(
  {
    e: t.literal('trade'),
    E: SafeInteger,
    s: t.string,
    t: SafeInteger,
    p: DecimalString,
    q: DecimalString,
    T: MillisTimestamp,
    m: t.boolean,
  },
  'Binance trade event',
)
/** A decoded `trade` event. */
export type BinanceTradeEvent = t.TypeOf<typeof BinanceTradeEvent>

/**
 * A `<symbol>@aggTrade` event.
 *
 * @example
 * BinanceAggTradeEvent.decode(data).right?.a // 12345
 */
export const BinanceAggTradeEvent = t.intersection(
  [t.type({ e: t.literal('aggTrade'), E: SafeInteger, s: t.string }), BinanceAggTrade],
  'Binance aggTrade event',
)
/** A decoded `aggTrade` event. */
export type BinanceAggTradeEvent = t.TypeOf<typeof BinanceAggTradeEvent>

/**
 * A `<symbol>@kline_<interval>` event; `k.x` is true once the candle closed.
 *
 * @example
 * BinanceKlineEvent.decode(data).right?.k.x // false while the candle forms
 */
export const BinanceKlineEvent = t.type(
  {
    e: t.literal('kline'),
    E: SafeInteger,
    s: t.string,
    k: t.type({
      t: MillisTimestamp,
      T: SafeInteger,
      s: t.string,
      i: t.string,
      o: DecimalString,
      c: DecimalString,
      h: DecimalString,
      l: DecimalString,
      v: DecimalString,
      q: DecimalString,
      x: t.boolean,
    }),
  },
  'Binance kline event',
)
/** A decoded `kline` event. */
export type BinanceKlineEvent = t.TypeOf<typeof BinanceKlineEvent>

/**
 * A `<symbol>@bookTicker` event: best prices, `u` the book's update id (no event type or time).
 *
 * @example
 * BinanceBookTickerEvent.decode(data).right?.b // Decimal best bid
 */
export const BinanceBookTickerEvent = t.type(
  { u: SafeInteger, s: t.string, b: DecimalString, B: DecimalString, a: DecimalString, A: DecimalString },
  'Binance bookTicker event',
)
/** A decoded `bookTicker` event. */
export type BinanceBookTickerEvent = t.TypeOf<typeof BinanceBookTickerEvent>

/**
 * The answer to a control message: `{"result": null, "id": 1}`, or a refusal
 * `{"code": 2, "msg": "Invalid request: …", "id": 1}` (the `id` may be missing or null on a refusal).
 *
 * @example
 * BinanceControlReply.decode({ result: null, id: 1 })
 */
export const BinanceControlReply = t.union(
  [
    t.type({ result: t.unknown, id: t.union([t.number, t.string, t.null]) }),
    t.intersection([
      t.type({ code: t.number, msg: t.string }),
      t.partial({ id: t.union([t.number, t.string, t.null]) }),
    ]),
  ],
  'Binance control reply',
)
/** A decoded control reply. */
export type BinanceControlReply = t.TypeOf<typeof BinanceControlReply>

/**
 * The channel of a market stream name: `btcusdt@depth@100ms` → `depth`, `btcusdt@kline_1m` → `kline`.
 *
 * @example
 * const kind: BinanceStreamKind | undefined = binanceStreamKind('btcusdt@aggTrade') // 'aggTrade'
 */
export type BinanceStreamKind = 'depth' | 'trade' | 'aggTrade' | 'kline' | 'bookTicker'

/**
 * Every frame the combined market stream delivers, decoded and told apart by `kind`.
 *
 * @example
 * const f = decodeBinanceMarketFrame(text)
 * if (f.kind === 'depth') f.event.u
 */
export type BinanceMarketFrame =
  | { readonly kind: 'depth'; readonly stream: string; readonly event: BinanceDepthMessage }
  | { readonly kind: 'trade'; readonly stream: string; readonly event: BinanceTradeEvent }
  | { readonly kind: 'aggTrade'; readonly stream: string; readonly event: BinanceAggTradeEvent }
  | { readonly kind: 'kline'; readonly stream: string; readonly event: BinanceKlineEvent }
  | { readonly kind: 'bookTicker'; readonly stream: string; readonly event: BinanceBookTickerEvent }
  | { readonly kind: 'reply'; readonly stream: undefined; readonly event: BinanceControlReply }

const STREAM_CODECS: ReadonlyMap<BinanceStreamKind, t.Decoder<unknown, unknown>> = new Map<
  BinanceStreamKind,
  t.Decoder<unknown, unknown>
>([
  ['depth', BinanceDepthEvent],
  ['trade', BinanceTradeEvent],
  ['aggTrade', BinanceAggTradeEvent],
  ['kline', BinanceKlineEvent],
  ['bookTicker', BinanceBookTickerEvent],
])

/**
 * The channel of a stream name, or `undefined` for one the driver does not read.
 *
 * @example
 * binanceStreamKind('btcusdt@kline_1m') // 'kline'
 */
export function binanceStreamKind(stream: string): BinanceStreamKind | undefined {
  const at = stream.indexOf('@')
  if (at < 0) return undefined
  const rest = stream.slice(at + 1)
  if (rest === 'depth' || rest.startsWith('depth@')) return 'depth'
  if (rest === 'trade') return 'trade'
  if (rest === 'aggTrade') return 'aggTrade'
  if (rest === 'bookTicker') return 'bookTicker'
  if (rest.startsWith('kline_')) return 'kline'
  return undefined
}

/**
 * A combined-stream frame of the `depth` channel, as {@link decodeBinanceMarketFrame} gives it.
 *
 * @example
 * const f = decodeBinanceMarketFrame(text)
 * if (f.kind === 'depth') onDepth(f satisfies BinanceDepthFrame)
 */
export type BinanceDepthFrame = Extract<BinanceMarketFrame, { readonly kind: 'depth' }>

/**
 * Reads a combined-stream `depthUpdate` frame straight from its text when it is written as Binance
 * writes them: no blanks, the keys in the venue's order (`stream`, `data` with `e`, `E`, `s`, `U`, `u`,
 * `b`, `a`), integers without sign, fraction or exponent, strings without escapes, and every price and
 * size a plain decimal (see `isPlainDecimal`). The text is checked as it is read, in one pass, and the
 * event is exactly what `JSON.parse` gives for `data`, one {@link isBinanceDepthEvent} accepts, on a
 * stream {@link binanceStreamKind} calls `depth`. Any other text gives `undefined`: it may still be a
 * good frame, which `JSON.parse` and the codec then read (and a bad one, which the codec then explains).
 * It builds only what the frame holds, never a property map, so it costs less than `JSON.parse` alone.
 *
 * Prices and sizes are slices of `text`: one of 13 characters or more may keep `text` in memory for as
 * long as it is kept (V8 shares the characters of long slices).
 *
 * @example
 * scanBinanceDepthFrame('{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":5,"u":6,"b":[["1.5","2"]],"a":[]}}')?.event.b // [['1.5', '2']]
 * scanBinanceDepthFrame('{"stream": "btcusdt@depth"}') // undefined: not as Binance writes it
 */
export function scanBinanceDepthFrame(
  text: string,
): { readonly kind: 'depth'; readonly stream: string; readonly event: BinanceDepthEvent } | undefined {
  const frame = scanBinanceDepth(text)
  if (frame === undefined) return undefined
  const { b, a } = frame.event
  return {
    ...frame,
    event: { ...frame.event, b: levelPairs(b) as PriceSizeText[], a: levelPairs(a) as PriceSizeText[] },
  }
}

/**
 * A `depthUpdate` event as the market stream's decoder gives it: levels as text pairs (an event read by
 * `JSON.parse` and its codec) or as spans of the frame's text ({@link scanBinanceDepth}).
 *
 * @example
 * const e: BinanceDepthMessage = frame.event
 */
export type BinanceDepthMessage = WithBookLevels<BinanceDepthEvent>

/**
 * {@link scanBinanceDepthFrame}'s reading, with the levels left in place as {@link LevelRun}s (both sides
 * share one spans array): a book then cuts only the strings it keeps.
 *
 * @example
 * scanBinanceDepth(text)?.event.b.length // 1
 */
export function scanBinanceDepth(text: string): BinanceDepthFrame | undefined {
  const k = new FrameCursor(text)
  if (!k.literal('{"stream":')) return undefined
  const stream = k.string()
  if (stream === undefined || !isDepthStream(stream)) return undefined
  if (!k.literal(',"data":{"e":"depthUpdate","E":')) return undefined
  const E = k.integer()
  if (E < 0 || !k.literal(',"s":')) return undefined
  const s = k.string()
  if (s === undefined || !k.literal(',"U":')) return undefined
  const U = k.integer()
  if (U < 0 || !k.literal(',"u":')) return undefined
  const u = k.integer()
  if (u < 0 || !k.literal(',"b":') || !k.levelSpans()) return undefined
  const split = k.spanCount
  if (!k.literal(',"a":') || !k.levelSpans() || !k.literal('}}') || !k.atEnd()) return undefined
  const spans = k.spans()
  const b = new LevelRun(text, spans, 0, split)
  const a = new LevelRun(text, spans, split, spans.length)
  return { kind: 'depth', stream, event: { e: 'depthUpdate', E, s, U, u, b, a } }
}

// binanceStreamKind(stream) === 'depth', without the slice
function isDepthStream(stream: string): boolean {
  const at = stream.indexOf('@')
  if (at < 0 || !stream.startsWith('depth', at + 1)) return false
  const end = at + 6
  return stream.length === end || stream.charCodeAt(end) === 64 // '@'
}

/**
 * Parses and decodes one frame of a combined market stream connection (`/stream?streams=…`): an event
 * wrapped as `{"stream": …, "data": …}`, decoded by the codec of its stream's channel, or a control
 * reply. Anything else (not JSON, an unknown stream, a shape the codec refuses) throws a
 * {@link DecodeError} naming the stream, the bad paths and the raw text. A depth frame written the
 * venue's usual way is read from its text by {@link scanBinanceDepthFrame}, with the same result.
 *
 * @throws DecodeError
 * @example
 * const f = decodeBinanceMarketFrame('{"stream":"bnbbtc@depth@100ms","data":{…}}')
 * if (f.kind === 'depth') f.event.U
 */
export function decodeBinanceMarketFrame(text: string): BinanceMarketFrame {
  // depth frames are most of the traffic: read straight from the text when written the venue's usual way
  const depth = scanBinanceDepth(text)
  if (depth !== undefined) return depth
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw frameError('binance market frame', [`(root): invalid JSON (${(e as Error).message})`], text, e)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw frameError('binance market frame', ['(root): expected a stream event or a reply'], text)
  }
  const stream = (value as { stream?: unknown }).stream
  if (typeof stream === 'string') {
    const kind = binanceStreamKind(stream)
    if (kind === undefined) throw frameError(`binance ${stream}`, [`stream: unknown channel`], text)
    const data = (value as { data?: unknown }).data
    // the book's own guard first: the hot path, no Either or context is made for a good event
    if (kind === 'depth' && isBinanceDepthEvent(data)) return { kind, stream, event: data }
    const codec = STREAM_CODECS.get(kind) as t.Decoder<unknown, unknown>
    const result = codec.decode(data)
    if (result._tag === 'Left') {
      throw frameError(`binance ${stream}`, formatErrors(result.left).map(prefixData), text)
    }
    return { kind, stream, event: result.right } as BinanceMarketFrame
  }
  const reply = BinanceControlReply.decode(value)
  if (reply._tag === 'Right') return { kind: 'reply', stream: undefined, event: reply.right }
  throw frameError('binance market frame', ['(root): expected a stream event or a reply'], text)
}

function prefixData(path: string): string {
  if (path.startsWith('(root)')) return `data${path.slice(6)}`
  return path.startsWith('[') ? `data${path}` : `data.${path}`
}

function frameError(context: string, paths: readonly string[], raw: string, cause?: unknown): DecodeError {
  return new DecodeError({ context, paths, raw, venue: 'binance', cause })
}

/** Validated `[price, size]` pairs of a depth event or snapshot. */
export type { PriceSizeText }
