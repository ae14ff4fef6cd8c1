/// <reference types="node" preserve="true" />
// the declarations use Node types (AbortSignal; rxjs its timers): bring them along, so a program with
// `"types": []` (the default of TypeScript 6 and later) type-checks
/**
 * `rxvenue/mock`: the in-process, deterministic mock venue, for strategy tests that need no simulator.
 * Made here, it runs on the scheduler it is given from the first call (virtual time under
 * `TestScheduler.run`); `createClient({ venues: { mock: {...} } })` makes one that loads on first use.
 *
 * @example
 * import { createMockVenue } from 'rxvenue/mock'
 * const mock = createMockVenue({ seed: 7 })
 * @module rxvenue/mock
 */
export { createMockVenue, type MockHandlers, type MockTrading, type MockVenue } from './mock-venue.js'
export { aBook, aFill, anOrder, BookBuilder, OrderBuilder, type LevelPairs } from './builders.js'
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
export {
  MOCK_OPERATIONS,
  MockFaults,
  type DisconnectOptions,
  type FailNextOptions,
  type MockOperation,
} from './faults.js'
export { MOCK_CANDLE_INTERVALS, type MockCandleInterval } from './spec.js'
