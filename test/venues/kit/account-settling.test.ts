/**
 * The kit's settled commands for one account: the venue, scheduler, symbol map and lookup given once,
 * each command the venue's request alone.
 */
import { expect } from 'chai'
import { of, VirtualTimeScheduler, type Observable } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { Instrument, Order, OrderRef } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import type { SignedApi } from '../../../lib/venues/kit/trading/signed-api.js'
import { accountSettling } from '../../../lib/venues/kit/trading/account-settling.js'

const d = (text: string) => new Decimal(text)
const instrument: Instrument = {
  venue: 'prime',
  symbol: 'BTC/USD',
  venueSymbol: 'BTC-USD',
  base: 'BTC',
  quote: 'USD',
  tickSize: d('0.01'),
  lotSize: d('0.0001'),
  minSize: d('0.0001'),
  status: 'trading',
}
const symbols = new SymbolMap('prime', [instrument])
const order = (o: Partial<Order>): Order =>
  ({
    venue: 'prime',
    symbol: 'BTC/USD',
    id: 'o-1',
    clientOrderId: 'c-1',
    side: 'buy',
    type: 'limit',
    price: d('100'),
    quantity: d('1'),
    filledQuantity: d('0'),
    status: 'new',
    timestamp: new Date(0),
    rawTimestamp: 0,
    ...o,
  }) as Order

function setUp(seen: Order[]) {
  const scheduler = new VirtualTimeScheduler()
  const asked: number[] = []
  const api = {
    symbolsBy: (sendBy: number | undefined) => {
      asked.push(sendBy ?? -1)
      return of(symbols)
    },
  } as unknown as SignedApi
  const lookups: OrderRef[] = []
  const lookup = (ref: OrderRef): Observable<Order | undefined> => {
    lookups.push(ref)
    return of(seen.length > 1 ? seen.shift() : seen[0])
  }
  const settled = accountSettling('prime', { api, scheduler }, lookup, { settleLookups: 3 })
  return { scheduler, asked, lookups, settled }
}

function run<T>(scheduler: VirtualTimeScheduler, o: Observable<T>): { values: T[]; error: unknown } {
  const values: T[] = []
  let error: unknown
  o.subscribe({ next: (v) => values.push(v), error: (e: unknown) => (error = e) })
  scheduler.flush()
  return { values, error }
}

describe('kit: the settled commands of an account', () => {
  it('cancels with the symbol map by the deadline, then looks the order up until it finished', () => {
    const { scheduler, asked, lookups, settled } = setUp([order({}), order({ status: 'canceled' })])
    const requests: [OrderRef, SymbolMap, number][] = []
    const cancel = settled.cancel((ref, map, sendBy) => {
      requests.push([ref, map, sendBy])
      return of('o-1')
    })
    const { values } = run(scheduler, cancel({ symbol: 'BTC/USD', clientOrderId: 'c-1' }, 5000))
    expect(asked).to.deep.equal([5000])
    expect(requests).to.deep.equal([[{ symbol: 'BTC/USD', clientOrderId: 'c-1' }, symbols, 5000]])
    expect(lookups).to.deep.equal([
      { symbol: 'BTC/USD', clientOrderId: 'c-1', id: 'o-1' },
      { symbol: 'BTC/USD', clientOrderId: 'c-1', id: 'o-1' },
    ])
    expect(values.map((o) => o.status)).to.deep.equal(['canceled'])
  })

  it('reads a cancel the lookups never show finished as pending-cancel', () => {
    const { scheduler, lookups, settled } = setUp([order({})])
    const { values } = run(scheduler, settled.cancel(() => of('o-1'))({ symbol: 'BTC/USD', id: 'o-1' }, 5000))
    expect(lookups).to.have.length(3)
    expect(values.map((o) => o.status)).to.deep.equal(['pending-cancel'])
  })

  it('checks an amendment against the instrument before the venue is asked, then waits for the new price', () => {
    const { scheduler, settled } = setUp([order({}), order({ price: d('101.5') })])
    const sent: unknown[] = []
    const amend = settled.amend((_ref, changes) => {
      sent.push(changes)
      return of('o-1')
    })
    const refused = run(scheduler, amend({ symbol: 'BTC/USD', id: 'o-1' }, { price: d('101.555') }, 5000))
    expect(refused.error).to.be.instanceOf(VenueError)
    expect((refused.error as VenueError).kind).to.equal('invalid-request')
    expect(sent).to.deep.equal([])
    const { values } = run(scheduler, amend({ symbol: 'BTC/USD', id: 'o-1' }, { price: d('101.5') }, 5000))
    expect(sent).to.have.length(1)
    expect(values.map((o) => o.price?.toFixed())).to.deep.equal(['101.5'])
  })
})
