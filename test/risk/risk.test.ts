import { expect } from 'chai'
import { VenueError } from '../../lib/core/errors.js'
import { createRisk, OrderRateWindow, RiskRejectedError, type RiskEvent } from '../../lib/risk/index.js'
import { buy, d, FakeState, sell } from './support.js'

/** The rule that refused, or 'passed'. */
function verdict(error: RiskRejectedError | undefined): string {
  return error === undefined ? 'passed' : error.rule
}

describe('risk: built-in rules at their boundaries', () => {
  let state: FakeState
  beforeEach(() => {
    state = new FakeState()
    state.mids.set('bybit BTC/USDT', d('60000'))
  })

  it('max-order-quantity: the limit passes, one lot more is refused, naming limit and value', () => {
    const risk = createRisk({ maxOrderQuantity: '1' })
    expect(verdict(risk.check(buy('1'), state))).to.equal('passed')
    const refused = risk.check(buy('1.001'), state)
    expect(refused).to.be.instanceOf(RiskRejectedError).and.instanceOf(VenueError)
    expect(refused).to.include({
      kind: 'risk-rejected',
      rule: 'max-order-quantity',
      limit: '1',
      value: '1.001',
      venue: 'bybit',
      clientOrderId: 'o1',
      retryable: false,
    })
    expect(refused?.message).to.contain('max-order-quantity').and.contain('1.001').and.contain('limit 1')
  })

  it('max-order-notional: price × quantity at the limit passes, a cent over is refused', () => {
    const risk = createRisk({ maxOrderNotional: '6000' })
    expect(verdict(risk.check(buy('0.1', '60000'), state))).to.equal('passed')
    const refused = risk.check(buy('0.1', '60000.1'), state)
    expect(refused).to.include({ rule: 'max-order-notional', limit: '6000', value: '6000.01' })
  })

  it('max-order-notional: a market order is valued at the mid, a quote amount as given', () => {
    const risk = createRisk({ maxOrderNotional: '6000' })
    const market = { type: 'market' as const, price: undefined }
    expect(verdict(risk.check(buy('0.1', '1', market), state))).to.equal('passed')
    expect(risk.check(buy('0.100001', '1', market), state)).to.include({ value: '6000.06' })
    const byQuote = { ...market, quantity: undefined, quoteQuantity: d('6000.01') }
    expect(risk.check(buy('0', '1', byQuote), state)).to.include({ rule: 'max-order-notional' })
    state.mids.clear()
    expect(risk.check(buy('0.1', '1', market), state)).to.include({
      rule: 'max-order-notional',
      value: 'no mid',
    })
  })

  it('price-band: a price at the band passes, one tick beyond it either way is refused', () => {
    const risk = createRisk({ priceBand: '0.05' }) // 5 % of 60 000 = 3 000
    expect(verdict(risk.check(buy('0.1', '63000'), state))).to.equal('passed')
    expect(verdict(risk.check(sell('0.1', '57000'), state))).to.equal('passed')
    expect(risk.check(buy('0.1', '63000.1'), state)).to.include({ rule: 'price-band', limit: '0.05' })
    expect(risk.check(sell('0.1', '56999.9'), state)).to.include({ rule: 'price-band' })
    state.mids.clear()
    expect(risk.check(buy('0.1', '60000'), state)).to.include({ rule: 'price-band', value: 'no mid' })
  })

  it('max-position: the worst case of open orders and the position counts, per side', () => {
    const risk = createRisk({ venues: { bybit: { symbols: { 'BTC/USDT': { maxPosition: '1' } } } } })
    state.positions.set('bybit BTC/USDT', d('0.3'))
    state.open.set('bybit BTC/USDT buy', d('0.2'))
    state.open.set('bybit BTC/USDT sell', d('0.5'))
    // long: 0.3 + 0.2 open + 0.5 = 1
    expect(verdict(risk.check(buy('0.5'), state))).to.equal('passed')
    expect(risk.check(buy('0.501'), state)).to.include({ rule: 'max-position', limit: '1', value: '1.001' })
    // short: 0.3 − 0.5 open − 0.8 = −1
    expect(verdict(risk.check(sell('0.8'), state))).to.equal('passed')
    expect(risk.check(sell('0.801'), state)).to.include({ rule: 'max-position', value: '1.001' })
    // another symbol is not limited
    expect(verdict(risk.check(buy('5', '3000', { symbol: 'ETH/USDT' }), state))).to.equal('passed')
  })

  it('max-position: an amendment counts only what it adds', () => {
    const risk = createRisk({ maxPosition: '1' })
    state.open.set('bybit BTC/USDT buy', d('1'))
    expect(verdict(risk.check(buy('0.5', '60000', { replaces: d('0.5') }), state))).to.equal('passed')
    expect(risk.check(buy('0.6', '60000', { replaces: d('0.5') }), state)).to.include({
      rule: 'max-position',
      value: '1.1',
    })
  })

  it('max-asset-position: base and quote holdings, with the worst case of open orders', () => {
    const risk = createRisk({ maxAssetPosition: { BTC: '2', USDT: '120000' } })
    state.assets.set('bybit BTC', d('1'))
    state.flows.set('bybit BTC in', d('0.5'))
    expect(verdict(risk.check(buy('0.5', '1000'), state))).to.equal('passed')
    expect(risk.check(buy('0.501', '1000'), state)).to.include({
      rule: 'max-asset-position',
      limit: '2',
      value: '2.001',
    })
    // USDT out: 0.5 BTC × 60 000 = 30 000, with 90 000 already spent
    state.assets.set('bybit USDT', d('-90000'))
    expect(verdict(risk.check(buy('0.5', '60000'), state))).to.equal('passed')
    expect(risk.check(buy('0.5', '60000.2'), state)).to.include({ value: '120000.1' })
  })

  it('max-open-orders: counted in the scope it is set at, this order included', () => {
    const risk = createRisk({
      maxOpenOrders: 10,
      venues: { bybit: { maxOpenOrders: 5, symbols: { 'BTC/USDT': { maxOpenOrders: 2 } } } },
    })
    state.counts.set('bybit BTC/USDT', 1)
    state.counts.set('bybit', 4)
    state.counts.set('*', 9)
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('passed')
    state.counts.set('bybit BTC/USDT', 2)
    expect(risk.check(buy('0.1'), state)).to.include({
      rule: 'max-open-orders',
      limit: '2',
      value: '3',
      scope: 'bybit BTC/USDT',
    })
    expect(verdict(risk.check(buy('0.1', '3000', { symbol: 'ETH/USDT' }), state))).to.equal('passed')
    state.counts.set('bybit', 5)
    expect(risk.check(buy('0.1', '3000', { symbol: 'ETH/USDT' }), state)).to.include({ scope: 'bybit' })
    state.counts.set('bybit', 0)
    state.counts.set('*', 10)
    expect(risk.check(buy('0.1', '3000', { symbol: 'ETH/USDT' }), state)).to.include({
      scope: '*',
      value: '11',
    })
  })

  it('max-order-rate: the limit within the window passes, one more is refused, and the window rolls', () => {
    const risk = createRisk({ maxOrderRate: { orders: 3, perMs: 1000 } })
    for (let i = 0; i < 3; i++) {
      expect(verdict(risk.check(buy('0.1'), state))).to.equal('passed')
      state.time += 100
    }
    expect(risk.check(buy('0.1'), state)).to.include({ rule: 'max-order-rate', limit: '3', value: '4' })
    state.time += 699 // 999 ms after the first order: still in the window
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('max-order-rate')
    state.time += 1 // the first order leaves it
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('passed')
    // a refused order is not counted
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('max-order-rate')
  })

  it('max-daily-loss: counted from the start of the day; reaching the limit stops trading until the reset', () => {
    const risk = createRisk({ maxDailyLoss: '100', dailyResetUtcMs: 0 })
    state.time = Date.UTC(2024, 0, 2, 12)
    state.pnls.set('*', d('500'))
    risk.startDay(state)
    state.pnls.set('*', d('400.01')) // lost 99.99
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('passed')
    state.pnls.set('*', d('400'))
    expect(risk.check(buy('0.1'), state)).to.include({ rule: 'max-daily-loss', limit: '100', value: '100' })
    expect(risk.nextDayAt(state.time)).to.equal(Date.UTC(2024, 0, 3))
    state.time = Date.UTC(2024, 0, 3, 0, 0, 1) // a new day: counted from here
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('passed')
  })

  it('kill switch: refuses every order once tripped, reports trip and reset, and can trip on the daily loss', () => {
    const events: RiskEvent[] = []
    const risk = createRisk({
      maxDailyLoss: '10',
      killSwitch: { cancelOpenOrders: true, tripOnDailyLoss: true },
    })
    risk.events$.subscribe((e) => events.push(e))
    risk.startDay(state)
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('passed')
    risk.trip('operator')
    expect(risk.check(buy('0.1'), state)).to.include({ rule: 'kill-switch' })
    risk.reset()
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('passed')
    state.pnls.set('*', d('-10'))
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('max-daily-loss')
    expect(risk.tripped).to.equal(true)
    expect(
      events.map((e) => (e.type === 'kill-switch' ? `${e.state} ${e.cancelOpenOrders}` : e.error.rule)),
    ).to.deep.equal(['tripped true', 'kill-switch', 'reset false', 'tripped true', 'max-daily-loss'])
  })

  it("a venue's kill switch refuses that venue's orders only; a venue's daily loss trips its own", () => {
    const events: RiskEvent[] = []
    const risk = createRisk({
      venues: { binance: { maxDailyLoss: '10' } },
      killSwitch: { tripOnDailyLoss: true },
    })
    risk.events$.subscribe((e) => events.push(e))
    risk.startDay(state)
    const onBinance = buy('0.1', '60000', { venue: 'binance' })
    risk.trip('operator', 'bybit')
    expect(risk.check(buy('0.1'), state)).to.include({ rule: 'kill-switch' })
    expect(String(risk.check(buy('0.1'), state))).to.contain('the bybit kill switch is tripped (operator)')
    expect(verdict(risk.check(onBinance, state))).to.equal('passed')
    expect([risk.tripped, risk.isTripped('bybit'), risk.isTripped('binance')]).to.deep.equal([
      false,
      true,
      false,
    ])
    state.pnls.set('binance', d('-10'))
    expect(verdict(risk.check(onBinance, state))).to.equal('max-daily-loss')
    expect([risk.tripped, risk.isTripped('binance')]).to.deep.equal([false, true])
    risk.reset('back', 'bybit')
    expect(verdict(risk.check(buy('0.1'), state))).to.equal('passed')
    risk.trip('everything')
    expect([risk.isTripped('bybit'), risk.isTripped('okx')]).to.deep.equal([true, true])
    risk.reset()
    expect([risk.tripped, risk.isTripped('binance')]).to.deep.equal([false, false])
    expect(
      events.flatMap((e) => (e.type === 'kill-switch' ? [`${e.state} ${e.venue ?? '*'}`] : [])),
    ).to.deep.equal([
      'tripped bybit',
      'tripped binance',
      'reset bybit',
      'tripped *',
      'reset binance',
      'reset *',
    ])
  })

  it('custom rules run after the built-in ones, with the order and the state', () => {
    const risk = createRisk({
      maxOrderQuantity: '1',
      rules: [
        (order, s) =>
          order.side === 'sell' && s.position(order.venue, order.symbol).lte(0)
            ? {
                rule: 'no-naked-sells',
                limit: '0',
                value: order.quantity?.toFixed() ?? '',
                measure: 'short sale',
              }
            : undefined,
      ],
    })
    expect(verdict(risk.check(sell('2'), state))).to.equal('max-order-quantity')
    expect(risk.check(sell('0.5'), state)).to.include({ rule: 'no-naked-sells', value: '0.5' })
    state.positions.set('bybit BTC/USDT', d('1'))
    expect(verdict(risk.check(sell('0.5'), state))).to.equal('passed')
  })

  it('refuses a limit that is not a positive number when made', () => {
    expect(() => createRisk({ maxOrderQuantity: '0' })).to.throw(VenueError, /maxOrderQuantity/)
    expect(() =>
      createRisk({ venues: { bybit: { symbols: { 'BTC/USDT': { priceBand: '-1' } } } } }),
    ).to.throw(/priceBand/)
    expect(() => createRisk({ maxOpenOrders: 1.5 })).to.throw(/maxOpenOrders/)
  })

  it('refuses a misspelt or mistyped setting, naming it (a misspelt limit would be no limit)', () => {
    const refused: [unknown, RegExp][] = [
      [{ maxOrderQty: '1' }, /^risk config: unknown option maxOrderQty; valid: maxOrderQuantity, /],
      [
        { venues: { bybit: { maxOpenOrder: 3 } } },
        /venues\.bybit: unknown option maxOpenOrder; did you mean maxOpenOrders\?/,
      ],
      [
        { venues: { bybit: { symbols: { 'BTC/USDT': { pricBand: '0.1' } } } } },
        /venues\.bybit\.symbols\.BTC\/USDT: unknown option pricBand; did you mean priceBand/,
      ],
      [
        { venues: { bybit: { symbols: { 'BTC/USDT': { symbols: {} } } } } },
        /BTC\/USDT: unknown option symbols/,
      ],
      [
        { maxOrderRate: { orders: 5, perSec: 1 } },
        /maxOrderRate: unknown option perSec; valid: orders, perMs/,
      ],
      [{ venues: { bybit: 5 } }, /venues\.bybit must be an object, got 5/],
      [{ killSwitch: 'yes' }, /killSwitch must be an object, got "yes"/],
      [
        { killSwitch: { cancelOpenOrder: true } },
        /killSwitch: unknown option cancelOpenOrder; did you mean cancelOpenOrders\?/,
      ],
      [
        { killSwitch: { cancelOpenOrders: 'true' } },
        /killSwitch: cancelOpenOrders must be true or false, got "true"/,
      ],
      [{ rules: [() => undefined, 42] }, /rules\[1\] must be a function, got 42/],
      [{ now: 5 }, /now must be a function/],
      ['strict', /risk config: it must be an object, got "strict"/],
    ]
    for (const [config, message] of refused) {
      expect(() => createRisk(config as never), JSON.stringify(config))
        .to.throw(VenueError, message)
        .with.property('kind', 'invalid-request')
    }
    // every setting at once, and undefined ones (an optional left unset), pass
    const risk = createRisk({
      maxOrderQuantity: '1',
      maxOrderNotional: '100000',
      maxPosition: '2',
      maxAssetPosition: { BTC: '3' },
      priceBand: '0.05',
      maxOpenOrders: 10,
      maxDailyLoss: '500',
      maxOrderRate: { orders: 5, perMs: 1_000 },
      venues: {
        bybit: { maxOpenOrders: 5, symbols: { 'BTC/USDT': { maxPosition: '1', priceBand: undefined } } },
      },
      rules: [() => undefined],
      dailyResetUtcMs: 0,
      killSwitch: { cancelOpenOrders: true, tripOnDailyLoss: false },
      now: () => 0,
    })
    expect(risk.cancelsOnTrip).to.equal(true)
  })
})

describe('risk: the order-rate window', () => {
  it('counts orders in a rolling window, growing to the limit and wrapping after it', () => {
    const w = new OrderRateWindow({ orders: 3, perMs: 100 })
    w.record(0)
    w.record(10)
    expect(w.inWindow(50)).to.equal(2)
    expect(w.inWindow(100)).to.equal(1) // the order at 0 left
    w.record(100)
    w.record(105) // grows past the slot the first order freed
    expect(w.inWindow(105)).to.equal(3)
    w.record(106) // over the limit: the oldest is dropped, never more than `orders` kept
    expect(w.inWindow(109)).to.equal(3)
    expect(w.inWindow(206)).to.equal(0)
  })
})
