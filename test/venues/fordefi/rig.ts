/**
 * A Fordefi simulator with a driver pointed at it, for the custody tests: fast workflow timings,
 * quick polling, and the venue's events recorded.
 */
import { ReplaySubject, type Observable } from 'rxjs'
import { silentLogger, type VenueEvent } from '../../../index.js'
import type { CustodyAsset, VenueCustody } from '../../../lib/venues/contract/custody.js'
import { createFordefiVenue, type FordefiVenue } from '../../../lib/venues/fordefi/driver.js'
import type { FordefiOptions } from '../../../lib/venues/fordefi/options.js'
import { startSimulator, type Simulator } from '../../../lib/testing/index.js'
import {
  DEFAULT_FORDEFI_VAULTS,
  type FordefiSimulator,
  type FordefiSimulatorOptions,
} from '../../../lib/testing/fordefi/index.js'

/** The default vault of the simulator. */
export const VAULT = DEFAULT_FORDEFI_VAULTS[0]!.id

/** The default vault's assets as the custody model names them. */
export const ETH: CustodyAsset = { chain: 'evm_ethereum_mainnet', symbol: 'ETH', decimals: 18 }
export const USDC: CustodyAsset = {
  chain: 'evm_ethereum_mainnet',
  token: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
  symbol: 'USDC',
  decimals: 6,
}
export const WBTC: CustodyAsset = {
  chain: 'evm_ethereum_mainnet',
  token: '0x2260FAC5E5542a773Aa44fBC7C5f9C1E8D6C2C7d',
  symbol: 'WBTC',
  decimals: 8,
}

/** A destination address. */
export const TO = '0x00000000219ab540356cBB839Cbe05303d7705Fa'

export interface FordefiRig {
  readonly sim: Simulator
  readonly fordefi: FordefiSimulator
  readonly venue: FordefiVenue
  readonly custody: VenueCustody
  /** Every event of the venue since it was made. */
  readonly events: Observable<VenueEvent>
  close(): Promise<void>
}

/**
 * Starts the simulator (workflow steps 5 ms apart) and a driver polling every 10 ms.
 *
 * @example
 * const rig = await fordefiRig()
 */
export async function fordefiRig(
  simOptions: FordefiSimulatorOptions = {},
  driverOptions: Partial<FordefiOptions> = {},
): Promise<FordefiRig> {
  const sim = await startSimulator({
    venues: ['fordefi'],
    seed: 7,
    fordefi: { timings: { signMs: 5, pushMs: 5, mineMs: 5, completeMs: 5 }, ...simOptions },
  })
  const venue = createFordefiVenue({
    ...sim.clientOptions().venues.fordefi,
    logger: silentLogger,
    poll: { initialMs: 10, maxMs: 40, multiplier: 1.5 },
    ...driverOptions,
  })
  const events = new ReplaySubject<VenueEvent>()
  venue.events$.subscribe(events)
  const custody = venue.custody
  if (custody === undefined) throw new Error('the driver has no custody surface')
  return {
    sim,
    fordefi: sim.venue('fordefi'),
    venue,
    custody,
    events,
    close: async () => {
      await venue.close()
      await sim.close()
    },
  }
}
