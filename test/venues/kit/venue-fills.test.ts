import { defer, map, of } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Fill } from '../../../lib/core/model.js'
import { VenueFills } from '../../../lib/venues/kit/trading/totals-fills.js'
import { testScheduler } from '../support.js'

const fill = (tradeId: string, quantity: string, at = 0): Fill => ({
  venue: 'coinbase',
  symbol: 'BTC/USD',
  tradeId,
  orderId: 'o-1',
  side: 'buy',
  price: new Decimal('60000'),
  quantity: new Decimal(quantity),
  fee: new Decimal('0.1'),
  feeAsset: 'USD',
  timestamp: new Date(at),
  rawTimestamp: at,
})
/** A fill derived from the channel's totals: the rise of the filled quantity. */
const rise = (quantity: string): Fill => ({ ...fill(`o-1:${quantity}`, quantity), clientOrderId: 'grid-1' })

describe('coinbase: the venue fills behind a rise of the running totals', () => {
  it('asks again while the venue lists less than filled, then emits each fill once, oldest first', () => {
    const scheduler = testScheduler()
    scheduler.run(({ expectObservable }) => {
      // the list trails for two asks; newest first, as the venue lists them
      const answers = [[], [fill('t1', '0.5', 1)], [fill('t2', '1.5', 2), fill('t1', '0.5', 1)]]
      let asked = 0
      const fills = new VenueFills({ venue: 'coinbase', scheduler, logger: silentLogger }, () =>
        defer(() => of(answers[Math.min(asked++, answers.length - 1)] ?? [])),
      )
      const ids = (f: Fill) => `${f.tradeId} ${f.quantity.toFixed()} ${f.clientOrderId}`
      const out = fills.behind(rise('2'), new Decimal('2'))
      // asks at 0, 200 and 600 ms: the third adds up
      expectObservable(out.pipe(map(ids))).toBe('600ms (ab|)', { a: 't1 0.5 grid-1', b: 't2 1.5 grid-1' })
    })
  })

  it('never emits a fill twice across rises, and gives the rest as one derived fill when the list keeps trailing', () => {
    const scheduler = testScheduler()
    scheduler.run(({ expectObservable }) => {
      const fills = new VenueFills({ venue: 'coinbase', scheduler, logger: silentLogger }, () =>
        of([fill('t1', '0.5', 1)]),
      )
      const ids = (f: Fill) => `${f.tradeId} ${f.quantity.toFixed()}`
      expectObservable(fills.behind(rise('0.5'), new Decimal('0.5')).pipe(map(ids))).toBe('(a|)', {
        a: 't1 0.5',
      })
      // the second rise: t1 is known; the list never shows the other 0.3 → after 8 more asks (21.2 s), one derived fill
      const later = fills.behind(rise('0.3'), new Decimal('0.8'))
      expectObservable(later.pipe(map(ids)), '^').toBe('21200ms (b|)', { b: 'o-1:0.3 0.3' })
    })
  })
})
