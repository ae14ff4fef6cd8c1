import { expect } from 'chai'
import { VirtualTimeScheduler } from 'rxjs'
import { DecodeError } from '../../../lib/core/errors.js'
import { createVenueLifecycle } from '../../../lib/venues/kit/lifecycle.js'

describe('kit: a decode error is the venue lastError', () => {
  it('with the host its channel went to', () => {
    const scheduler = new VirtualTimeScheduler()
    const life = createVenueLifecycle('bybit', scheduler)
    life.reached('rest', 'api.bybit.com')
    const error = new DecodeError({
      context: 'GET /v5/market/instruments-info',
      paths: ['(root): invalid JSON'],
      raw: '<html>',
      venue: 'bybit',
    })
    life.emit({ type: 'decode-error', channel: 'rest', error })
    expect(life.health().lastError).to.deep.equal({ at: 0, channel: 'rest', host: 'api.bybit.com', error })
  })
})
