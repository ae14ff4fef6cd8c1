/**
 * The in-process, deterministic mock venue.
 * @module
 */
export { createMockVenue, type MockTrading, type MockVenue } from './mock-venue.js'
export { MOCK_CAPABILITIES } from './spec.js'
export {
  DEFAULT_MOCK_BALANCES,
  DEFAULT_MOCK_INSTRUMENTS,
  type MockBookStep,
  type MockFees,
  type MockInstrumentOptions,
  type MockLevel,
  type MockTakerTrade,
  type MockVenueOptions,
} from './options.js'
export { MockFaults, type DisconnectOptions, type FailNextOptions, type MockOperation } from './faults.js'
export { MOCK_CANDLE_INTERVALS, type MockCandleInterval } from './candles.js'
