import { expect } from 'chai'
import { asyncScheduler, defer, firstValueFrom, of, throwError } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import type { RestClient, RestRequest } from '../../../lib/transport/rest.js'
import { createSignedApi } from '../../../lib/venues/kit/trading/signed-api.js'

/** A REST client whose first request is refused (for its timestamp by default), and every later one answered. */
function skewedOnce(
  refusal = () => new VenueError({ kind: 'clock-skew', venue: 'binance', message: 'timestamp' }),
  options: { readonly resendUnauthorized?: boolean } = {},
) {
  const sent: string[] = []
  const rest = {
    request$: <A>(request: RestRequest<A>) =>
      defer(() => {
        sent.push(`${request.method ?? 'GET'} ${request.path}`)
        return sent.length === 1 ? throwError(refusal) : of('ok' as A)
      }),
  } as unknown as RestClient
  const api = createSignedApi({
    ...options,
    venue: 'binance',
    rest,
    clock: { resync: () => of(undefined) },
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

  describe('a venue that refuses valid signatures now and then (resendUnauthorized)', () => {
    const unauthorized = () =>
      new VenueError({ kind: 'auth', venue: 'coinbase', status: 401, message: 'Unauthorized' })

    it('signs and sends any request once more after a 401, an order create too', async () => {
      for (const request of [
        { path: '/accounts', codec },
        { method: 'POST' as const, path: '/orders', codec, idempotent: false },
      ]) {
        const { api, sent } = skewedOnce(unauthorized, { resendUnauthorized: true })
        expect(await firstValueFrom(api.send(request))).to.equal('ok')
        expect(sent).to.have.length(2)
      }
    })

    it('passes a second 401 on, and an auth refusal of another status at once', async () => {
      let sent = 0
      const counting = {
        request$: () =>
          defer(() => {
            sent++
            return throwError(unauthorized)
          }),
      } as unknown as RestClient
      const api = createSignedApi({
        venue: 'coinbase',
        rest: counting,
        clock: { resync: () => of(undefined) },
        scheduler: asyncScheduler,
        logger: silentLogger,
        symbols: () => of(new SymbolMap('coinbase', [])),
        orderDeadlineMs: 5000,
        resendUnauthorized: true,
      })
      const error = await firstValueFrom(api.send({ path: '/accounts', codec })).catch((e: unknown) => e)
      expect(error).to.be.instanceOf(VenueError).with.property('status', 401)
      expect(sent, 'one resend').to.equal(2)
      const forbidden = skewedOnce(
        () => new VenueError({ kind: 'auth', venue: 'coinbase', status: 403, message: 'no' }),
        { resendUnauthorized: true },
      )
      await firstValueFrom(forbidden.api.send({ path: '/accounts', codec })).catch(() => undefined)
      expect(forbidden.sent).to.have.length(1)
    })

    it('does not resend after a 401 unless the venue asks for it', async () => {
      const { api, sent } = skewedOnce(unauthorized)
      const error = await firstValueFrom(api.send({ path: '/accounts', codec })).catch((e: unknown) => e)
      expect(error).to.be.instanceOf(VenueError).with.property('kind', 'auth')
      expect(sent).to.have.length(1)
    })
  })
})
