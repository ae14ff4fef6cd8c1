/**
 * The shape of a risk configuration, checked before any limit is read: a misspelt limit would
 * otherwise be no limit at all.
 */
import { VenueError } from '../core/errors.js'
import { optionProblem, type OptionKind, type OptionKinds } from '../core/option-check.js'
import { didYouMean } from '../core/suggest.js'
import { parseSymbol } from '../core/symbols.js'
import { VENUE_MODULES } from '../venues/modules.js'
import type { LimitTree, OrderRate, RiskLimits, VenueRiskLimits } from './limits.js'

// the limits' values are checked when they are resolved (`resolveLimits`)
const LIMITS: { readonly [K in keyof RiskLimits]-?: OptionKind } = {
  maxOrderQuantity: 'any',
  maxOrderNotional: 'any',
  maxPosition: 'any',
  maxAssetPosition: 'object',
  priceBand: 'any',
  maxOpenOrders: 'any',
  maxDailyLoss: 'any',
  maxOrderRate: 'object',
}
const TOP: OptionKinds = {
  ...({ ...LIMITS, venues: 'object' } satisfies { readonly [K in keyof LimitTree]-?: OptionKind }),
  rules: 'any',
  customVenues: 'any',
  dailyResetUtcMs: 'any',
  killSwitch: 'object',
  now: 'function',
}
const VENUE: { readonly [K in keyof VenueRiskLimits]-?: OptionKind } = { ...LIMITS, symbols: 'object' }
const KILL_SWITCH: OptionKinds = { cancelOpenOrders: 'flag', tripOnDailyLoss: 'flag' }
const RATE: { readonly [K in keyof OrderRate]-?: OptionKind } = { orders: 'any', perMs: 'any' }

/**
 * A risk configuration whose shape {@link checkRiskConfig} checked: `RiskConfig`'s keys, values still
 * to be read.
 */
export type RiskConfigShape = Record<string, unknown>

const refuse = (message: string): never => {
  throw new VenueError({ kind: 'invalid-request', message: `risk config: ${message}` })
}

/** `value` (at `path`) checked against `kinds`; returns it. */
function checked(value: unknown, path: string, kinds: OptionKinds): RiskConfigShape {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const shown =
      typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : String(value)
    return refuse(`${path === '' ? 'it' : path} must be an object, got ${shown}`)
  }
  const problem = optionProblem(value, kinds)
  if (problem !== undefined) refuse(path === '' ? problem : `${path}: ${problem}`)
  return value as RiskConfigShape
}

/** The limits at `path`, and the objects in them. */
function limitsAt(value: unknown, path: string, kinds: OptionKinds): RiskConfigShape {
  const limits = checked(value, path, kinds)
  const at = (key: string) => (path === '' ? key : `${path}.${key}`)
  if (limits['maxOrderRate'] !== undefined) checked(limits['maxOrderRate'], at('maxOrderRate'), RATE)
  return limits
}

// what a venue id looks like: the built-in ones, and a venue module's of your own
const VENUE_ID = /^[a-z0-9][a-z0-9_-]*$/
const BUILT_IN_VENUES: readonly string[] = VENUE_MODULES.map((m) => m.id)

/** A venue id at `path` (`venues key mokc`) written as ids are; refused naming the closest otherwise. */
function checkVenueId(id: string, path: string, known: readonly string[]): void {
  if (!VENUE_ID.test(id)) refuse(`${path}: venue ids are lower case${didYouMean(id, known)}`)
}

/** The venue ids `venues` may name: the built-in ones and the config's `customVenues`. */
function knownVenues(custom: unknown): readonly string[] {
  if (custom === undefined) return BUILT_IN_VENUES
  if (!Array.isArray(custom)) {
    const shown = typeof custom === 'string' ? JSON.stringify(custom) : String(custom)
    return refuse(`customVenues must be an array of venue ids, got ${shown}`)
  }
  custom.forEach((id: unknown, i) => {
    if (typeof id !== 'string') refuse(`customVenues[${i}] must be a venue id, got ${String(id)}`)
    checkVenueId(id as string, `customVenues[${i}] ${String(id)}`, BUILT_IN_VENUES)
  })
  return [...BUILT_IN_VENUES, ...(custom as string[])]
}

/** A symbol key at `path` in canonical form (`BTC/USDT`), named as it should be written otherwise. */
function checkSymbolKey(symbol: string, path: string): void {
  let canonical: string
  try {
    canonical = parseSymbol(symbol).symbol
  } catch {
    return refuse(`${path} key ${symbol}: not a unified symbol; write it BASE/QUOTE, e.g. BTC/USDT`)
  }
  if (canonical !== symbol) refuse(`${path} key ${symbol}: write it ${canonical}`)
}

/**
 * Checks the shape of a risk configuration: every key known (a misspelt one is refused with the
 * closest names), each `venues` key a venue id (built in, or listed in `customVenues`), each
 * `symbols` key a unified symbol as written canonically (`BTC/USDT`), the kill switch's flags
 * booleans, the rules functions. The limits' values are checked when they are resolved
 * (`resolveLimits`). Returns the configuration.
 *
 * @throws VenueError `invalid-request` naming the setting.
 * @example
 * checkRiskConfig({ maxOrderQty: '1' }) // throws: risk config: unknown option maxOrderQty; valid: maxOrderQuantity, …
 * checkRiskConfig({ venues: { mokc: {} } }) // throws: risk config: venues key mokc: unknown venue; did you mean mock? …
 */
export function checkRiskConfig(config: unknown): RiskConfigShape {
  const top = limitsAt(config, '', TOP)
  const known = knownVenues(top['customVenues'])
  for (const [venue, ofVenue] of Object.entries(top['venues'] ?? {})) {
    if (ofVenue === undefined) continue
    checkVenueId(venue, `venues key ${venue}`, known)
    if (!known.includes(venue)) {
      refuse(
        `venues key ${venue}: unknown venue${didYouMean(venue, known)} ` +
          '(a venue of your own: list it in customVenues)',
      )
    }
    const limits = limitsAt(ofVenue, `venues.${venue}`, VENUE)
    for (const [symbol, ofSymbol] of Object.entries(limits['symbols'] ?? {})) {
      if (ofSymbol === undefined) continue
      checkSymbolKey(symbol, `venues.${venue}.symbols`)
      limitsAt(ofSymbol, `venues.${venue}.symbols.${symbol}`, LIMITS)
    }
  }
  if (top['killSwitch'] !== undefined) checked(top['killSwitch'], 'killSwitch', KILL_SWITCH)
  const rules = top['rules']
  if (rules !== undefined) {
    if (!Array.isArray(rules)) refuse('rules must be an array of functions')
    ;(rules as unknown[]).forEach((rule, i) => {
      if (typeof rule !== 'function') refuse(`rules[${i}] must be a function, got ${String(rule)}`)
    })
  }
  return top
}
