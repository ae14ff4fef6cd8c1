import { expect } from 'chai'
import type * as t from 'io-ts'
import { decode } from '../../../lib/codec/decode.js'
import { DecodeError } from '../../../lib/core/errors.js'
import {
  CoinbaseAccountPage,
  CoinbaseBatchCancelAnswer,
  CoinbaseCreateOrderAnswer,
  CoinbaseErrorBody,
  CoinbaseFillPage,
  CoinbaseGetOrderAnswer,
  CoinbaseOrderPage,
  CoinbaseUserFrame,
} from '../../../lib/venues/coinbase/private-codecs.js'
import { fixture } from './trading-rig.js'

const read = <A>(codec: t.Decoder<unknown, A>, value: unknown): A => decode(codec, value, 'test', 'coinbase')

describe('coinbase trading: codecs of the private payloads', () => {
  it('reads a successful create answer', () => {
    const answer = read(
      CoinbaseCreateOrderAnswer,
      fixture('rest-create-order-response.success-fragment.json'),
    )
    expect(answer.success).to.equal(true)
    expect(answer.success_response).to.deep.include({
      order_id: '11111-00000-000000',
      client_order_id: '0000-00000-000000',
    })
  })

  it('reads a refused create answer with its reasons (HTTP 200, success false)', () => {
    const fund = read(
      CoinbaseCreateOrderAnswer,
      fixture('rest-create-order-insufficient-fund.thirdparty.json'),
    )
    expect(fund.success).to.equal(false)
    expect(fund.failure_reason).to.equal('UNKNOWN_FAILURE_REASON')
    expect(fund.error_response).to.deep.equal({
      error: 'INSUFFICIENT_FUND',
      message: 'Insufficient balance in source account',
      error_details: '',
      preview_failure_reason: 'PREVIEW_INSUFFICIENT_FUND',
      new_order_failure_reason: 'INSUFFICIENT_FUND',
    })
    const fragment = { success: false, ...fixture('rest-create-order-response.error-response-fragment.json') }
    expect(read(CoinbaseCreateOrderAnswer, fragment).error_response?.error_details).to.equal(
      'Market orders cannot be placed with empty order sizes',
    )
  })

  it('reads batch cancel results', () => {
    const answer = read(CoinbaseBatchCancelAnswer, fixture('rest-batch-cancel-response.thirdparty.json'))
    expect(answer.results).to.deep.equal([{ success: true, order_id: '11111-00000-000000' }])
  })

  it('reads an order with its configuration, sizes as Decimals and times as dates', () => {
    const { order } = read(CoinbaseGetOrderAnswer, fixture('rest-get-order.json'))
    expect(order.status).to.equal('OPEN')
    expect(order.filled_size.toFixed()).to.equal('0.001')
    expect(order.order_configuration.limit_limit_gtc?.limit_price?.toFixed()).to.equal('10000')
    expect(order.order_configuration.limit_limit_gtc?.post_only).to.equal(false)
    expect(order.created_time.timestamp.toISOString()).to.equal('2021-05-31T09:59:59.000Z')
    expect(order.last_fill_time?.rawTimestamp).to.equal('2021-05-31T10:30:00Z')
  })

  it('reads a page of orders with its cursor, and a missing last fill time as null', () => {
    const { order } = fixture('rest-get-order.json') as { order: Record<string, unknown> }
    const page = read(CoinbaseOrderPage, {
      orders: [order, { ...order, order_id: 'b', last_fill_time: null }],
      sequence: '0',
      has_next: true,
      cursor: 'b',
    })
    expect(page.orders.map((o) => o.order_id)).to.deep.equal(['0000-000000-000000', 'b'])
    expect(page.orders[1]?.last_fill_time).to.equal(null)
    expect(page).to.include({ has_next: true, cursor: 'b' })
  })

  it('refuses an order status it does not know rather than guess', () => {
    const { order } = fixture('rest-get-order.json') as { order: Record<string, unknown> }
    expect(() => read(CoinbaseGetOrderAnswer, { order: { ...order, status: 'HALF_OPEN' } })).to.throw(
      DecodeError,
    )
  })

  it('reads fills and accounts pages', () => {
    const fills = read(CoinbaseFillPage, fixture('rest-fills.thirdparty-synthetic.json'))
    expect(fills.fills.map((f) => [f.trade_id, f.commission.toFixed(), f.liquidity_indicator])).to.deep.equal(
      [
        ['1111-11111-111111', '1.14', 'MAKER'],
        ['1111-11111-111112', '0.5', 'TAKER'],
      ],
    )
    expect(fills.cursor).to.equal('')
    const accounts = read(CoinbaseAccountPage, fixture('rest-accounts.thirdparty-synthetic.json'))
    expect(
      accounts.accounts.map((a) => [a.currency, a.available_balance.value.toFixed(), a.hold.value.toFixed()]),
    ).to.deep.equal([
      ['BTC', '1.23456789', '0.005'],
      ['USD', '10000.5', '450'],
    ])
    expect(accounts.has_next).to.equal(false)
  })

  it('reads the docs error body', () => {
    expect(CoinbaseErrorBody.is(fixture('rest-error.docs-schema.json'))).to.equal(true)
  })

  it('reads a user channel snapshot: running totals, post_only as text, mixed-case order type', () => {
    const frame = read(CoinbaseUserFrame, fixture('ws-user-snapshot.json'))
    const [event] = frame.events
    expect(event?.type).to.equal('snapshot')
    const order = event?.orders[0]
    expect(order?.cumulative_quantity.toFixed()).to.equal('0.01')
    expect(order?.filled_value?.toFixed()).to.equal('500')
    expect(order?.total_fees.toFixed()).to.equal('2')
    expect(order?.limit_price?.toFixed()).to.equal('50000')
    expect([order?.post_only, order?.order_type, order?.status]).to.deep.equal(['false', 'Limit', 'FILLED'])
    expect(frame.timestamp.rawTimestamp).to.equal('2023-02-09T20:33:57.609931463Z')
  })

  it('reads an empty limit price of a market order as absent', () => {
    const frame = fixture('ws-user-snapshot.json') as { events: { orders: Record<string, unknown>[] }[] }
    const order = frame.events[0]?.orders[0] as Record<string, unknown>
    const market = {
      ...frame,
      events: [{ type: 'update', orders: [{ ...order, order_type: 'Market', limit_price: '' }] }],
    }
    expect(read(CoinbaseUserFrame, market).events[0]?.orders[0]?.limit_price).to.equal(undefined)
  })
})
