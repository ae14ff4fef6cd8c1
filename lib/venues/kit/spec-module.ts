import type { SchedulerLike } from 'rxjs'
import type { VenueId } from '../../core/model.js'
import type { Venue } from '../contract/venue.js'
import { lazyVenue, type LazyVenueShape } from './lazy-venue.js'
import { optionsFromEnv, type EnvOption, type VenueModule } from './module.js'
import { checkOptionNames, type OwnOptionNames } from './option-names.js'
import { chosenNetwork, DEFAULT_ORDER_DEADLINE_MS } from './options.js'
import type { VenueSpec } from './spec.js'
import { placementWindowMs } from './trading/place-without-duplicates.js'

/**
 * What a venue adds to its spec to make its module.
 *
 * @example
 * const parts: SpecModuleParts<BybitOptions, BybitVenue> = { surfaces, load, env: [] }
 */
export interface SpecModuleParts<O, V extends Venue> {
  /** The optional surfaces a driver made with `options` has. */
  surfaces(options: O): LazyVenueShape['surfaces']
  /** The options the venue adds to the common ones (a name not among either is refused). */
  readonly options: OwnOptionNames<O>
  /** Loads the driver's code and creates it. */
  load(options: O): Promise<V>
  /** The venue's own `RXVENUE_<ID>_*` variables, beyond the common ones. */
  readonly env?: readonly EnvOption[] | undefined
  /**
   * Checks of the venue's own options' values, after their names and kinds: throws `invalid-request`
   * (with `venue` set) for a value the venue does not take, when the client is made.
   */
  check?(options: O): void
  /** Members the venue answers before its driver loads (see `LazyVenueShape.unloaded`). */
  readonly unloaded?: LazyVenueShape['unloaded']
}

/**
 * A venue module from the venue's spec: `create` gives a lazy venue (nothing loads or connects until a
 * stream or request is subscribed), `fromEnv` reads the common and the venue's variables.
 *
 * @example
 * export const BYBIT_MODULE = specModule(BYBIT_SPEC, { surfaces, load: (o) => import('./driver.js').then((d) => d.createBybitVenue(o)) })
 */
export function specModule<
  Id extends VenueId,
  O extends {
    readonly scheduler?: SchedulerLike | undefined
    readonly recvWindowMs?: number | undefined
    readonly orderDeadlineMs?: number | undefined
  },
  V extends Venue,
>(
  spec: Pick<VenueSpec<Id>, 'id' | 'networks' | 'capabilities' | 'bookSequence' | 'defaults'>,
  parts: SpecModuleParts<O, V>,
): VenueModule<Id, O, V> {
  const check = (options: O): void => {
    checkOptionNames(spec.id, options, parts.options)
    // a network the venue does not offer is refused when the options are given, not at first use
    chosenNetwork(spec.id, spec.networks, options as { testnet?: boolean; demo?: boolean })
    parts.check?.(options)
  }
  return {
    id: spec.id,
    capabilities: spec.capabilities,
    checkOptions: (options) => check(options as O),
    create: (options = {} as O) => {
      check(options)
      return lazyVenue<V>(
        {
          id: spec.id,
          capabilities: spec.capabilities,
          bookSequence: spec.bookSequence,
          surfaces: parts.surfaces(options),
          scheduler: options.scheduler,
          placementWindowMs: placementWindowMs({
            orderDeadlineMs: options.orderDeadlineMs ?? DEFAULT_ORDER_DEADLINE_MS,
            recvWindowMs: options.recvWindowMs ?? spec.defaults.recvWindowMs,
          }),
          unloaded: parts.unloaded,
        },
        () => parts.load(options),
      )
    },
    fromEnv: (env) => optionsFromEnv<O>(spec.id, env, parts.env),
  }
}
