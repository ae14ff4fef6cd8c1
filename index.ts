/// <reference types="node" preserve="true" />
// the declarations use Node types (node:crypto, AbortSignal; rxjs its timers): bring them along, so
// a program with `"types": []` (the default of TypeScript 6 and later) type-checks
/**
 * rxvenue: reliable, decimal-exact, reactive connectivity to crypto venues.
 *
 * The package root holds what trading code needs: the stream functions and `createClient`, the
 * aggregation streams, the exact money type, the model, typed errors, and the venue drivers with
 * their options. `rxvenue/testing` holds the loopback venue simulators (`startSimulator`);
 * `rxvenue/mock` holds the in-process mock venue (`createMockVenue`, plugged in with
 * `createClient({ drivers: { mock } })`) and its builders.
 *
 * @example
 * import { orderBook$ } from 'rxvenue'
 * orderBook$('bybit', 'BTC/USDT', { depth: 10 }).subscribe((book) => console.log(book.bids[0]?.price.toString()))
 * @module rxvenue
 */
export * from './streams/index.js'

// money, errors, logging
export {
  Decimal,
  compareDecimal,
  decimalEquals,
  isMultipleOf,
  roundToLot,
  roundToStep,
  roundToTick,
  toDecimal,
  type DecimalLike,
  type RoundingMode,
} from './lib/core/decimal.js'
export {
  DecodeError,
  ERROR_KINDS,
  VenueError,
  isErrorKind,
  isVenueError,
  toVenueError,
  type ErrorKind,
  type VenueErrorOptions,
} from './lib/core/errors.js'
export {
  DEFAULT_LOG_LEVEL,
  createLogger,
  getLogger,
  silentLogger,
  type LogFields,
  type LogLevelName,
  type LogMethod,
  type LogSink,
  type Logger,
  type LoggerOptions,
} from './lib/core/logging.js'
export { parseLogSpec, type LogRule, type LogSpec } from './lib/core/log-env.js'
export type { TimeInput } from './lib/core/time-input.js'

// the model
export type * from './lib/core/model.js'
export { fillKey } from './lib/core/model.js'
export { formatSymbol, parseSymbol, type SymbolParts } from './lib/core/symbols.js'
export {
  ORDER_STATUSES,
  TERMINAL_STATUSES,
  applyOrderUpdate,
  canTransition,
  isOpen,
  isTerminal,
  type OrderTransition,
} from './lib/core/order-status.js'
export {
  CANDLE_INTERVALS,
  CANDLE_INTERVAL_MS,
  candleCloseTime,
  candleOpenAt,
  type FixedCandleInterval,
} from './lib/core/candle-time.js'

// books kept by your own code
export type { Applied, ApplyResult, Crossed, Gap, Invalid, Stale } from './lib/book/apply-result.js'
export { BookView, type BookViewFields } from './lib/book/book-view.js'
export type { BookEntry } from './lib/book/level.js'
export { L2Book, type BookUpdate, type L2BookOptions, type LevelUpdate } from './lib/book/l2-book.js'
export { LevelRun, levelPairs, type BookLevels } from './lib/codec/level-run.js'
export type { PriceSizeText } from './lib/codec/levels.js'
export type { DecimalText, DecimalTextBrand } from './lib/codec/decimal.js'
export type { SequenceGap, SequenceRule, SequenceVerdict } from './lib/book/sequence-rule.js'
export {
  consecutiveUpdateIds,
  rangedUpdateIds,
  strictSequence,
  unsequenced,
} from './lib/book/sequence-rules.js'

// venues: modules and specs only, so that importing the package loads no driver until a venue is used
export * from './lib/venues/contract/index.js'
export {
  DEFAULT_ORDER_DEADLINE_MS,
  type CircuitBreakerTuning,
  type VenueOptions,
} from './lib/venues/kit/options.js'
export type { DriverDefaults, Environment, VenueModule } from './lib/venues/kit/module.js'
export type { AccountHistoryQuery } from './lib/venues/kit/trading/order-queries.js'
export { VENUE_MODULES, type AnyVenueModule } from './lib/venues/registry.js'
export { MOCK_CAPABILITIES } from './lib/venues/mock/spec.js'
export { MOCK_MODULE } from './lib/venues/mock/module.js'
export type { MockTrading, MockVenue } from './lib/venues/mock/mock-venue.js'
export type { MockVenueOptions } from './lib/venues/mock/options.js'
export { BYBIT_MODULE, createBybitVenue } from './lib/venues/bybit/module.js'
export {
  BYBIT_CAPABILITIES,
  BYBIT_INTERVALS,
  BYBIT_MAX_BODY_BYTES,
  BYBIT_TRADING_CAPABILITIES,
} from './lib/venues/bybit/spec.js'
export type {
  BybitHistoryQuery,
  BybitOptions,
  BybitOrderBookOptions,
  BybitPublicRest,
  BybitRecentTradesOptions,
  BybitTrading,
  BybitVenue,
} from './lib/venues/bybit/index.js'
export { BINANCE_MODULE, createBinanceVenue } from './lib/venues/binance/module.js'
export {
  BINANCE_CAPABILITIES,
  BINANCE_INTERVALS,
  BINANCE_MAX_BODY_BYTES,
  BINANCE_TRADING_CAPABILITIES,
} from './lib/venues/binance/spec.js'
export type {
  BinanceAggTradesOptions,
  BinanceOptions,
  BinanceOrderBookOptions,
  BinancePublicRest,
  BinanceRecentTradesOptions,
  BinanceTrading,
  BinanceVenue,
} from './lib/venues/binance/index.js'
export type { BinanceHistoryQuery } from './lib/venues/binance/private.js'
export { COINBASE_MODULE, createCoinbaseVenue } from './lib/venues/coinbase/module.js'
export {
  COINBASE_CAPABILITIES,
  COINBASE_INTERVALS,
  COINBASE_LIVE_INTERVALS,
  COINBASE_MAX_BODY_BYTES,
  COINBASE_TRADING_CAPABILITIES,
  coinbaseSequence,
} from './lib/venues/coinbase/spec.js'
export type {
  CoinbaseHistoryQuery,
  CoinbaseOptions,
  CoinbaseOrderBookOptions,
  CoinbaseOrderRequest,
  CoinbasePublicRest,
  CoinbaseRecentTradesOptions,
  CoinbaseTrading,
  CoinbaseVenue,
} from './lib/venues/coinbase/index.js'
export { PRIME_MODULE, createPrimeVenue } from './lib/venues/prime/module.js'
export { PRIME_CAPABILITIES, PRIME_TRADING_CAPABILITIES, primeSequence } from './lib/venues/prime/spec.js'
export type {
  PrimeHistoryQuery,
  PrimeOptions,
  PrimeOrderPreview,
  PrimeOrderRequest,
  PrimeOrderTerms,
  PrimeTrading,
  PrimeVenue,
  PrimeWallet,
} from './lib/venues/prime/index.js'
export { FALCONX_MODULE, createFalconxVenue } from './lib/venues/falconx/module.js'
export { FALCONX_CAPABILITIES, FALCONX_TRADING_CAPABILITIES } from './lib/venues/falconx/spec.js'
export type {
  FalconxOptions,
  FalconxOrderRequest,
  FalconxTrading,
  FalconxVenue,
} from './lib/venues/falconx/index.js'
export { FORDEFI_MODULE, createFordefiVenue } from './lib/venues/fordefi/module.js'
export { FORDEFI_CAPABILITIES } from './lib/venues/fordefi/spec.js'
export type { FordefiOptions, FordefiVenue, FordefiWebhookDelivery } from './lib/venues/fordefi/index.js'
export { verifyFordefiWebhook } from './lib/venues/fordefi/sign.js'

// trading: the order manager, pre-trade risk and the store
export { createOrderManager } from './lib/orders/order-manager.js'
export type {
  ManagedRef,
  OrderFilter,
  OrderManager,
  OrderManagerClient,
  OrderManagerOptions,
  PnlReport,
} from './lib/orders/manager-types.js'
export type { DifferenceKind, OrderManagerEvent } from './lib/orders/events.js'
export { PositionBook, type ManagedPosition } from './lib/orders/position.js'
export { TradingState, type OrderApplied, type OrderRetention } from './lib/orders/trading-state.js'
export { Lanes } from './lib/orders/lanes.js'
export {
  createRisk,
  type CustomRiskRule,
  type KillSwitchOptions,
  type Risk,
  type RiskConfig,
} from './lib/risk/risk-engine.js'
export type {
  OrderRate,
  ResolvedLimits,
  RiskLimits,
  RiskScope,
  ScopedLimit,
  VenueRiskLimits,
  LimitTree,
} from './lib/risk/limits.js'
export { resolveLimits } from './lib/risk/limits.js'
export {
  RiskRejectedError,
  type BuiltInRiskRule,
  type RiskEvent,
  type RiskVerdict,
} from './lib/risk/rejection.js'
export type { RiskOrder, RiskState } from './lib/risk/risk-state.js'
export { memoryStore, type MemoryStore, type MemoryStoreOptions } from './lib/store/memory-store.js'
export { SQLITE_SCHEMA_VERSION, sqliteStore, type SqliteStoreOptions } from './lib/store/sqlite-store.js'
export type {
  DailyBaseline,
  FillIdentity,
  IntentState,
  KillSwitchRecord,
  MaybePromise,
  OrderIntent,
  OrderStore,
  PositionSnapshot,
  StoreContents,
} from './lib/store/order-store.js'
