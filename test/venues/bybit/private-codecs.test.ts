import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { decode } from '../../../lib/codec/decode.js'
import { Decimal } from '../../../lib/core/decimal.js'
import { DecodeError } from '../../../lib/core/errors.js'
import type { Instrument } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { bybitEnvelope } from '../../../lib/venues/bybit/codecs.js'
import {
  BybitExecutionPush,
  BybitOrderAck,
  BybitOrderPage,
  BybitOrderPush,
  BybitOrderRecord,
  BybitWalletPush,
  BybitWalletResult,
} from '../../../lib/venues/bybit/private-codecs.js'
import { bybitOrderStatus, toBalances, toFill, toOrder } from '../../../lib/venues/bybit/private-mappers.js'

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/bybit/${name}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >

const instrument = (venueSymbol: string, base: string, quote: string): Instrument => ({
  venue: 'bybit',
  symbol: `${base}/${quote}`,
  venueSymbol,
  base,
  quote,
  tickSize: new Decimal('0.01'),
  lotSize: new Decimal('0.001'),
  minSize: new Decimal('0.001'),
  status: 'trading',
})

// The documented examples are linear/option pairs; the map lists them so the field mapping can be checked.
const symbols = new SymbolMap('bybit', [
  instrument('ETHUSDT', 'ETH', 'USDT'),
  instrument('BTCUSDT', 'BTC', 'USDT'),
  instrument('XRPUSDT', 'XRP', 'USDT'),
])

describe('bybit private codecs and mappers', () => {
  it('decodes the create and cancel acknowledgements', () => {
    const ack = decode(bybitEnvelope(BybitOrderAck), fixture('rest-place-order'), 'create')
    expect(ack.result).to.deep.equal({ orderId: '1321003749386327552', orderLinkId: 'spot-test-postonly' })
    expect(ack.time).to.equal(1672211918471)
    const cancel = decode(bybitEnvelope(BybitOrderAck), fixture('rest-cancel-order'), 'cancel')
    expect(cancel.result.orderLinkId).to.equal('linear-004')
  })

  it('maps an open order (rest-open-orders.json) with exact decimals', () => {
    const page = decode(bybitEnvelope(BybitOrderPage), fixture('rest-open-orders'), 'open').result
    expect(page.nextPageCursor).to.equal('page_args%3Dfd4300ae-7847-404e-b947-b46980a4d140%26symbol%3D6%26')
    const record = page.list[0]
    if (!record) throw new Error('no record')
    const o = toOrder({ ...record, category: 'spot' }, symbols)
    expect(o).to.include({
      venue: 'bybit',
      symbol: 'ETH/USDT',
      id: 'fd4300ae-7847-404e-b947-b46980a4d140',
      clientOrderId: 'test-000005',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      status: 'new',
      rawTimestamp: '1684738540561',
    })
    expect(o?.price?.toFixed()).to.equal('1600')
    expect(o?.quantity.toFixed()).to.equal('0.1')
    expect(o?.filledQuantity.isZero()).to.equal(true)
    expect(o?.averagePrice).to.equal(undefined)
    expect(o?.createdAt.getTime()).to.equal(1684738540559)
    expect(o?.reason).to.equal(undefined)
  })

  it('keeps the reason of a canceled post-only order (rest-order-history.json)', () => {
    const record = decode(bybitEnvelope(BybitOrderPage), fixture('rest-order-history'), 'history').result
      .list[0]
    if (!record) throw new Error('no record')
    const o = toOrder(record, symbols)
    expect(o?.status).to.equal('canceled')
    expect(o?.timeInForce).to.equal('PostOnly')
    expect(o?.reason).to.equal('EC_PostOnlyWillTakeLiquidity')
    expect(o?.price?.toFixed()).to.equal('26864.4')
  })

  it('decodes the order push (ws-order.json) and skips categories other than spot', () => {
    const push = decode(BybitOrderPush, fixture('ws-order'), 'order')
    const record = push.data[0]
    if (!record) throw new Error('no record')
    expect(record.leavesQty).to.equal(undefined) // "" in the documented example
    expect(record.cumExecQty.toFixed()).to.equal('1')
    expect(toOrder(record, symbols)).to.equal(undefined) // category option
    const spot = toOrder({ ...record, category: 'spot', symbol: 'BTCUSDT' }, symbols)
    expect(spot?.status).to.equal('filled')
    // A market sell counts in the base coin
    expect(spot?.quantity.toFixed()).to.equal('1')
    expect(spot?.averagePrice?.toFixed()).to.equal('75')
    expect(spot?.price).to.equal(undefined)
  })

  it('reads a spot market buy without marketUnit as a quote amount', () => {
    const record = decode(
      BybitOrderRecord,
      {
        ...(fixture('ws-order')['data'] as Record<string, unknown>[])[0],
        category: 'spot',
        symbol: 'BTCUSDT',
        side: 'Buy',
        orderType: 'Market',
        qty: '200',
        cumExecQty: '0.012345',
        orderStatus: 'PartiallyFilledCanceled',
      },
      'order',
    )
    const o = toOrder(record, symbols)
    expect(o?.quoteQuantity?.toFixed()).to.equal('200')
    expect(o?.quantity.toFixed()).to.equal('0.012345')
    expect(o?.filledQuantity.toFixed()).to.equal('0.012345')
    expect(o?.status).to.equal('canceled')
    const base = toOrder({ ...record, marketUnit: 'baseCoin' }, symbols)
    expect(base?.quoteQuantity).to.equal(undefined)
    expect(base?.quantity.toFixed()).to.equal('200')
    expect(toOrder(record, symbols, 'baseCoin')?.quantity.toFixed()).to.equal('200')
  })

  it('maps every documented status', () => {
    const table = {
      Created: 'pending-new',
      New: 'new',
      Untriggered: 'new',
      Triggered: 'new',
      PartiallyFilled: 'partially-filled',
      Filled: 'filled',
      Cancelled: 'canceled',
      PartiallyFilledCanceled: 'canceled',
      Deactivated: 'canceled',
      Rejected: 'rejected',
    } as const
    for (const [bybit, common] of Object.entries(table)) {
      expect(bybitOrderStatus(bybit as keyof typeof table), bybit).to.equal(common)
    }
  })

  it('refuses an unknown status and a number where a decimal string belongs', () => {
    const data = (fixture('ws-order')['data'] as Record<string, unknown>[])[0]
    expect(() => decode(BybitOrderRecord, { ...data, orderStatus: 'Frozen' }, 'order')).to.throw(DecodeError)
    expect(() => decode(BybitOrderRecord, { ...data, qty: 1 }, 'order')).to.throw(DecodeError, /qty/)
  })

  it('maps an execution (ws-execution.json) to a fill with exact decimals and the fee asset', () => {
    const push = decode(BybitExecutionPush, fixture('ws-execution'), 'execution')
    const x = push.data[0]
    if (!x) throw new Error('no execution')
    expect(toFill(x, symbols)).to.equal(undefined) // linear
    const f = toFill({ ...x, category: 'spot' }, symbols)
    expect(f).to.include({
      symbol: 'XRP/USDT',
      tradeId: '7e2ae69c-4edf-5800-a352-893d52b446aa',
      orderId: 'f6e324ff-99c2-4e89-9739-3086e47f9381',
      clientOrderId: undefined,
      side: 'sell',
      liquidity: 'taker',
      rawTimestamp: '1672364174443',
      feeAsset: 'USDT', // a sell pays in the quote coin
    })
    expect(f?.price.toFixed()).to.equal('0.3374')
    expect(f?.quantity.toFixed()).to.equal('25')
    expect(f?.fee.toFixed()).to.equal('0.005061')
    expect(toFill({ ...x, category: 'spot', side: 'Buy' }, symbols)?.feeAsset).to.equal('XRP')
    const rebate = { ...x, category: 'spot', side: 'Buy' as const, feeRate: new Decimal('-0.0001') }
    expect(toFill(rebate, symbols)?.feeAsset).to.equal('USDT')
    expect(toFill({ ...x, category: 'spot', feeCurrency: 'MNT' }, symbols)?.feeAsset).to.equal('MNT')
    expect(toFill({ ...x, category: 'spot', execType: 'Funding' }, symbols)).to.equal(undefined)
  })

  it('maps wallet balances: total = walletBalance, free = total - locked, exact', () => {
    const rest = decode(bybitEnvelope(BybitWalletResult), fixture('rest-wallet-balance-unified'), 'wallet')
    const account = rest.result.list[0]
    if (!account) throw new Error('no account')
    const [btc] = toBalances(account, { timestamp: new Date(rest.time), rawTimestamp: rest.time })
    expect(btc?.asset).to.equal('BTC')
    expect(btc?.total.toFixed()).to.equal('0.805994')
    expect(btc?.locked.isZero()).to.equal(true)
    expect(btc?.free.toFixed()).to.equal('0.805994')

    const push = decode(BybitWalletPush, fixture('ws-wallet'), 'wallet')
    const coins = push.data[0]?.coin ?? []
    const usdt = coins.find((c) => c.coin === 'USDT')
    if (!usdt || !push.data[0]) throw new Error('no USDT')
    const locked = { ...push.data[0], coin: [{ ...usdt, locked: new Decimal('0.1') }] }
    const [b] = toBalances(locked, push.creationTime)
    expect(b?.total.toFixed()).to.equal('11728.54414904')
    expect(b?.free.toFixed()).to.equal('11728.44414904')
    expect(b?.free.plus(b.locked).eq(b.total)).to.equal(true)
    expect(b?.rawTimestamp).to.equal(1672364262482)
  })
})
