/**
 * The venue simulators {@link startSimulator} can start: one line per venue.
 */
import { BinanceSimulator } from './binance/binance-simulator.js'
import { BybitSimulator } from './bybit/bybit-simulator.js'
import { CoinbaseSimulator } from './coinbase/coinbase-simulator.js'
import { FalconxSimulator } from './falconx/falconx-simulator.js'
import { FordefiSimulator } from './fordefi/fordefi-simulator.js'
import { PrimeSimulator } from './prime/prime-simulator.js'

/** @internal In the order they start. */
export const SIMULATORS = [
  BybitSimulator,
  BinanceSimulator,
  CoinbaseSimulator,
  PrimeSimulator,
  FalconxSimulator,
  FordefiSimulator,
] as const
