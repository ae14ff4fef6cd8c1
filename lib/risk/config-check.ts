/**
 * The shape of a risk configuration, checked before any limit is read: a misspelt limit would
 * otherwise be no limit at all.
 */
import { VenueError } from '../core/errors.js'
import { didYouMean } from '../core/suggest.js'

const LIMITS = [
  'maxOrderQuantity',
  'maxOrderNotional',
  'maxPosition',
  'maxAssetPosition',
  'priceBand',
  'maxOpenOrders',
  'maxDailyLoss',
  'maxOrderRate',
] as const
const TOP = [...LIMITS, 'venues', 'rules', 'dailyResetUtcMs', 'killSwitch', 'now']
const VENUE = [...LIMITS, 'symbols']
const KILL_SWITCH = ['cancelOpenOrders', 'tripOnDailyLoss']
const RATE = ['orders', 'perMs']

const refuse = (message: string): never => {
  throw new VenueError({ kind: 'invalid-request', message: `risk config: ${message}` })
}

/**
 * A risk configuration whose shape {@link checkRiskConfig} checked: `RiskConfig`'s keys, values still
 * to be read.
 */
export type RiskConfigShape = Record<string, unknown>

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** `value` at `path` must be an object, whose keys are all `known` when given; returns it. */
function objectOf(value: unknown, path: string, known?: readonly string[]): Record<string, unknown> {
  if (!isRecord(value))
    return refuse(`${path === '' ? 'it' : path} must be an object, got ${describe(value)}`)
  if (known === undefined) return value
  for (const key of Object.keys(value)) {
    if (!known.includes(key) && value[key] !== undefined) {
      refuse(`unknown setting ${path === '' ? key : `${path}.${key}`}${didYouMean(key, known, 20)}`)
    }
  }
  return value
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : String(value)
}

function limitsAt(limits: Record<string, unknown>, path: string): void {
  const at = (key: string) => (path === '' ? key : `${path}.${key}`)
  if (limits['maxAssetPosition'] !== undefined) objectOf(limits['maxAssetPosition'], at('maxAssetPosition'))
  if (limits['maxOrderRate'] !== undefined) objectOf(limits['maxOrderRate'], at('maxOrderRate'), RATE)
}

/**
 * Checks the shape of a risk configuration: every key known (a misspelt one is refused with the
 * closest names), the kill switch's flags booleans, the rules functions. The limits' values are
 * checked when they are resolved (`resolveLimits`). Returns the configuration, typed.
 *
 * @throws VenueError `invalid-request` naming the setting.
 * @example
 * checkRiskConfig({ maxOrderQty: '1' }) // throws: risk config: unknown setting maxOrderQty; did you mean maxOrderQuantity?
 */
export function checkRiskConfig(config: unknown): RiskConfigShape {
  const top = objectOf(config, '', TOP)
  limitsAt(top, '')
  if (top['venues'] !== undefined) {
    for (const [venue, limits] of Object.entries(objectOf(top['venues'], 'venues'))) {
      if (limits === undefined) continue
      const ofVenue = objectOf(limits, `venues.${venue}`, VENUE)
      limitsAt(ofVenue, `venues.${venue}`)
      if (ofVenue['symbols'] === undefined) continue
      const symbols = objectOf(ofVenue['symbols'], `venues.${venue}.symbols`)
      for (const [symbol, ofSymbol] of Object.entries(symbols)) {
        if (ofSymbol === undefined) continue
        const path = `venues.${venue}.symbols.${symbol}`
        limitsAt(objectOf(ofSymbol, path, LIMITS), path)
      }
    }
  }
  if (top['killSwitch'] !== undefined) {
    const killSwitch = objectOf(top['killSwitch'], 'killSwitch', KILL_SWITCH)
    for (const flag of KILL_SWITCH) {
      const value = killSwitch[flag]
      if (value !== undefined && typeof value !== 'boolean') {
        refuse(`killSwitch.${flag} must be true or false, got ${describe(value)}`)
      }
    }
  }
  const rules = top['rules']
  if (rules !== undefined) {
    if (!Array.isArray(rules)) refuse(`rules must be an array of functions, got ${describe(rules)}`)
    ;(rules as unknown[]).forEach((rule, i) => {
      if (typeof rule !== 'function') refuse(`rules[${i}] must be a function, got ${describe(rule)}`)
    })
  }
  if (top['now'] !== undefined && typeof top['now'] !== 'function') {
    refuse(`now must be a function, got ${describe(top['now'])}`)
  }
  return top
}
