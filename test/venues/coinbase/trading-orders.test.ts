import { expect } from 'chai'
import type * as t from 'io-ts'
import { EMPTY } from 'rxjs'
import { decode } from '../../../lib/codec/decode.js'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { Instrument, OrderStatus } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { timestampedMs } from '../../../lib/venues/kit/timestamps.js'
import {
  coinbaseRequestCost,
  toBalances,
  type CoinbaseAccount,
} from '../../../lib/venues/coinbase/account.js'
import { createCoinbaseOrders } from '../../../lib/venues/coinbase/orders.js'
import { coinbaseErrorBody } from '../../../lib/venues/coinbase/context.js'
import {
  COINBASE_ORDER_STATUS,
  COINBASE_PRIVATE_RATE_WINDOWS,
  COINBASE_SPEC,
} from '../../../lib/venues/coinbase/spec.js'
import { specResponseError } from '../../../lib/venues/kit/error-response.js'
import {
  coinbaseCreateError,
  prepareCoinbaseOrder,
  type CoinbaseOrderRequest,
} from '../../../lib/venues/coinbase/order-entry.js'
import { toFill, toOrder } from '../../../lib/venues/coinbase/order-mappers.js'
import { orderStatusBy } from '../../../lib/venues/kit/trading/status-table.js'
import {
  CoinbaseAccountPage,
  CoinbaseCreateOrderAnswer,
  CoinbaseFillPage,
  CoinbaseGetOrderAnswer,
  type CoinbaseOrderStatus,
} from '../../../lib/venues/coinbase/private-codecs.js'
import { fixture } from './trading-rig.js'

const coinbaseResponseError = (
  response: Parameters<typeof specResponseError>[2],
  info: Parameters<typeof specResponseError>[3],
) => specResponseError(COINBASE_SPEC, coinbaseErrorBody, response, info, 0)

const d = (v: string) => new Decimal(v)
const read = <A>(codec: t.Decoder<unknown, A>, value: unknown): A => decode(codec, value, 'test', 'coinbase')

const BTCUSD: Instrument = {
  venue: 'coinbase',
  symbol: 'BTC/USD',
  venueSymbol: 'BTC-USD',
  base: 'BTC',
  quote: 'USD',
  tickSize: d('0.01'),
  lotSize: d('0.00000001'),
  minSize: d('0.00001'),
  minNotional: d('1'),
  status: 'trading',
}
const symbols = new SymbolMap('coinbase', [BTCUSD])

const limit = (extra: Partial<CoinbaseOrderRequest>): CoinbaseOrderRequest => ({
  symbol: 'BTC/USD',
  side: 'buy',
  type: 'limit',
  price: d('10000.00'),
  quantity: d('0.001'),
  clientOrderId: 'grid-1',
  ...extra,
})

/** The docs' example lists every configuration with its fields: a body's fields must be among them. */
const DOCS_CONFIGS = (
  fixture('rest-create-order-request.docs-all-variants.json') as {
    order_configuration: Record<string, Record<string, unknown>>
  }
).order_configuration

function refused(run: () => unknown): VenueError {
  try {
    run()
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError)
    return e as VenueError
  }
  throw new Error('expected a refusal')
}

describe('coinbase trading: create bodies', () => {
  const cases: [string, CoinbaseOrderRequest, Record<string, Record<string, unknown>>][] = [
    [
      'GTC limit',
      limit({}),
      { limit_limit_gtc: { base_size: '0.001', limit_price: '10000', post_only: false } },
    ],
    [
      'post-only limit',
      limit({ timeInForce: 'PostOnly' }),
      { limit_limit_gtc: { base_size: '0.001', limit_price: '10000', post_only: true } },
    ],
    [
      'GTD limit',
      limit({ expiresAt: new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 6)) }),
      {
        limit_limit_gtd: {
          base_size: '0.001',
          limit_price: '10000',
          end_time: '2030-01-02T03:04:05.006Z',
          post_only: false,
        },
      },
    ],
    [
      'post-only GTD limit',
      limit({ timeInForce: 'PostOnly', expiresAt: new Date(Date.UTC(2030, 0, 1)) }),
      {
        limit_limit_gtd: {
          base_size: '0.001',
          limit_price: '10000',
          end_time: '2030-01-01T00:00:00.000Z',
          post_only: true,
        },
      },
    ],
    [
      'FOK limit',
      limit({ timeInForce: 'FOK' }),
      { limit_limit_fok: { base_size: '0.001', limit_price: '10000' } },
    ],
    [
      'IOC limit',
      limit({ timeInForce: 'IOC' }),
      { sor_limit_ioc: { base_size: '0.001', limit_price: '10000' } },
    ],
    [
      'market by base size',
      { symbol: 'BTC/USD', side: 'sell', type: 'market', quantity: d('0.002'), clientOrderId: 'm-1' },
      { market_market_ioc: { base_size: '0.002' } },
    ],
    [
      'market buy by quote size',
      { symbol: 'BTC/USD', side: 'buy', type: 'market', quoteQuantity: d('10.00'), clientOrderId: 'm-2' },
      { market_market_ioc: { quote_size: '10' } },
    ],
  ]
  for (const [name, request, configuration] of cases) {
    it(`writes a ${name} as exactly one documented configuration`, () => {
      const { body, order } = prepareCoinbaseOrder(request, BTCUSD)
      expect(body).to.deep.equal({
        client_order_id: request.clientOrderId,
        product_id: 'BTC-USD',
        side: request.side === 'buy' ? 'BUY' : 'SELL',
        order_configuration: configuration,
      })
      const [kind, fields] = Object.entries(body.order_configuration)[0] ?? []
      expect(Object.keys(body.order_configuration)).to.have.length(1)
      expect(Object.keys(DOCS_CONFIGS[kind ?? ''] ?? {})).to.include.members(Object.keys(fields ?? {}))
      expect(order.clientOrderId).to.equal(request.clientOrderId)
    })
  }

  it('refuses before sending what Coinbase would refuse', () => {
    const cases: CoinbaseOrderRequest[] = [
      { symbol: 'BTC/USD', side: 'sell', type: 'market', quoteQuantity: d('10') },
      { symbol: 'BTC/USD', side: 'buy', type: 'market', quantity: d('0.001'), expiresAt: new Date() },
      limit({ timeInForce: 'FOK', expiresAt: new Date() }),
      limit({ timeInForce: 'IOC', expiresAt: new Date() }),
      limit({ expiresAt: new Date(Number.NaN) }),
      limit({ price: d('10000.001') }),
    ]
    for (const request of cases) {
      const e = refused(() => prepareCoinbaseOrder(request, BTCUSD))
      expect(e.kind, e.message).to.equal('invalid-request')
      expect(e.message).to.include('refused before sending')
    }
  })
})

describe('coinbase trading: mappers', () => {
  it('maps every order status to the common one', () => {
    const table: [CoinbaseOrderStatus, string, OrderStatus][] = [
      ['PENDING', '0', 'pending-new'],
      ['QUEUED', '0', 'pending-new'],
      ['UNKNOWN_ORDER_STATUS', '0', 'pending-new'],
      ['OPEN', '0', 'new'],
      ['OPEN', '0.1', 'partially-filled'],
      ['EDIT_QUEUED', '0', 'new'],
      ['CANCEL_QUEUED', '0.1', 'pending-cancel'],
      ['FILLED', '1', 'filled'],
      ['CANCELLED', '0.1', 'canceled'],
      ['EXPIRED', '0', 'expired'],
      ['FAILED', '0', 'rejected'],
    ]
    for (const [status, filled, common] of table)
      expect(orderStatusBy(COINBASE_ORDER_STATUS, status, d(filled), 'pending-new'), status).to.equal(common)
  })

  it('maps an order of the docs example', () => {
    const { order } = read(CoinbaseGetOrderAnswer, fixture('rest-get-order.json'))
    const mapped = toOrder({ ...order, product_id: 'BTC-USD' }, symbols)
    expect(mapped).to.deep.include({
      venue: 'coinbase',
      symbol: 'BTC/USD',
      id: '0000-000000-000000',
      clientOrderId: '11111-000000-000000',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      status: 'partially-filled',
      rawTimestamp: '2021-05-31T10:30:00Z',
    })
    expect(mapped?.reason, 'no reason while open').to.equal(undefined)
    expect(mapped?.price?.toFixed()).to.equal('10000')
    expect(mapped?.quantity.toFixed()).to.equal('0.001')
    expect(mapped?.averagePrice?.toFixed()).to.equal('50')
    expect(mapped?.createdAt.toISOString()).to.equal('2021-05-31T09:59:59.000Z')
  })

  it('reads the type, time in force and sizes of each configuration', () => {
    const { order } = read(CoinbaseGetOrderAnswer, fixture('rest-get-order.json'))
    const raw = fixture('rest-get-order.json')['order'] as Record<string, unknown>
    const of = (order_configuration: object, status = 'OPEN', filled_size = '0') =>
      toOrder(
        read(CoinbaseGetOrderAnswer, { order: { ...raw, order_configuration, status, filled_size } }).order,
        symbols,
      )
    expect(
      of({ limit_limit_gtc: { base_size: '1', limit_price: '5', post_only: true } })?.timeInForce,
    ).to.equal('PostOnly')
    expect(
      of({ limit_limit_gtd: { base_size: '1', limit_price: '5', end_time: '2030-01-01T00:00:00Z' } })
        ?.timeInForce,
    ).to.equal('GTC')
    expect(of({ limit_limit_fok: { base_size: '1', limit_price: '5' } })?.timeInForce).to.equal('FOK')
    expect(of({ sor_limit_ioc: { base_size: '1', limit_price: '5' } })?.timeInForce).to.equal('IOC')
    const byQuote = of({ market_market_ioc: { quote_size: '100' } }, 'FILLED', '0.002')
    expect(byQuote).to.deep.include({ type: 'market', timeInForce: 'IOC', price: undefined })
    expect(byQuote?.quantity.toFixed()).to.equal('0.002')
    expect(byQuote?.quoteQuantity?.toFixed()).to.equal('100')
    expect(of({ stop_limit_stop_limit_gtc: { base_size: '1' } })).to.equal(undefined)
    const canceled = toOrder(
      { ...order, product_id: 'BTC-USD', status: 'CANCELLED', cancel_message: 'User requested cancel' },
      symbols,
    )
    expect(canceled?.reason).to.equal('User requested cancel')
    expect(toOrder({ ...order, product_id: 'ETH-USD' }, symbols)).to.equal(undefined)
  })

  it('maps fills: commission in the quote currency, liquidity, listed products only', () => {
    const page = read(CoinbaseFillPage, fixture('rest-fills.thirdparty-synthetic.json'))
    const [btc, eth] = page.fills
    const fill = btc === undefined ? undefined : toFill(btc, symbols)
    expect(fill).to.deep.include({
      symbol: 'BTC/USD',
      tradeId: '1111-11111-111111',
      orderId: '0000-000000-000000',
      side: 'buy',
      feeAsset: 'USD',
      liquidity: 'maker',
      rawTimestamp: '2024-01-15T10:30:00Z',
    })
    expect([fill?.price.toFixed(), fill?.quantity.toFixed(), fill?.fee.toFixed()]).to.deep.equal([
      '45123.45',
      '0.005',
      '1.14',
    ])
    expect(eth === undefined ? 'none' : toFill(eth, symbols)).to.equal(undefined)
    if (btc === undefined) throw new Error('fixture has fills')
    expect(toFill({ ...btc, trade_type: 'REVERSAL' }, symbols)).to.equal(undefined)
    expect(
      toFill(
        { ...btc, size_in_quote: true, size: d('451.2345'), price: d('45123.45') },
        symbols,
      )?.quantity.toFixed(),
    ).to.equal('0.01')
  })

  it('sums the accounts of a currency into one balance: free available, locked on hold', () => {
    const page = read(CoinbaseAccountPage, fixture('rest-accounts.thirdparty-synthetic.json'))
    const at = timestampedMs(1_700_000_000_000)
    const balances = toBalances([...page.accounts, page.accounts[1] as (typeof page.accounts)[number]], at)
    expect(
      balances.map((b) => [b.asset, b.free.toFixed(), b.locked.toFixed(), b.total.toFixed()]),
    ).to.deep.equal([
      ['BTC', '1.23456789', '0.005', '1.23956789'],
      ['USD', '20001', '900', '20901'],
    ])
    expect(balances[0]?.timestamp.getTime()).to.equal(1_700_000_000_000)
  })
})

describe('coinbase trading: errors', () => {
  const refusal = (error_response: Record<string, string>, failure_reason = 'UNKNOWN_FAILURE_REASON') =>
    coinbaseCreateError(
      read(CoinbaseCreateOrderAnswer, { success: false, failure_reason, order_id: '', error_response }),
    )

  it('maps insufficient funds (error, new order and preview reasons) to insufficient-funds', () => {
    const e = coinbaseCreateError(
      read(CoinbaseCreateOrderAnswer, fixture('rest-create-order-insufficient-fund.thirdparty.json')),
    )
    expect(e).to.include({
      kind: 'insufficient-funds',
      code: 'INSUFFICIENT_FUND',
      status: 200,
      venue: 'coinbase',
    })
    expect(e.message).to.include('Insufficient balance in source account')
    expect(e.retryable).to.equal(false)
  })

  it('reads the most specific reason: a preview reason when the others say nothing', () => {
    const table: [Record<string, string>, string, string][] = [
      [
        { error: 'UNKNOWN_FAILURE_REASON', preview_failure_reason: 'PREVIEW_INSUFFICIENT_LEDGER_BALANCE' },
        'PREVIEW_INSUFFICIENT_LEDGER_BALANCE',
        'insufficient-funds',
      ],
      [
        { error: 'INVALID_PRICE_PRECISION', preview_failure_reason: 'PREVIEW_INVALID_PRICE_PRECISION' },
        'INVALID_PRICE_PRECISION',
        'invalid-request',
      ],
      [
        { new_order_failure_reason: 'INVALID_LIMIT_PRICE_POST_ONLY', error: 'UNKNOWN_FAILURE_REASON' },
        'INVALID_LIMIT_PRICE_POST_ONLY',
        'invalid-request',
      ],
      [{ error: 'GEOFENCING_RESTRICTION' }, 'GEOFENCING_RESTRICTION', 'auth'],
      [
        { error: 'UNKNOWN_FAILURE_REASON', preview_failure_reason: 'UNKNOWN_PREVIEW_FAILURE_REASON' },
        'UNKNOWN_FAILURE_REASON',
        'invalid-request',
      ],
      [{ error: 'SOMETHING_NEW' }, 'SOMETHING_NEW', 'invalid-request'],
    ]
    for (const [response, code, kind] of table) {
      const e = refusal(response)
      expect([e.code, e.kind], JSON.stringify(response)).to.deep.equal([code, kind])
    }
    expect(refusal({}, 'INSUFFICIENT_FUND').kind).to.equal('insufficient-funds')
  })

  it('maps failed HTTP answers by the error body, else by status', () => {
    const info = {
      method: 'GET' as const,
      path: '/api/v3/brokerage/orders/historical/x',
      retryAfterMs: undefined,
    }
    const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
      coinbaseResponseError({ status, headers, body }, info)
    expect(answer(200, '{"order":{}}')).to.equal(undefined)
    expect(
      answer(404, JSON.stringify({ error: 'NOT_FOUND', code: 5, message: 'order not found', details: [] })),
    ).to.include({
      kind: 'not-found',
      code: 'NOT_FOUND',
    })
    expect(answer(401, 'Unauthorized\n')).to.include({ kind: 'auth', status: 401 })
    expect(answer(400, JSON.stringify({ error: 'INVALID_ARGUMENT', message: 'bad cursor' }))?.kind).to.equal(
      'invalid-request',
    )
    expect(answer(502, '<html>bad gateway</html>')?.kind).to.equal('temporary')
    expect(
      coinbaseResponseError(
        { status: 429, headers: {}, body: 'Too Many Requests' },
        { ...info, retryAfterMs: 1000 },
      ),
    ).to.include({
      kind: 'rate-limit',
      retryAfterMs: 1000,
    })
  })
})

describe('coinbase trading: rate window', () => {
  it('spends one unit of the 30 per second private window on every signed request, none of the public one', () => {
    expect(COINBASE_PRIVATE_RATE_WINDOWS).to.deep.equal([
      { id: 'private-1s', metric: 'private', limit: 30, intervalMs: 1000, rolling: true },
    ])
    for (const path of ['/api/v3/brokerage/orders', '/api/v3/brokerage/accounts']) {
      expect(coinbaseRequestCost(path)).to.deep.equal({ private: 1, requests: 0 })
    }
  })
})

describe('coinbase orders: duplicate refusals', () => {
  it('take DUPLICATE_CLIENT_ORDER_ID from Coinbase, and only it, as an earlier attempt that got through', () => {
    const { isDuplicate } = createCoinbaseOrders({ api: {}, send: () => EMPTY } as unknown as CoinbaseAccount)
    const refusal = (code: string, venue: 'coinbase' | 'prime' = 'coinbase') =>
      new VenueError({ kind: 'invalid-request', venue, code, message: code })
    expect(isDuplicate(refusal('DUPLICATE_CLIENT_ORDER_ID'))).to.equal(true)
    expect(isDuplicate(refusal('INSUFFICIENT_FUND'))).to.equal(false)
    expect(isDuplicate(refusal('DUPLICATE_CLIENT_ORDER_ID', 'prime'))).to.equal(false)
  })
})
