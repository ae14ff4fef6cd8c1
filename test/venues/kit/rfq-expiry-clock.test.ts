/**
 * An accept after the quote's expiry sends nothing, though the venue clock (read from whole-second
 * `Date` headers) lags the venue's: a quote the surface gave is timed from its own venue time plus the
 * local time since it arrived; another is refused `clockLagMs` before its expiry.
 */
import { expect } from 'chai'
import { catchError, map, mergeMap, of, timer, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { Side } from '../../../lib/core/model.js'
import type { RfqExecution, RfqQuote, RfqWire } from '../../../lib/venues/contract/rfq.js'
import { rfqSurface } from '../../../lib/venues/kit/rfq/index.js'

const d = (s: string) => new Decimal(s)
const LIFE = 3000
/** How far the venue clock estimate runs behind the venue's time. */
const LAG = 900

const quoteAt = (id: string, at: number): RfqQuote => ({
  venue: 'falconx',
  symbol: 'BTC/USD',
  id,
  side: 'two-way',
  quantity: d('1'),
  bid: d('99'),
  ask: d('101'),
  expiresAt: new Date(at + LIFE),
  timestamp: new Date(at),
  rawTimestamp: at,
})

const executed = (quote: RfqQuote, side: Side): RfqExecution =>
  ({ quote, order: { id: quote.id, status: 'filled' }, fill: { tradeId: `t-${quote.id}`, side } }) as never

function run(
  clockLagMs: number | undefined,
  script: (
    accept: (q: RfqQuote, atMs: number) => Observable<string>,
    quote: () => RfqQuote,
  ) => Record<string, Observable<string>>,
) {
  const scheduler = new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
  const sent: string[] = []
  const results: Record<string, string> = {}
  let n = 0
  scheduler.run(({ flush }) => {
    const wire: RfqWire = {
      venue: 'falconx',
      // the venue's time is the scheduler's: the quote carries it
      requestQuote: () => of(quoteAt(`q-${n++}`, scheduler.now())),
      accept: (q, side) => {
        sent.push(`${q.id}@${scheduler.now()}`)
        return of(executed(q, side))
      },
      lookup: () => of(undefined),
    }
    const { rfq } = rfqSurface(wire, { scheduler, now: () => scheduler.now() - LAG, clockLagMs })
    let last: RfqQuote | undefined
    const quote = () => {
      rfq.quote$({ symbol: 'BTC/USD', side: 'two-way', quantity: d('1') }).subscribe((q) => (last = q))
      return last as RfqQuote
    }
    const accept = (q: RfqQuote, atMs: number) =>
      timer(atMs).pipe(
        mergeMap(() => rfq.accept(q, 'buy')),
        map((x) => `executed ${x.quote.id}`),
        catchError((e: unknown) => of(e instanceof VenueError ? e.kind : String(e))),
      )
    for (const [name, o] of Object.entries(script(accept, quote))) o.subscribe((r) => (results[name] = r))
    flush()
  })
  return { sent, results }
}

describe('RFQ accept at the expiry, the venue clock lagging', () => {
  it("a quote the surface gave: 50 ms past its expiry by the venue's time is expired, sending nothing", () => {
    const { sent, results } = run(1000, (accept, quote) => {
      const late = quote()
      const early = quote()
      return { late: accept(late, LIFE + 50), early: accept(early, LIFE - 10) }
    })
    expect(results).to.deep.equal({ late: 'expired', early: 'executed q-1' })
    expect(sent).to.deep.equal([`q-1@${LIFE - 10}`])
  })

  it("a quote it did not give is refused clockLagMs before its expiry by the venue clock's estimate", () => {
    const stored = quoteAt('stored', 0)
    const { sent, results } = run(1000, (accept) => ({
      // the estimate is 2050 then: the venue's time may be 3050
      lastSecond: accept(stored, LIFE + LAG - 1000 + 50),
      inTime: accept({ ...stored, id: 'stored-2' }, LIFE + LAG - 1000 - 50),
    }))
    expect(results).to.deep.equal({ lastSecond: 'expired', inTime: 'executed stored-2' })
    expect(sent).to.deep.equal([`stored-2@${LIFE + LAG - 1000 - 50}`])
  })

  it('with no clockLagMs such a quote is taken until the venue clock reaches its expiry', () => {
    const { results } = run(undefined, (accept) => ({ late: accept(quoteAt('stored', 0), LIFE + LAG - 10) }))
    expect(results).to.deep.equal({ late: 'executed stored' })
  })
})
