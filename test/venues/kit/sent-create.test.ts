/** The kit's create sent once, the order its answer names acknowledged at venue time. */
import { expect } from 'chai'
import * as t from 'io-ts'
import { lastValueFrom, of, type Observable } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { Instrument } from '../../../lib/core/model.js'
import { checkOrder } from '../../../lib/venues/kit/trading/checked-order.js'
import type { SignedCall } from '../../../lib/venues/kit/trading/signed-call.js'
import { sentCreate } from '../../../lib/venues/kit/trading/sent-create.js'

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
const Answer = t.type({ order_id: t.string })
const request = {
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  price: d('100'),
  quantity: d('0.5'),
  clientOrderId: 'c-1',
} as const

function account(answer: unknown) {
  const sent: unknown[][] = []
  const send = ((...args: unknown[]) => {
    sent.push(args)
    return of(answer)
  }) as unknown as SignedCall
  return { sent, account: { send, now: () => 7000 } }
}

const wire = {
  path: '/order',
  codec: Answer,
  prepare: (r: typeof request, i: Instrument) => ({
    order: checkOrder('prime', r, i),
    body: { product_id: i.venueSymbol },
  }),
  idOf: (a: t.TypeOf<typeof Answer>) => a.order_id,
}

describe('kit: a create sent once', () => {
  it('posts the prepared body once, not idempotent, by the deadline; the answer names the order, new at venue time', async () => {
    const { sent, account: a } = account({ order_id: 'o-9' })
    const order = await lastValueFrom(sentCreate('prime', a, wire)(request, instrument, 4000))
    expect(sent).to.deep.equal([
      ['/order', Answer, { method: 'POST', body: { product_id: 'BTC-USD' }, idempotent: false }, 4000],
    ])
    expect(order).to.deep.include({
      venue: 'prime',
      symbol: 'BTC/USD',
      id: 'o-9',
      clientOrderId: 'c-1',
      status: 'new',
      rawTimestamp: 7000,
    })
    expect(order.filledQuantity.toFixed()).to.equal('0')
    expect(order.timestamp).to.deep.equal(new Date(7000))
  })

  it('sends nothing for a request the venue refuses, and fails with what the answer says', async () => {
    const { sent, account: a } = account({ order_id: '' })
    expect(() =>
      sentCreate('prime', a, wire)({ ...request, price: d('100.001') }, instrument, 4000),
    ).to.throw(VenueError)
    expect(sent).to.deep.equal([])
    const refused = new VenueError({ kind: 'insufficient-funds', venue: 'prime', message: 'no funds' })
    const failing: Observable<unknown> = sentCreate('prime', a, {
      ...wire,
      idOf: () => {
        throw refused
      },
    })(request, instrument, 4000)
    expect(await lastValueFrom(failing).catch((e: unknown) => e)).to.equal(refused)
  })
})
