import { expect } from 'chai'
import { decode } from '../../../lib/codec/decode.js'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Timestamped } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { timestampedMs } from '../../../lib/venues/kit/timestamps.js'
import { CoinbaseUserFrame, type CoinbaseUserOrder } from '../../../lib/venues/coinbase/private-codecs.js'
import { averagePrice, TotalsFills } from '../../../lib/venues/kit/trading/totals-fills.js'
import { factsChannel } from '../../../lib/venues/kit/trading/order-facts.js'
import { COINBASE_WORDS } from '../../../lib/venues/coinbase/order-mappers.js'
import {
  coinbaseChannelMessage,
  coinbaseUserAck,
  userOrderFacts,
} from '../../../lib/venues/coinbase/user-socket.js'
import { fixture } from './trading-rig.js'

/** The `user` channel's orders and running totals, as the pushes read them. */
const { toOrder: toUserOrder, totals: runningTotals } = factsChannel(COINBASE_WORDS, userOrderFacts)

const d = (v: string) => new Decimal(v)
/** Fills from the `user` channel's running totals, as the pushes derive them. */
const userFills = () => {
  const totals = new TotalsFills('coinbase')
  return {
    take: (type: 'snapshot' | 'update', o: CoinbaseUserOrder, map: SymbolMap, at: Timestamped) =>
      totals.take(type === 'snapshot', runningTotals(o), map, at),
  }
}
const symbols = new SymbolMap('coinbase', [
  {
    venue: 'coinbase',
    symbol: 'BTC/USD',
    venueSymbol: 'BTC-USD',
    base: 'BTC',
    quote: 'USD',
    tickSize: d('0.01'),
    lotSize: d('0.00000001'),
    minSize: d('0.00001'),
    status: 'trading',
  },
])
const AT = timestampedMs(1_700_000_000_000)

/** The docs' snapshot order (a filled 0.01 BTC buy at 50000), with `changes`. */
function order(changes: Partial<Record<keyof CoinbaseUserOrder, string>> = {}): CoinbaseUserOrder {
  const frame = fixture('ws-user-snapshot.json') as { events: { orders: Record<string, unknown>[] }[] }
  const raw = {
    ...frame,
    events: [{ type: 'update', orders: [{ ...frame.events[0]?.orders[0], ...changes }] }],
  }
  const decoded = decode(CoinbaseUserFrame, raw, 'test').events[0]?.orders[0]
  if (decoded === undefined) throw new Error('the fixture has an order')
  return decoded
}

const open = (cumulative: string, value: string, fees: string) =>
  order({
    status: 'OPEN',
    cumulative_quantity: cumulative,
    leaves_quantity: d('0.01').minus(cumulative).toFixed(),
    filled_value: value,
    total_fees: fees,
  })

describe('coinbase trading: the user channel', () => {
  it('writes one subscribe message per channel, with a JWT and the products when named', () => {
    expect(coinbaseChannelMessage('subscribe', 'user', 'XYZ', ['BTC-USD'])).to.deep.equal(
      fixture('ws-subscribe-user.json'),
    )
    expect(coinbaseChannelMessage('subscribe', 'heartbeats', 'XYZ')).to.deep.equal(
      fixture('ws-subscribe-heartbeats.json'),
    )
    expect(coinbaseChannelMessage('unsubscribe', 'user', 'XYZ', [])).to.deep.equal({
      type: 'unsubscribe',
      channel: 'user',
      jwt: 'XYZ',
    })
  })

  it('reads a subscriptions frame as a confirmation and an error frame as the user channel refused', () => {
    expect(coinbaseUserAck({ channel: 'subscriptions', events: [] })).to.deep.equal({ ok: true })
    expect(coinbaseUserAck({ type: 'error', message: 'authentication failure' })).to.deep.equal({
      ok: false,
      keys: ['user'],
      reason: 'authentication failure',
      kind: 'auth',
    })
    expect(coinbaseUserAck(fixture('ws-heartbeats.json'))).to.equal(undefined)
  })

  it('maps a channel order to the model: status, sizes, post-only from text', () => {
    const filled = toUserOrder(order(), symbols, AT)
    expect(filled).to.deep.include({
      symbol: 'BTC/USD',
      id: 'YYY',
      clientOrderId: 'XXX',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      status: 'filled',
      timestamp: AT.timestamp,
    })
    expect([
      filled?.quantity.toFixed(),
      filled?.filledQuantity.toFixed(),
      filled?.averagePrice?.toFixed(),
    ]).to.deep.equal(['0.01', '0.01', '50000'])
    expect(
      toUserOrder(order({ post_only: 'true', status: 'OPEN', cumulative_quantity: '0' }), symbols, AT),
    ).to.deep.include({
      timeInForce: 'PostOnly',
      status: 'new',
      averagePrice: undefined,
    })
    expect(
      toUserOrder(
        order({ order_type: 'Market', time_in_force: 'IMMEDIATE_OR_CANCEL', limit_price: '' }),
        symbols,
        AT,
      ),
    ).to.deep.include({
      type: 'market',
      timeInForce: 'IOC',
      price: undefined,
    })
    expect(toUserOrder(order({ order_type: 'Stop' }), symbols, AT)).to.equal(undefined)
    expect(toUserOrder(order({ product_id: 'ETH-USD' }), symbols, AT)).to.equal(undefined)
  })

  it('derives a fill from each rise of the filled quantity: price from the value, fee from the fees', () => {
    const fills = userFills()
    expect(fills.take('update', open('0', '0', '0'), symbols, AT)).to.equal(undefined)
    const first = fills.take('update', open('0.004', '200', '0.8'), symbols, AT)
    expect([
      first?.quantity.toFixed(),
      first?.price.toFixed(),
      first?.fee.toFixed(),
      first?.tradeId,
    ]).to.deep.equal(['0.004', '50000', '0.8', 'YYY:0.004'])
    expect(first).to.deep.include({
      feeAsset: 'USD',
      side: 'buy',
      orderId: 'YYY',
      clientOrderId: 'XXX',
    })
    expect(first?.liquidity).to.equal(undefined)
    // the same frame again, or a frame with nothing new filled: no fill
    expect(fills.take('update', open('0.004', '200', '0.8'), symbols, AT)).to.equal(undefined)
    // a late frame from before: no fill, and what it says is not taken for the latest
    expect(fills.take('update', open('0.001', '50', '0.2'), symbols, AT)).to.equal(undefined)
    // two exchange fills between frames (0.002 at 50100 and 0.004 at 50000) arrive as one, at their
    // average: 300.2 / 0.006 = 50033.33…, rounded half-even to the price increment's two places
    const second = fills.take('update', open('0.01', '500.2', '2'), symbols, AT)
    expect([second?.quantity.toFixed(), second?.price.toFixed(), second?.fee.toFixed()]).to.deep.equal([
      '0.006',
      '50033.33',
      '1.2',
    ])
    const value = d('300.2')
    expect(second?.price.mul('0.006').minus(value).abs().lte(d('0.005').mul('0.006'))).to.equal(true)
  })

  it('rounds an average price half-even to the price increment, and leaves an exact one as it is', () => {
    expect(averagePrice(d('300.8'), d('0.006'), d('0.01')).toFixed()).to.equal('50133.33')
    expect(averagePrice(d('0.00025'), d('0.01'), d('0.0001')).toFixed()).to.equal('0.025')
    expect(averagePrice(d('0.0000125'), d('0.001'), d('0.001')).toFixed()).to.equal('0.012')
    expect(averagePrice(d('0.0000135'), d('0.001'), d('0.001')).toFixed()).to.equal('0.014')
    expect(averagePrice(d('250.05'), d('0.005'), d('0.01')).toFixed()).to.equal('50010')
  })

  it('takes an order first seen in a snapshot as the baseline, and counts what filled while away', () => {
    const fills = userFills()
    expect(fills.take('snapshot', open('0.004', '200', '0.8'), symbols, AT)).to.equal(undefined)
    const after = fills.take('snapshot', open('0.006', '300.4', '1.2'), symbols, AT)
    expect([after?.quantity.toFixed(), after?.price.toFixed()]).to.deep.equal(['0.002', '50200'])
    // first seen in an update: it filled all of it now
    const fresh = userFills().take('update', order(), symbols, AT)
    expect([fresh?.quantity.toFixed(), fresh?.price.toFixed(), fresh?.fee.toFixed()]).to.deep.equal([
      '0.01',
      '50000',
      '2',
    ])
  })

  it('prices a fill from the average price when the frame has no filled value', () => {
    const fills = userFills()
    const { filled_value: _left, ...first } = open('0.004', '200', '0.8')
    fills.take('update', { ...first, avg_price: d('50000') }, symbols, AT)
    const { filled_value: _out, ...next } = open('0.01', '0', '2')
    const fill = fills.take('update', { ...next, avg_price: d('50120') }, symbols, AT)
    expect([fill?.quantity.toFixed(), fill?.price.toFixed()]).to.deep.equal(['0.006', '50200'])
  })
})
