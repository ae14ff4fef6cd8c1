import { expect } from 'chai'
import { VenueError } from '../../../lib/core/errors.js'
import { requestRefusal } from '../../../lib/venues/kit/trading/request-refusal.js'

describe('kit: a request refused before sending (requestRefusal)', () => {
  it('throws invalid-request naming the venue, what is refused and why', () => {
    const refuse = requestRefusal('falconx', 'order')
    let thrown: unknown
    try {
      refuse('slippageBps applies to fill-or-kill limit orders only')
    } catch (e) {
      thrown = e
    }
    expect(thrown).to.be.instanceOf(VenueError)
    const error = thrown as VenueError
    expect([error.kind, error.venue, error.message]).to.deep.equal([
      'invalid-request',
      'falconx',
      'falconx order refused before sending: slippageBps applies to fill-or-kill limit orders only',
    ])
  })

  it('names what is refused as it is given', () => {
    expect(() => requestRefusal('bybit', 'amendment')('it changes nothing')).to.throw(
      VenueError,
      'bybit amendment refused before sending: it changes nothing',
    )
  })
})
