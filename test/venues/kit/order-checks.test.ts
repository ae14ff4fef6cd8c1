import { expect } from 'chai'
import { firstValueFrom } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { Instrument } from '../../../lib/core/model.js'
import { own } from '../../../lib/core/own.js'
import {
  checkOrderAmendment,
  checkOrderRef,
  checkOrderRequest,
  checkPrice,
  checkQuantity,
} from '../../../lib/venues/kit/trading/order-checks.js'
import { createMockVenue } from '../../../lib/venues/mock/index.js'

const d = (s: string) => new Decimal(s)
const offered = { orderTypes: ['limit', 'market'], timeInForce: ['GTC', 'IOC'] } as const
const order = { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: d('100'), quantity: d('1') }

/** The message of the invalid-request `run` throws. */
function refusal(run: () => unknown): string {
  try {
    run()
  } catch (e) {
    expect(e).to.be.instanceOf(VenueError).with.property('kind', 'invalid-request')
    return (e as VenueError).message
  }
  throw new Error('expected a refusal')
}

describe('orders/order-checks: the shape of what a JavaScript caller passes', () => {
  it('passes a well-formed request on as it is', () => {
    const request = { ...order, timeInForce: 'IOC', clientOrderId: 'a-1' }
    expect(checkOrderRequest('mock', request, offered)).to.equal(request)
  })

  it('refuses a request that is not an object, naming what it got', () => {
    expect(refusal(() => checkOrderRequest('mock', null, offered))).to.equal(
      'mock order refused before sending: an order request is an object, got null',
    )
    expect(refusal(() => checkOrderRequest('mock', 'buy 1 BTC', offered))).to.contain(
      'an order request is an object, got string "buy 1 BTC"',
    )
  })

  it('refuses numbers and strings where Decimals belong', () => {
    expect(refusal(() => checkOrderRequest('bybit', { ...order, price: 100 }, offered))).to.equal(
      "bybit order refused before sending: price must be a Decimal (new Decimal('…')), got number 100",
    )
    expect(refusal(() => checkOrderRequest('bybit', { ...order, quantity: '1' }, offered))).to.contain(
      'quantity must be a Decimal',
    )
    expect(
      refusal(() => checkOrderRequest('bybit', { ...order, type: 'market', quoteQuantity: 5n }, offered)),
    ).to.contain('quoteQuantity must be a Decimal')
  })

  it('refuses a missing or non-string symbol, a side, type or time in force the venue does not know', () => {
    const cases: [unknown, string][] = [
      [{ ...order, symbol: undefined }, 'symbol is missing'],
      [{ ...order, symbol: ['BTC', 'USDT'] }, 'symbol must be a string like BTC/USDT, got object BTC,USDT'],
      [{ ...order, side: 'long' }, 'side must be buy or sell, got string "long"'],
      [{ ...order, type: 'stop' }, 'type must be one of limit, market, got string "stop"'],
      [{ ...order, timeInForce: 'FOK' }, 'timeInForce must be one of GTC, IOC, got string "FOK"'],
      [{ ...order, timeInForce: 'constructor' }, 'timeInForce must be one of GTC, IOC'],
      [{ ...order, clientOrderId: 7 }, 'clientOrderId must be a string, got number 7'],
    ]
    for (const [request, why] of cases)
      expect(refusal(() => checkOrderRequest('mock', request, offered))).to.contain(why)
  })

  it('refuses an amount in the quote currency where the venue takes base quantities only', () => {
    const market = { ...order, type: 'market', price: undefined, quantity: undefined, quoteQuantity: d('5') }
    expect(checkOrderRequest('mock', market, offered)).to.equal(market)
    const baseOnly = { ...offered, quoteQuantityMarketOrders: false }
    expect(refusal(() => checkOrderRequest('falconx', market, baseOnly))).to.equal(
      'falconx order refused before sending: orders take a base quantity (quantity) here, not quoteQuantity',
    )
  })

  it('refuses references without a symbol or an id, and amendments with numbers', () => {
    expect(checkOrderRef('mock', { symbol: 'BTC/USDT', id: '1' })).to.deep.equal({
      symbol: 'BTC/USDT',
      id: '1',
    })
    expect(refusal(() => checkOrderRef('mock', undefined))).to.contain('an order reference is an object')
    expect(refusal(() => checkOrderRef('mock', { symbol: 'BTC/USDT' }))).to.contain(
      'needs an id or a clientOrderId',
    )
    expect(refusal(() => checkOrderRef('mock', { clientOrderId: 'a' }))).to.contain('symbol is missing')
    expect(refusal(() => checkOrderRef('mock', { symbol: 'BTC/USDT', id: 1 }))).to.contain(
      'id must be a string',
    )
    expect(refusal(() => checkOrderAmendment('mock', { quantity: 2 }))).to.contain(
      'quantity must be a Decimal',
    )
    expect(checkOrderAmendment('mock', { price: d('1') })).to.deep.equal({ price: d('1') })
  })

  it('checkPrice and checkQuantity refuse a number instead of throwing a TypeError', () => {
    const instrument = { tickSize: d('0.1'), lotSize: d('0.001'), minSize: d('0.001') } as Instrument
    const fail = (why: string): never => {
      throw new VenueError({ kind: 'invalid-request', message: why })
    }
    expect(refusal(() => checkPrice(100 as never, instrument, fail))).to.contain('price must be a Decimal')
    expect(refusal(() => checkQuantity('1' as never, instrument, fail))).to.contain(
      'quantity must be a Decimal',
    )
  })

  it('the mock venue refuses them too, before its matching engine sees them', async () => {
    const mock = createMockVenue({ seed: 1 })
    try {
      for (const request of [null, { ...order, price: 100 }, { ...order, timeInForce: 'DAY' }]) {
        const error = await firstValueFrom(mock.trading.placeOrder(request as never)).catch((e: unknown) => e)
        expect(error, JSON.stringify(request))
          .to.be.instanceOf(VenueError)
          .with.property('kind', 'invalid-request')
      }
      const error = await firstValueFrom(mock.trading.cancelOrder(null as never)).catch((e: unknown) => e)
      expect(error).to.be.instanceOf(VenueError).with.property('kind', 'invalid-request')
      expect(await firstValueFrom(mock.trading.openOrders())).to.deep.equal([])
    } finally {
      await mock.close()
    }
  })
})

describe('core/own: lookups by a caller-given name', () => {
  it('finds own properties only', () => {
    const table = Object.freeze({ bybit: 1, binance: 2 })
    expect([own(table, 'bybit'), own(table, 'binance')]).to.deep.equal([1, 2])
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 42, null]) {
      expect(own(table, name), String(name)).to.equal(undefined)
    }
    expect(own(Object.create({ bybit: 1 }) as Record<string, number>, 'bybit')).to.equal(undefined)
    expect([own(undefined, 'bybit'), own(null, 'bybit')]).to.deep.equal([undefined, undefined])
  })
})
