/**
 * The mock venue, registered: a client makes it from settings like any venue, loading the matching
 * engine only when it is used.
 */
import { consecutiveUpdateIds } from '../../book/sequence-rules.js'
import { lazyVenue } from '../kit/lazy-venue.js'
import type { DriverDefaults, VenueModule } from '../kit/module.js'
import { checkOptions, type OptionKind } from '../../core/option-check.js'
import type { MockVenue } from './mock-venue.js'
import type { MockVenueOptions } from './options.js'
import { MOCK_CAPABILITIES } from './spec.js'

// what a client passes every driver it makes (logger, transport, WebSocketCtor) besides the mock's own
const MOCK_OPTIONS: { readonly [K in keyof MockVenueOptions | keyof DriverDefaults]-?: OptionKind } = {
  id: 'text',
  seed: 'any',
  scheduler: 'object',
  intervalMs: 'ms',
  mode: 'any',
  script: 'object',
  levels: 'any',
  changesPerStep: 'any',
  instruments: 'object',
  balances: 'object',
  fees: 'object',
  historyPageSize: 'any',
  historyLimit: 'any',
  placementWindowMs: 'ms',
  logger: 'object',
  transport: 'object',
  WebSocketCtor: 'any',
}

/**
 * The in-process mock venue module. For virtual-time tests, make the mock directly with
 * `createMockVenue` from `rxvenue/mock` (its timing is then the scheduler's from the first call).
 *
 * @example
 * const mock = MOCK_MODULE.create({ seed: 7 })
 */
export const MOCK_MODULE: VenueModule<'mock', MockVenueOptions, MockVenue> = {
  id: 'mock',
  capabilities: MOCK_CAPABILITIES,
  checkOptions: (options) => checkOptions('mock', options, MOCK_OPTIONS, { venue: 'mock' }),
  create: (options = {}) =>
    lazyVenue<MockVenue>(
      {
        id: options.id ?? 'mock',
        capabilities: MOCK_CAPABILITIES,
        bookSequence: consecutiveUpdateIds,
        surfaces: { trading: true },
        scheduler: options.scheduler,
      },
      () => import('./mock-venue.js').then((driver) => driver.createMockVenue(options)),
    ),
  fromEnv: () => undefined,
}
