/**
 * The mock venue's `balanceUpdates$` after an injected disconnect: a change made while it was down
 * (an order placed meanwhile) reaches the stream when it reconnects, as the drivers' does.
 */
import { expect } from 'chai'
import { VirtualAction, VirtualTimeScheduler } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Balance } from '../../../lib/core/model.js'
import { createMockVenue } from '../../../lib/venues/mock/index.js'

describe('mock venue: balance updates caught up after a reconnect', () => {
  it('emits the balances as they are after the private stream reconnects', () => {
    const clock = new VirtualTimeScheduler(VirtualAction, 60_000)
    const mock = createMockVenue({
      scheduler: clock,
      instruments: [{ symbol: 'TST/USD', tickSize: '0.5', lotSize: '0.001' }],
      balances: { USD: '10000', TST: '5' },
      script: { 'TST/USD': [{ snapshot: true, bids: [['100', '1']], asks: [['101', '1']] }] },
    })
    const view = new Map<string, string>()
    const seen = (b: Balance) => view.set(b.asset, `${b.free.toFixed()}/${b.locked.toFixed()}`)
    mock.trading.balanceUpdates$().subscribe(seen)
    mock.faults.disconnect({ downMs: 1_000 })
    mock.trading
      .placeOrder({
        symbol: 'TST/USD',
        side: 'buy',
        type: 'limit',
        price: new Decimal('99'),
        quantity: new Decimal('1'),
      })
      .subscribe()
    clock.flush()
    expect(view.get('USD'), 'the funds the order holds, pushed while down, are caught up').to.equal('9901/99')
    expect(view.get('TST')).to.equal('5/0')
    void mock.close()
  })
})
