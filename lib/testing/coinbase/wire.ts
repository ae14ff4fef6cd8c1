/**
 * Coinbase's wire vocabulary: its error names and HTTP statuses (the body is written by
 * `coinbaseRestAnswer`), and how times, decimals and sides are written. https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/introduction
 */
import type { Decimal } from '../../core/decimal.js'
import type { ErrorKind, VenueError } from '../../core/errors.js'
import type { Side } from '../../core/model.js'
import { errorMaker, type ErrorRow } from '../kit/error-table.js'

// Coinbase's own times carry up to nine fractional digits; the simulator's carry three.
export { fixed, isoTime, plain } from '../kit/wire-text.js'

/** Error names the simulator answers with, Coinbase's gRPC code and HTTP status for each, and their kind. */
const ERR = {
  invalid: { code: 'INVALID_ARGUMENT', text: 'invalid argument', status: 400 },
  notFound: { code: 'NOT_FOUND', text: 'not found', status: 404, kind: 'not-found' },
  tooMany: { code: 'RESOURCE_EXHAUSTED', text: 'Too many requests', status: 429, kind: 'rate-limit' },
  internal: { code: 'INTERNAL', text: 'internal error', status: 500, kind: 'temporary' },
} as const satisfies Record<string, ErrorRow>

const make = errorMaker('coinbase', ERR)

/**
 * A rejection the simulator answers with Coinbase's error body (`coinbaseRestAnswer`); `detail`
 * replaces the generic text.
 *
 * @example
 * throw coinbaseError('invalid', 'granularity is required')
 */
export function coinbaseError(name: keyof typeof ERR, detail?: string, kind?: ErrorKind): VenueError {
  return make(name, { message: detail, kind })
}

/**
 * The side a public trade is sent with: the resting (maker) order's, the taker's other one.
 *
 * @example
 * makerSide('buy') // 'SELL': a buyer took a resting sell
 */
export function makerSide(taker: Side): 'BUY' | 'SELL' {
  return taker === 'buy' ? 'SELL' : 'BUY'
}

/**
 * A 24 h change as a percentage, as `price_percent_chg_24_h` writes it.
 *
 * @example
 * percentChange(new Decimal('110'), new Decimal('100')) // '10'
 */
export function percentChange(last: Decimal, open: Decimal): string {
  return open.isZero() ? '0' : last.minus(open).div(open).mul(100).toFixed()
}
