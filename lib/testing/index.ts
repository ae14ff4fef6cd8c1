/**
 * `rxvenue/testing`: what users need to test their own strategies offline. Today the in-process mock
 * venue; the loopback venue simulators join it.
 * @module
 */
export * from '../venues/mock/index.js'
export * from './bybit/index.js'
export * from './binance/index.js'
export {
  startSimulator,
  type SimulatedVenue,
  type Simulator,
  type SimulatorClientOptions,
  type SimulatorOptions,
} from './simulator.js'
export type { BookStep, StepLevel, TakerTrade } from './engine/step.js'
export type { SeriesCandle } from './engine/candle-series.js'
