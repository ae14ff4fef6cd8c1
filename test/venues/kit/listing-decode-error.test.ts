import { expect } from 'chai'
import * as t from 'io-ts'
import { firstValueFrom, map, of } from 'rxjs'
import { DecodeError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { HttpTransport } from '../../../lib/transport/http.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createSpecContext, type SpecContextHooks } from '../../../lib/venues/kit/spec-context.js'
import type { VenueSpec } from '../../../lib/venues/kit/spec.js'

const SPEC = {
  id: 'falconx',
  networks: { mainnet: { rest: 'https://api.example.test', ws: 'wss://api.example.test' } },
  capabilities: {
    marketData: { book: false, trades: false, ticker: false, candleIntervals: [] },
    history: { candleIntervals: [], trades: false },
  },
  intervals: {},
  rateWindows: [],
  usage: [],
  errors: { codes: {} },
  defaults: {
    maxBodyBytes: 1 << 20,
    maxFrameBytes: 1 << 20,
    staleAfterMs: 30_000,
    instrumentsTtlMs: 3_600_000,
    recvWindowMs: 5_000,
  },
} as const satisfies VenueSpec<'falconx'>

/** The listing as the venue's hook asks for it: one GET whose answer must be an array. */
const HOOKS: SpecContextHooks = {
  fetchServerTime: () => of(0),
  onResponse: () => undefined,
  signer: () => (request) => request,
  listing: (rest) => rest.request$({ path: '/v1/pairs', codec: t.array(t.unknown) }).pipe(map(() => [])),
}

/** A transport answering every request 200 with the next of `bodies` (the last one repeated). */
function answering(...bodies: string[]): HttpTransport {
  let i = 0
  return {
    request: () =>
      Promise.resolve({ status: 200, headers: {}, body: bodies[Math.min(i++, bodies.length - 1)] ?? '' }),
  }
}

describe('kit: a listing answer that cannot be decoded', () => {
  for (const [name, body] of [
    ['not JSON', '<html>bad gateway, but 200</html>'],
    ['the wrong shape', '{"pairs":"none"}'],
  ] as const) {
    it(`(${name}) is a decode-error event on channel rest naming the request, and the load fails as before`, async () => {
      const ctx = createSpecContext(
        SPEC,
        { restUrl: 'http://127.0.0.1:1', transport: answering(body, '[]'), logger: silentLogger },
        HOOKS,
      )
      const events: VenueEvent[] = []
      ctx.events.subscribe((e) => events.push(e))
      const failure = await firstValueFrom(ctx.instruments()).then(
        () => expect.fail('expected a failure'),
        (e: unknown) => e,
      )
      expect(failure).to.be.instanceOf(DecodeError)
      const decodeErrors = events.filter((e) => e.type === 'decode-error')
      expect(decodeErrors).to.have.length(1)
      const [event] = decodeErrors
      if (event?.type !== 'decode-error') return expect.fail('no decode-error event')
      expect(event.channel).to.equal('rest')
      expect(event.venue).to.equal('falconx')
      expect(event.error).to.equal(failure)
      expect(event.error.message).to.contain('/v1/pairs')
      // the next load answers well: nothing more is reported
      expect(await firstValueFrom(ctx.instruments())).to.deep.equal([])
      expect(events.filter((e) => e.type === 'decode-error')).to.have.length(1)
      await ctx.close()
    })
  }
})
