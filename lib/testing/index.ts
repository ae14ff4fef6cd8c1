/// <reference types="node" preserve="true" />
// the simulators are Node servers: their declarations bring the Node types along (`"types": []`)
/**
 * `rxvenue/testing`: what users need to test their own strategies offline: `startSimulator`, loopback
 * Bybit, Binance, Coinbase, Coinbase Prime, FalconX and Fordefi servers that speak the venues' real wire
 * protocols on 127.0.0.1 with fault injection. (The in-process mock venue for marble tests,
 * `createMockVenue`, is in `rxvenue/mock`: `createClient({ drivers: { mock: createMockVenue() } })`.)
 *
 * @example
 * import { startSimulator } from 'rxvenue/testing'
 * const sim = await startSimulator({ venues: ['bybit'], seed: 42 })
 * const client = createClient(sim.clientOptions())
 * @module rxvenue/testing
 */
export * from './bybit/index.js'
export * from './binance/index.js'
export * from './coinbase/index.js'
export * from './prime/index.js'
export * from './falconx/index.js'
export * from './fordefi/index.js'
export {
  startSimulator,
  type SimulatedVenue,
  type Simulator,
  type SimulatorClientOptions,
  type SimulatorOf,
  type SimulatorOptions,
  type SimulatorOptionsOf,
  type SimulatorSharedOptions,
} from './simulator.js'
export {
  VenueSimulator,
  type ClientReach,
  type MarketTrade,
  type SimShellEvent,
  type SimulatorModule,
  type VenueSimulatorHandle,
} from './kit/venue-simulator.js'
export { DeskSimulator } from './kit/desk-simulator.js'
export type {
  ListedInstrumentOptions,
  ResolvedVenueOptions,
  SimMarket,
  VenueSimulatorOptions,
} from './kit/options.js'
export type { RestRequestEvent } from './kit/rest-api.js'
export type { ChannelFeedEvent } from './kit/channel-feed.js'
export type { SocketEvent } from './kit/socket-events.js'
export { SimFaults } from './kit/faults.js'
export type { HostileAnswer } from './kit/faults.js'
export type { BookStep, StepLevel, TakerTrade } from '../sim/step.js'
export type { CandleSeries, SeriesCandle, SeriesInterval } from '../sim/candle-series.js'
export type { MarketConfig } from '../sim/exchange.js'
