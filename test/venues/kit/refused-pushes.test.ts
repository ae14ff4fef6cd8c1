/** The kit's pushes of an account socket that cannot be opened. */
import { expect } from 'chai'
import { lastValueFrom, toArray, type Observable } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { refusedPushes } from '../../../lib/venues/kit/trading/refused-pushes.js'

describe('kit: refused pushes', () => {
  it('fails orders and fills with the refusal when subscribed; no balances, no resubscription', async () => {
    let made = 0
    const refusal = () => {
      made += 1
      return new VenueError({ kind: 'auth', venue: 'prime', message: 'needs serviceAccountId' })
    }
    const pushes = refusedPushes(refusal)
    expect(made).to.equal(0)
    const streams: Observable<unknown>[] = [pushes.orders$, pushes.fills$]
    for (const stream of streams) {
      const e: unknown = await lastValueFrom(stream).catch((x: unknown) => x)
      expect(e).to.be.instanceOf(VenueError)
      expect((e as VenueError).kind).to.equal('auth')
    }
    expect(made).to.equal(2)
    expect(await lastValueFrom(pushes.balances$.pipe(toArray()))).to.deep.equal([])
    expect(await lastValueFrom(pushes.resubscribed$.pipe(toArray()))).to.deep.equal([])
  })
})
