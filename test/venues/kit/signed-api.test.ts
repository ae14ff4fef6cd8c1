import { expect } from 'chai'
import { asyncScheduler, defer, firstValueFrom, of, throwError } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import type { RestClient, RestRequest } from '../../../lib/transport/rest.js'
import { createSignedApi } from '../../../lib/venues/kit/trading/signed-api.js'

/** A REST client whose first request is refused for its timestamp, and every later one answered. */
function skewedOnce() {
  const sent: string[] = []
  const rest = {
    request$: <A>(request: RestRequest<A>) =>
      defer(() => {
        sent.push(`${request.method ?? 'GET'} ${request.path}`)
        return sent.length === 1
          ? throwError(() => new VenueError({ kind: 'clock-skew', venue: 'binance', message: 'timestamp' }))
          : of('ok' as A)
      }),
  } as unknown as RestClient
  const api = createSignedApi({
    venue: 'binance',
    rest,
    clock: { estimate: 0, resync: () => of(undefined) },
    scheduler: asyncScheduler,
    logger: silentLogger,
    symbols: () => of(new SymbolMap('binance', [])),
    orderDeadlineMs: 5000,
  })
  return { api, sent }
}

const codec = { decode: () => undefined } as unknown as RestRequest<string>['codec']

describe('kit signed API', () => {
  it('sends a non-GET again once after a timestamp refusal', async () => {
    const { api, sent } = skewedOnce()
    expect(await firstValueFrom(api.send({ method: 'DELETE', path: '/order', codec }))).to.equal('ok')
    expect(sent).to.deep.equal(['DELETE /order', 'DELETE /order'])
  })

  it('sends a request marked idempotent: false exactly once: the refusal is its caller’s', async () => {
    const { api, sent } = skewedOnce()
    const error = await firstValueFrom(
      api.send({ method: 'POST', path: '/order', codec, idempotent: false }),
    ).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError).with.property('kind', 'clock-skew')
    expect(sent).to.deep.equal(['POST /order'])
  })
})
