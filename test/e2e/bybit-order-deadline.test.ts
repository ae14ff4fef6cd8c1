import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import {
  Decimal,
  DEFAULT_ORDER_DEADLINE_MS,
  type BybitTrading,
  type OrderRequest,
  type VenueError,
} from '../../index.js'
import { requestsTo, startRig, type BybitRig } from './support.js'

const SYMBOL = 'BTC/USDT'
const BAN_MS = 600_000

describe("bybit e2e: order commands during the venue's 10-minute IP ban", () => {
  let rig: BybitRig
  let account: BybitTrading

  const limitBuy = (clientOrderId: string, price: Decimal): OrderRequest => ({
    symbol: SYMBOL,
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    price,
    quantity: new Decimal('0.01'),
    clientOrderId,
  })
  const failure = (p: Promise<unknown>): Promise<VenueError> =>
    p.then(
      () => expect.fail('expected the command to fail'),
      (e: unknown) => e as VenueError,
    )

  beforeEach(async () => {
    rig = await startRig({ seed: 21 })
    account = rig.client.account('bybit') as BybitTrading
  })

  afterEach(() => rig.close())

  it('fail at once with rate-limit naming the order, and are never sent later', async () => {
    const { bybit, simEvents } = rig
    const bid = bybit.book(SYMBOL, 1).bids[0]?.price
    if (bid === undefined) throw new Error('the venue has no bid')
    const resting = await lastValueFrom(account.placeOrder(limitBuy('e2e-before-ban', bid.minus(100))))
    // the venue answers the next request with its IP ban: 403 "access too frequent"
    bybit.faults.failNext(1, 403)
    const banned = await failure(lastValueFrom(account.balances()))
    expect([banned.kind, banned.retryAfterMs]).to.deep.equal(['rate-limit', BAN_MS])

    const started = Date.now()
    const place = await failure(lastValueFrom(account.placeOrder(limitBuy('e2e-during-ban', bid))))
    const cancel = await failure(lastValueFrom(account.cancelOrder(resting)))
    const amend = await failure(lastValueFrom(account.amendOrder(resting, { price: bid.minus(99) })))
    const waited = Date.now() - started

    expect(place).to.include({ kind: 'rate-limit', clientOrderId: 'e2e-during-ban' })
    expect(place.message).to.match(/^order e2e-during-ban: not sent within its deadline: the venue is paused/)
    expect(place.retryAfterMs).to.be.within(BAN_MS - 60_000, BAN_MS)
    expect([cancel.kind, amend.kind]).to.deep.equal(['rate-limit', 'rate-limit'])
    expect(waited, 'failed long before the 5 s deadline, let alone the ban').to.be.below(
      DEFAULT_ORDER_DEADLINE_MS,
    )
    const sent = (path: string) => requestsTo(simEvents.seen, 'POST', path).length
    expect([sent('/v5/order/create'), sent('/v5/order/cancel'), sent('/v5/order/amend')]).to.deep.equal([
      1, 0, 0,
    ])
    expect(rig.client.venue('bybit').health?.().rateLimit?.queued).to.equal(0)
  })
})
