/**
 * Prime's published payloads (`test/fixtures/prime/`) through the driver's codecs and mappers, exactly.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { Decimal } from '../../../lib/core/decimal.js'
import { DecodeError } from '../../../lib/core/errors.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import {
  decodePrimeFrame,
  PrimeOrderRecord,
  type PrimeBookFrame,
  type PrimeWsOrder,
} from '../../../lib/venues/prime/codecs.js'
import { toInstrument } from '../../../lib/venues/prime/context.js'
import { pushedFacts, toOrder } from '../../../lib/venues/prime/mappers.js'
import { factsTotals } from '../../../lib/venues/kit/trading/order-facts.js'
import { TotalsFills } from '../../../lib/venues/kit/trading/totals-fills.js'

const text = (name: string) => readFileSync(new URL(`../../fixtures/prime/${name}`, import.meta.url), 'utf8')
const d = (v: string) => new Decimal(v)

const btc = toInstrument({
  id: 'BTC-USD',
  base_increment: d('0.00000001'),
  quote_increment: d('0.01'),
  base_min_size: d('0.0001'),
  price_increment: d('0.01'),
  permissions: ['PRODUCT_PERMISSION_READ', 'PRODUCT_PERMISSION_TRADE'],
})
const symbols = new SymbolMap('prime', btc === undefined ? [] : [btc])

describe('prime codecs', () => {
  it('reads a product: price step from price_increment, read-only products halted', () => {
    expect(btc?.symbol).to.equal('BTC/USD')
    expect(btc?.tickSize.toString()).to.equal('0.01')
    expect(btc?.status).to.equal('trading')
    const readOnly = toInstrument({
      id: 'ETH-USD',
      base_increment: d('1'),
      quote_increment: d('1'),
      base_min_size: d('1'),
      permissions: 'PRODUCT_PERMISSION_READ',
    })
    expect(readOnly?.status).to.equal('halted')
  })

  it('reads the SDK test order (time_in_force "GTC" outside the enum) as a filled limit order', () => {
    const record = PrimeOrderRecord.decode(JSON.parse(text('rest-get-order.order-object.sdk-test.json')))
    if (record._tag === 'Left') throw new Error('the fixture does not decode')
    const order = toOrder(record.right, symbols)
    expect(order).to.include({
      venue: 'prime',
      symbol: 'BTC/USD',
      id: 'order-123',
      clientOrderId: 'client-order-1',
    })
    expect(order).to.include({ side: 'buy', type: 'limit', timeInForce: 'GTC', status: 'filled' })
    expect(order?.price?.toString()).to.equal('60000')
    expect(order?.filledQuantity.toString()).to.equal('1')
    expect(order?.averagePrice?.toString()).to.equal('60000')
  })

  it('reads an l2_data snapshot with the exact text of every level', () => {
    const f = decodePrimeFrame(text('ws-l2-data-snapshot.normalized.json')) as PrimeBookFrame
    expect(f).to.include({ kind: 'l2_data', route: 'BTC-USD', sequence: 1, snapshot: true })
    expect(f.bids).to.deep.equal([['22145.3', '0.01083825']])
    expect(f.asks).to.deep.equal([['22149.26', '0.03450782']])
  })

  it('reads subscriptions answers and heartbeats by channel, and refuses a frame it cannot use', () => {
    const answer = JSON.parse(text('ws-subscriptions-l2-data.normalized.json')) as unknown[]
    expect(decodePrimeFrame(JSON.stringify(answer[0])).kind).to.equal('subscriptions')
    expect(decodePrimeFrame(text('ws-subscriptions-orders.json'))).to.deep.include({
      kind: 'subscriptions',
      sequence: 1,
    })
    expect(decodePrimeFrame('{"type":"error","message":"bad sig"}')).to.deep.include({
      kind: 'error',
      message: 'bad sig',
    })
    // two products in one frame (a venue-filtered update): the driver subscribes one product a message
    expect(() => decodePrimeFrame(text('ws-l2-data-update-venue-filtered.json'))).to.throw(DecodeError)
    expect(() => decodePrimeFrame('{"channel":"l2_data","sequence_num":1}')).to.throw(DecodeError)
  })

  it('reads an orders snapshot: lower-case side and type, no fill from a snapshot', () => {
    const f = decodePrimeFrame(text('ws-orders-snapshot.normalized.json'))
    if (f.kind !== 'orders') throw new Error(`not an orders frame: ${f.kind}`)
    const o = f.frame.events[0]?.orders[0]
    expect(o?.leaves_qty.toString()).to.equal('3')
    expect(o?.limit_px).to.equal(undefined)
    const fills = new TotalsFills('prime')
    if (o === undefined) throw new Error('no order')
    expect(fills.take(true, factsTotals(pushedFacts(o)), symbols, f.frame.timestamp)).to.equal(undefined)
  })

  it('derives a fill from the rise of cum_qty: average price of what filled meanwhile, fee the rise of fees', () => {
    const totals = new TotalsFills('prime')
    const fills = { take: (o: PrimeWsOrder) => totals.take(false, factsTotals(pushedFacts(o)), symbols, at) }
    const at = { timestamp: new Date(0), rawTimestamp: 0 }
    const o = (cum: string, avg: string, fees: string): PrimeWsOrder => ({
      order_id: 'o-1',
      client_order_id: 'c-1',
      cum_qty: d(cum),
      leaves_qty: d('1').minus(cum),
      avg_px: d(avg),
      status: 'OPEN',
      product_id: 'BTC-USD',
      order_type: 'limit',
      side: 'buy',
      fees: d(fees),
    })
    expect(fills.take(o('0', '0', '0'))).to.equal(undefined)
    const first = fills.take(o('0.4', '100', '0.04'))
    expect(first?.quantity.toString()).to.equal('0.4')
    expect(first?.price.toString()).to.equal('100')
    const second = fills.take(o('1', '106', '0.1'))
    expect(second?.quantity.toString()).to.equal('0.6')
    expect(second?.price.toString()).to.equal('110')
    expect(second?.fee.toString()).to.equal('0.06')
    expect(second?.tradeId).to.equal('o-1:1')
    expect(fills.take(o('1', '106', '0.1'))).to.equal(undefined)
  })
})
