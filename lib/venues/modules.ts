/**
 * Every venue the package knows how to drive: the one list a new venue is added to.
 */
import { BINANCE_MODULE } from './binance/module.js'
import { BYBIT_MODULE } from './bybit/module.js'
import { COINBASE_MODULE } from './coinbase/module.js'
import { FALCONX_MODULE } from './falconx/module.js'
import { FORDEFI_MODULE } from './fordefi/module.js'
import { MOCK_MODULE } from './mock/module.js'
import { PRIME_MODULE } from './prime/module.js'

/**
 * The venue modules, one line per venue.
 *
 * @example
 * VENUE_MODULES.map((m) => m.id) // ['bybit', 'binance', 'coinbase', 'prime', 'falconx', 'fordefi', 'mock']
 */
export const VENUE_MODULES = [
  BYBIT_MODULE,
  BINANCE_MODULE,
  COINBASE_MODULE,
  PRIME_MODULE,
  FALCONX_MODULE,
  FORDEFI_MODULE,
  MOCK_MODULE,
] as const
