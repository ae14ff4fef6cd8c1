import { expect } from 'chai'
import { TestScheduler } from 'rxjs/testing'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createVenueLifecycle } from '../../../lib/venues/kit/lifecycle.js'

describe('createVenueLifecycle', () => {
  it('stamps events with the venue and the scheduler time', () => {
    const scheduler = new TestScheduler(() => undefined)
    scheduler.run(({ flush }) => {
      const life = createVenueLifecycle('bybit', scheduler)
      const seen: VenueEvent[] = []
      life.events.subscribe((e) => seen.push(e))
      scheduler.schedule(() => life.emit({ type: 'resync', symbol: 'BTC/USDT', reason: 'gap' }), 25)
      flush()
      expect(seen).to.deep.equal([
        { type: 'resync', symbol: 'BTC/USDT', reason: 'gap', venue: 'bybit', at: new Date(25) },
      ])
    })
  })

  it('closes once: releases last first, then the close steps, then completes the events', async () => {
    const life = createVenueLifecycle('binance', new TestScheduler(() => undefined))
    const order: string[] = []
    life.events.subscribe({ complete: () => order.push('events complete') })
    life.onClose(() => void order.push('first registered'))
    life.onClose(async () => {
      order.push('second starts')
      await Promise.resolve()
      order.push('second done')
    })
    await life.close({ now: () => order.push('now'), after: async () => void order.push('after') })
    await life.close({ now: () => order.push('again') })
    expect(order).to.deep.equal([
      'second starts',
      'first registered',
      'now',
      'second done',
      'after',
      'events complete',
    ])
    expect(life.closed).to.equal(true)
  })

  it('releases at once what is registered after close, and refuses with a typed error', async () => {
    const life = createVenueLifecycle('bybit', new TestScheduler(() => undefined))
    await life.close()
    let released = false
    life.onClose(() => void (released = true))
    expect(released).to.equal(true)
    const e = life.closedError()
    expect([e.kind, e.venue, e.message]).to.deep.equal(['invalid-request', 'bybit', 'bybit venue is closed'])
  })
})
