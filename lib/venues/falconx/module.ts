/**
 * FalconX, registered: what the client and the package root know of it before its driver loads.
 */
import { VenueError } from '../../core/errors.js'
import type { VenueModule } from '../kit/module.js'
import { specModule } from '../kit/spec-module.js'
import { oneOfProblem } from '../kit/value-input.js'
import type { FalconxVenue } from './driver.js'
import type { FalconxOptions } from './options.js'
import { FALCONX_PLATFORMS, FALCONX_SPEC } from './spec.js'

const signed = (o: FalconxOptions) => Boolean(o.apiKey && o.secret && o.passphrase)

/**
 * The FalconX venue module.
 *
 * @example
 * const falconx = FALCONX_MODULE.create(FALCONX_MODULE.fromEnv(process.env))
 */
export const FALCONX_MODULE: VenueModule<'falconx', FalconxOptions, FalconxVenue> = specModule(FALCONX_SPEC, {
  options: { passphrase: 'credential', platform: true },
  check: (options) => {
    const problem = oneOfProblem('platform', options.platform, FALCONX_PLATFORMS, true)
    if (problem !== undefined) {
      throw new VenueError({ kind: 'invalid-request', venue: 'falconx', message: `falconx: ${problem}` })
    }
  },
  surfaces: (options) => ({ trading: signed(options), rfq: signed(options) }),
  load: (options) => import('./driver.js').then((driver) => driver.createFalconxVenue(options)),
  env: [{ name: 'PASSPHRASE', option: 'passphrase', kind: 'text' }],
})

/**
 * Creates a FalconX driver. Nothing loads or connects until a request is subscribed; `rfq` and
 * `trading` are present only with a key, its secret and its passphrase.
 *
 * @example
 * const falconx = createFalconxVenue({ apiKey, secret, passphrase })
 * falconx.rfq?.quote$({ symbol: 'BTC/USD', side: 'two-way', quantity: new Decimal('1') }).subscribe(show)
 * await falconx.close()
 */
export function createFalconxVenue(options?: FalconxOptions): FalconxVenue {
  return FALCONX_MODULE.create(options)
}
