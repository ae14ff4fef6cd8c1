/**
 * The venue simulators {@link startSimulator} can start: one line per venue.
 */
import { BinanceSimulator } from './binance/binance-simulator.js'
import { BybitSimulator } from './bybit/bybit-simulator.js'
import { CoinbaseSimulator } from './coinbase/coinbase-simulator.js'
import { FordefiSimulator } from './fordefi/fordefi-simulator.js'

/** @internal In the order they start. */
export const SIMULATORS = [BybitSimulator, BinanceSimulator, CoinbaseSimulator, FordefiSimulator] as const
