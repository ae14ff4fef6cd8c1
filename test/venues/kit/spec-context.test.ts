import { expect } from 'chai'
import * as t from 'io-ts'
import { firstValueFrom, of } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { HttpRequest, HttpTransport } from '../../../lib/transport/http.js'
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

const HOOKS: SpecContextHooks = {
  fetchServerTime: () => of(0),
  onResponse: () => undefined,
  signer: () => (request) => request,
  listing: () => of([]),
}

/** A transport answering every request with `body`, counting its closes. */
function answering(body: string): HttpTransport & { closed: number; seen: HttpRequest[] } {
  const transport = {
    closed: 0,
    seen: [] as HttpRequest[],
    request: (request: HttpRequest) => {
      transport.seen.push(request)
      return Promise.resolve({ status: 200, headers: {}, body })
    },
    close: () => Promise.resolve(void transport.closed++),
  }
  return transport
}

const options = (transport: HttpTransport) => ({
  restUrl: 'http://127.0.0.1:1',
  transport,
  logger: silentLogger,
})

describe('kit: the context made from a spec (createSpecContext)', () => {
  describe('numbersAsText', () => {
    const BODY = '{"price":0.1000000000000000055511151231257827,"size":[1e-7]}'

    it('reads each answer with its numbers quoted as their text, exact', async () => {
      const ctx = createSpecContext(SPEC, options(answering(BODY)), { ...HOOKS, numbersAsText: true })
      const read = await firstValueFrom(ctx.rest.request$({ path: '/v1/pairs', codec: t.unknown }))
      expect(read).to.deep.equal({ price: '0.1000000000000000055511151231257827', size: ['1e-7'] })
      await ctx.close()
    })

    it('leaves answers as the venue wrote them without it', async () => {
      const ctx = createSpecContext(SPEC, options(answering(BODY)), HOOKS)
      const read = await firstValueFrom(ctx.rest.request$({ path: '/v1/pairs', codec: t.unknown }))
      expect(read).to.deep.equal({ price: 0.1, size: [1e-7] })
      await ctx.close()
    })

    it('leaves a transport the user gave open when the context closes', async () => {
      const transport = answering('{}')
      const ctx = createSpecContext(SPEC, options(transport), { ...HOOKS, numbersAsText: true })
      await firstValueFrom(ctx.rest.request$({ path: '/v1/pairs', codec: t.unknown }))
      await ctx.close()
      expect([transport.seen.length, transport.closed]).to.deep.equal([1, 0])
    })
  })

  describe('a signer that cannot be made', () => {
    const refusal = new VenueError({
      kind: 'auth',
      venue: 'falconx',
      message: 'falconx secret is not base64',
    })
    const hooks: SpecContextHooks = {
      ...HOOKS,
      signer: () => {
        throw refusal
      },
    }
    const keyed = (transport: HttpTransport) => ({
      ...options(transport),
      apiKey: 'key',
      secret: 'not base64!',
    })

    it('fails each signed call with its error, sending nothing, not the context’s creation', async () => {
      const transport = answering('{}')
      const ctx = createSpecContext(SPEC, keyed(transport), hooks)
      const signed = ctx.privateRest?.request$({ path: '/v1/balances', codec: t.unknown })
      expect(signed).to.not.equal(undefined)
      for (let i = 0; i < 2; i++) {
        const error = await firstValueFrom(signed!).then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(error).to.equal(refusal)
      }
      expect(transport.seen).to.have.length(0)
      await ctx.close()
    })

    it('leaves the unsigned calls working', async () => {
      const transport = answering('{"ok":true}')
      const ctx = createSpecContext(SPEC, keyed(transport), hooks)
      expect(await firstValueFrom(ctx.rest.request$({ path: '/v1/pairs', codec: t.unknown }))).to.deep.equal({
        ok: true,
      })
      await ctx.close()
    })
  })

  describe('signedListing', () => {
    const signedListing = { listed: 'pairs', credentials: 'an API key, secret and passphrase' }
    const seenClients: unknown[] = []
    const hooks: SpecContextHooks = {
      ...HOOKS,
      signedListing,
      listing: (rest) => {
        seenClients.push(rest)
        return of([])
      },
    }
    beforeEach(() => (seenClients.length = 0))

    it('lists with the signed client', async () => {
      const ctx = createSpecContext(SPEC, { ...options(answering('{}')), apiKey: 'k', secret: 's' }, hooks)
      await firstValueFrom(ctx.instruments())
      expect(seenClients.map((c) => c === ctx.privateRest)).to.deep.equal([true])
      await ctx.close()
    })

    it('is refused with auth naming the venue, what it lists and the credentials, without a key', async () => {
      const transport = answering('{}')
      const ctx = createSpecContext(SPEC, options(transport), hooks)
      const error = await firstValueFrom(ctx.instruments()).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).to.be.instanceOf(VenueError)
      expect([
        (error as VenueError).kind,
        (error as VenueError).venue,
        (error as VenueError).message,
      ]).to.deep.equal([
        'auth',
        'falconx',
        'falconx answers signed calls only: its pairs need an API key, secret and passphrase',
      ])
      expect([seenClients.length, transport.seen.length]).to.deep.equal([0, 0])
      await ctx.close()
    })

    it('lists with the unsigned client when not set', async () => {
      const ctx = createSpecContext(
        SPEC,
        { ...options(answering('{}')), apiKey: 'k', secret: 's' },
        {
          ...hooks,
          signedListing: undefined,
        },
      )
      await firstValueFrom(ctx.instruments())
      expect(seenClients.map((c) => c === ctx.rest)).to.deep.equal([true])
      await ctx.close()
    })
  })
})
