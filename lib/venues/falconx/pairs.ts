/**
 * FalconX's pairs as instruments (`GET /v1/pairs`).
 */
import { map, type Observable } from 'rxjs'
import { Decimal } from '../../core/decimal.js'
import type { Instrument } from '../../core/model.js'
import type { RestClient } from '../../transport/rest.js'
import { spotInstrument } from '../kit/spot-instrument.js'
import { FxPairs, type FxPair } from './codecs.js'

/**
 * FalconX publishes no tick or lot sizes for a pair (its `/v1/trade_sizes` answer is undocumented):
 * prices and sizes are taken to the 18th decimal, and the venue refuses what it cannot trade.
 */
const STEP = new Decimal('1e-18')
const TRADING = new Map([['trading', 'trading' as const]])

/**
 * The instrument of a FalconX pair: `BTC/USD`, venue symbol `BTC-USD`.
 *
 * @example
 * pairInstrument({ base_token: 'BTC', quote_token: 'USD' })?.venueSymbol // 'BTC-USD'
 */
export function pairInstrument(pair: FxPair): Instrument | undefined {
  return spotInstrument(
    'falconx',
    {
      venueSymbol: `${pair.base_token}-${pair.quote_token}`,
      base: pair.base_token,
      quote: pair.quote_token,
      status: 'trading',
      tickSize: STEP,
      lotSize: STEP,
      minSize: STEP,
    },
    TRADING,
  )
}

/**
 * The pairs the account may trade, as instruments (signed: FalconX answers nothing unsigned).
 *
 * @example
 * fetchPairs(ctx.privateRest).subscribe((list) => console.log(list.map((i) => i.symbol)))
 */
export function fetchPairs(rest: RestClient): Observable<readonly Instrument[]> {
  return rest
    .request$({ path: '/v1/pairs', codec: FxPairs })
    .pipe(map((pairs) => pairs.flatMap((p) => pairInstrument(p) ?? [])))
}
