/**
 * The in-process, deterministic mock venue.
 * @module
 */
export { createMockVenue, MOCK_CAPABILITIES, type MockTrading, type MockVenue } from './mock-venue.js'
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
