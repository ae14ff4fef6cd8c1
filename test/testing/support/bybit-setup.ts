/**
 * A Bybit simulator with a frozen clock and a known BTC/USDT book, for tests that compute their
 * expectations from that book.
 */
import { readFileSync } from 'node:fs'
import { BybitSimulator, type BybitSimulatorOptions } from '../../../lib/testing/index.js'

/** The simulator's frozen time at start. */
export const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 0)

/** The known book: bids 64999 x 1, 64998 x 2, 64990 x 3; asks 65001 x 0.5, 65002 x 1, 65010 x 2. */
export const KNOWN_BOOK = {
  bids: [
    ['64999.0', '1'],
    ['64998.0', '2'],
    ['64990.0', '3'],
  ],
  asks: [
    ['65001.0', '0.5'],
    ['65002.0', '1'],
    ['65010.0', '2'],
  ],
} as const

/** Starts a simulator at {@link T0}, frozen, with {@link KNOWN_BOOK} as the BTC/USDT market. */
export async function startKnown(options: BybitSimulatorOptions = {}): Promise<BybitSimulator> {
  const sim = await BybitSimulator.start({ seed: 7, tickMs: 'manual', ...options })
  sim.setClock(T0)
  sim.push('BTC/USDT', { snapshot: true, bids: KNOWN_BOOK.bids, asks: KNOWN_BOOK.asks })
  return sim
}

/** A fixture of `test/fixtures/bybit`, parsed. */
export function fixture(name: string): Record<string, unknown> {
  const url = new URL(`../../fixtures/bybit/${name}`, import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>
}
