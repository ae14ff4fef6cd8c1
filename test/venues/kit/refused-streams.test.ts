import { expect } from 'chai'
import { firstValueFrom } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { MARKET_CALLS, refusedStreams } from '../../../lib/venues/kit/refused-streams.js'

describe('refused market data', () => {
  it('gives each named call a refusal: invalid-request, not retryable, naming what and why', async () => {
    const calls = refusedStreams('falconx', MARKET_CALLS, 'it quotes on request')
    expect(Object.keys(calls)).to.deep.equal([
      'bookChanges$',
      'trades$',
      'ticker$',
      'candles$',
      'candleHistory',
      'tradeHistory',
    ])
    const error = await firstValueFrom(calls.bookChanges$()).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError)
    expect(error).to.include({ kind: 'invalid-request', venue: 'falconx', retryable: false })
    expect((error as VenueError).message).to.equal(
      'falconx does not support order book streams (it quotes on request)',
    )
    const some = refusedStreams('prime', ['trades$'])
    expect(Object.keys(some)).to.deep.equal(['trades$'])
    const plain = await firstValueFrom(some.trades$()).catch((e: VenueError) => e.message)
    expect(plain).to.equal('prime does not support trade streams')
  })
})
