import { expect } from 'chai'
import * as t from 'io-ts'
import {
  catchError,
  defer,
  firstValueFrom,
  lastValueFrom,
  map,
  NEVER,
  of,
  range,
  switchMap,
  throwError,
  type Observable,
} from 'rxjs'
import type { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import { createLogger } from '../../../lib/core/logging.js'
import { SecretList } from '../../../lib/core/secret-list.js'
import type { Instrument } from '../../../lib/core/model.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../lib/transport/http.js'
import {
  createDriverBase,
  type DriverBaseOptions,
  type DriverCommonOptions,
} from '../../../lib/venues/kit/driver-base.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { testScheduler } from '../support.js'

const WINDOWS = [{ id: 'weight-1s', metric: 'weight', limit: 100, intervalMs: 1000 }]

function instrument(base: string): Instrument {
  return {
    venue: 'bybit',
    symbol: `${base}/USDT`,
    venueSymbol: `${base}USDT`,
    base,
    quote: 'USDT',
    tickSize: new Decimal('0.01'),
    lotSize: new Decimal('0.001'),
    minSize: new Decimal('0.001'),
    status: 'trading',
  }
}

/** A transport that answers every request with `answer` and keeps what it was sent. */
function fakeTransport(answer: HttpResponse = { status: 200, headers: {}, body: '{}' }) {
  const sent: HttpRequest[] = []
  let closes = 0
  const transport: HttpTransport = {
    request: (request) => {
      sent.push(request)
      return Promise.resolve(answer)
    },
    close: () => {
      closes++
      return Promise.resolve()
    },
  }
  return { transport, sent, closes: () => closes }
}

function warnings() {
  const lines: string[] = []
  const ignore = (): void => undefined
  const logger = createLogger({
    name: 'test',
    level: 'warn',
    sink: { trace: ignore, debug: ignore, info: ignore, warn: (m) => lines.push(m), error: ignore },
  })
  return { logger, lines }
}

/** A transport answering `{}` 1 ms after each request, in virtual time, and what it was asked when. */
function answeringIn1ms(scheduler: TestScheduler): {
  transport: HttpTransport
  asked: (HttpRequest & { readonly at: number })[]
} {
  const asked: (HttpRequest & { readonly at: number })[] = []
  const transport: HttpTransport = {
    request: (request) => {
      asked.push({ ...request, at: scheduler.now() })
      return scheduler.createColdObservable<HttpResponse>('1ms (r|)', {
        r: { status: 200, headers: {}, body: '{}' },
      })
    },
  }
  return { transport, asked }
}

/** Quiet defaults; `scheduler`, `logger` and `transport` go to `common`, the rest replace the defaults. */
function options({
  scheduler,
  logger,
  transport,
  ...overrides
}: Partial<DriverBaseOptions<'bybit', Resolved>> & DriverCommonOptions = {}): DriverBaseOptions<
  'bybit',
  Resolved
> {
  return {
    venue: 'bybit',
    options: { restUrl: 'http://127.0.0.1:1', maxBodyBytes: 1024 * 1024, tag: 'resolved' },
    common: {
      scheduler,
      logger: logger ?? warnings().logger,
      transport: transport ?? fakeTransport().transport,
    },
    secrets: new SecretList([]),
    windows: WINDOWS,
    instrumentsTtlMs: 1000,
    fetchServerTime: () => of(0),
    mapError: () => undefined,
    onResponse: () => undefined,
    signer: () => undefined,
    loadSymbols: () => of(new SymbolMap('bybit', [instrument('BTC')])),
    ...overrides,
  }
}

interface Resolved {
  readonly restUrl: string
  readonly maxBodyBytes: number
  readonly tag: string
}

const ANY = t.unknown

describe('createDriverBase', () => {
  it('carries the venue and its resolved options', async () => {
    const ctx = createDriverBase(options())
    expect([ctx.venue, ctx.options.tag]).to.deep.equal(['bybit', 'resolved'])
    await ctx.close()
  })

  it('scrubs its credentials and the signatures added since from a logger the application gave', async () => {
    const { logger, lines } = warnings()
    const secrets = new SecretList(['AK-5c1f7e0a9b', 'SK-8d2e4f6a1c'])
    const ctx = createDriverBase(options({ logger, secrets }))
    secrets.add('9f86d081884c7d659a2feaa0')
    ctx.logger.warn('echo AK-5c1f7e0a9b SK-8d2e4f6a1c 9f86d081884c7d659a2feaa0')
    ctx.logger.child('ws').warn('again AK-5c1f7e0a9b')
    expect(lines).to.deep.equal(['echo [redacted] [redacted] [redacted]', 'again [redacted]'])
    expect(ctx.secrets).to.equal(secrets)
    await ctx.close()
  })

  it('makes a signed client only when the signer factory gives a signer', async () => {
    const fake = fakeTransport()
    const unsigned = createDriverBase(options({ transport: fake.transport }))
    expect(unsigned.privateRest).to.equal(undefined)

    const signed = createDriverBase(
      options({
        transport: fake.transport,
        signer: () => (request, now) => ({
          ...request,
          headers: { ...request.headers, 'x-sig': `at-${now}` },
        }),
      }),
    )
    expect(signed.privateRest).to.not.equal(undefined)
    await lastValueFrom(signed.rest.request$({ path: '/public', codec: ANY }))
    await lastValueFrom(signed.privateRest!.request$({ path: '/private', codec: ANY }))
    expect(fake.sent.map((r) => [r.url.split('?')[0], r.headers?.['x-sig'] !== undefined])).to.deep.equal([
      ['http://127.0.0.1:1/public', false],
      ['http://127.0.0.1:1/private', true],
    ])
    // both clients report into the one health snapshot
    expect(signed.health().rest.requests).to.equal(2)
    await unsigned.close()
    await signed.close()
  })

  it('queues signed requests ahead of market data and reads at most maxBodyBytes of any answer', () => {
    const scheduler = testScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const { transport, asked } = answeringIn1ms(scheduler)
      const ctx = createDriverBase(
        options({
          scheduler,
          transport,
          windows: [{ id: 'w', metric: 'weight', limit: 1, intervalMs: 1000 }],
          signer: () => (request) => request,
          // the signed request measures the venue clock first: a venue clock on the local one
          fetchServerTime: () => defer(() => of(scheduler.now())),
        }),
      )
      const done = map(() => 'x')
      expectObservable(ctx.rest.request$({ path: '/a', codec: ANY }).pipe(done)).toBe('1ms (x|)', { x: 'x' })
      // the second public request is queued first; the signed one still goes before it
      const later = (path: string, rest: typeof ctx.rest) =>
        cold('10ms (s|)').pipe(
          switchMap(() => rest.request$({ path, codec: ANY })),
          done,
        )
      expectObservable(later('/public', ctx.rest)).toBe('2001ms (x|)', { x: 'x' })
      expectObservable(cold('1ms (s|)').pipe(switchMap(() => later('/private', ctx.privateRest!)))).toBe(
        '1001ms (x|)',
        { x: 'x' },
      )
      scheduler.flush()
      expect(asked.map((r) => r.maxBodyBytes)).to.deep.equal([1024 * 1024, 1024 * 1024, 1024 * 1024])
    })
  })

  it('signs at venue time once measured; a measurement that fails leaves the local clock for 30 s', () => {
    const scheduler = testScheduler()
    scheduler.run(({ cold, expectObservable }) => {
      const { logger, lines } = warnings()
      const { transport, asked: sent } = answeringIn1ms(scheduler)
      const asked: number[] = []
      const ctx = createDriverBase(
        options({
          scheduler,
          logger,
          transport,
          signer: () => (request) => request,
          // the venue's time endpoint fails twice, then answers
          fetchServerTime: () =>
            defer(() => {
              asked.push(scheduler.now())
              return asked.length <= 2 ? throwError(() => new Error('no time')) : of(scheduler.now() + 5000)
            }),
        }),
      )
      const at = (ms: number, path: string) =>
        cold(`${ms}ms (s|)`).pipe(
          switchMap(() => ctx.privateRest!.request$({ path, codec: ANY })),
          map(() => 'x'),
        )
      // each goes on with the local clock while the clock cannot be measured
      expectObservable(at(0, '/a')).toBe('1ms (x|)', { x: 'x' })
      expectObservable(at(10, '/b')).toBe('11ms (x|)', { x: 'x' })
      expectObservable(at(30_000, '/c')).toBe('30001ms (x|)', { x: 'x' })
      expectObservable(at(60_000, '/d')).toBe('60001ms (x|)', { x: 'x' })
      scheduler.flush()
      // asked at 0 (failed), not at 10, again at 30 000 (failed), at 60 000 (measured), not since
      expect(asked).to.deep.equal([0, 30_000, 60_000])
      expect(lines.filter((l) => l.includes('clock sync failed'))).to.have.length(2)
      expect(ctx.clock.offsetMs).to.equal(5000)
      expect(sent.map((r) => `${r.at} ${r.url.replace('http://127.0.0.1:1', '')}`)).to.deep.equal([
        '0 /a',
        '10 /b',
        '30000 /c',
        '60000 /d',
      ])
    })
  })

  it('a clock that cannot be measured in 5 s (a time endpoint that never answers): the signed request goes on', () => {
    const scheduler = testScheduler()
    scheduler.run(({ expectObservable }) => {
      const { logger, lines } = warnings()
      const { transport } = answeringIn1ms(scheduler)
      const ctx = createDriverBase(
        options({ scheduler, logger, transport, signer: () => (r) => r, fetchServerTime: () => NEVER }),
      )
      const signed$ = ctx.privateRest!.request$({ path: '/a', codec: ANY }).pipe(map(() => 'x'))
      expectObservable(signed$).toBe('5001ms (x|)', { x: 'x' })
      scheduler.flush()
      expect(lines.filter((l) => l.includes('clock sync failed'))).to.have.length(1)
    })
  })

  it('while the venue is paused (a ban), an order command with a deadline fails at once, the clock unmeasured', () => {
    const scheduler = testScheduler()
    scheduler.run(({ expectObservable }) => {
      const { logger } = warnings()
      const { transport, asked } = answeringIn1ms(scheduler)
      const ctx = createDriverBase(
        options({
          scheduler,
          logger,
          transport,
          signer: () => (r) => r,
          // the venue's time endpoint, through the limiter as every driver's is
          fetchServerTime: (rest) =>
            rest.request$({ path: '/time', codec: ANY }).pipe(map(() => scheduler.now())),
        }),
      )
      ctx.limiter.pause(600_000)
      const order$ = ctx
        .privateRest!.request$({ path: '/order', codec: ANY, deadlineMs: 5000 })
        .pipe(catchError((e: VenueError) => of(e.kind)))
      expectObservable(order$).toBe('(k|)', { k: 'rate-limit' })
      scheduler.flush()
      expect(asked).to.deep.equal([])
    })
  })

  it('close ends a wait for the clock without a warning, and a call after it measures nothing', async () => {
    const { logger, lines } = warnings()
    let asked = 0
    const ctx = createDriverBase(
      options({
        logger,
        signer: () => (r) => r,
        fetchServerTime: () => {
          asked += 1
          return NEVER
        },
      }),
    )
    const waiting = firstValueFrom(ctx.privateRest!.request$({ path: '/a', codec: ANY })).catch(
      (e: unknown) => e,
    )
    await ctx.close()
    expect(await waiting).to.be.instanceOf(VenueError)
    const after = await firstValueFrom(ctx.privateRest!.request$({ path: '/b', codec: ANY })).catch(
      (e: unknown) => e,
    )
    expect(after).to.be.instanceOf(VenueError)
    expect(asked, 'clock samples').to.equal(1)
    expect(lines.filter((l) => l.includes('clock sync failed'))).to.deep.equal([])
  })

  it('publishes a rate-limit error of the venue mapper as an event and a warning', async () => {
    const fake = fakeTransport({ status: 429, headers: { 'x-used': '7' }, body: '{"code":-1003}' })
    const { logger, lines } = warnings()
    const seenHeaders: string[] = []
    const ctx = createDriverBase(
      options({
        transport: fake.transport,
        logger,
        mapError: (response, info) =>
          new VenueError({ kind: 'rate-limit', venue: 'bybit', message: `${info.path} ${response.body}` }),
        onResponse: (headers) => void seenHeaders.push(headers['x-used'] ?? ''),
      }),
    )
    const events: VenueEvent[] = []
    ctx.events.subscribe((e) => events.push(e))
    const failure = await lastValueFrom(
      ctx.rest.request$({ method: 'POST', path: '/busy', codec: ANY }),
    ).catch((e: unknown) => e)
    expect(failure).to.be.instanceOf(VenueError)
    expect((failure as VenueError).kind).to.equal('rate-limit')
    expect(events.map((e) => [e.type, e.type === 'rate-limited' ? e.error.message : ''])).to.deep.equal([
      ['rate-limited', '/busy {"code":-1003}'],
    ])
    expect(lines).to.deep.equal(['bybit rate limit'])
    expect(seenHeaders).to.deep.equal(['7'])
    await ctx.close()
  })

  it('publishes each change of the circuit after the first state, until closed', () => {
    const scheduler = testScheduler()
    scheduler.run(({ flush }) => {
      const ctx = createDriverBase(options({ scheduler }))
      const events: string[] = []
      ctx.events.subscribe((e) => {
        if (e.type === 'circuit') events.push(`${e.state}@${e.at.getTime()}`)
      })
      const down = new VenueError({ kind: 'network', venue: 'bybit', message: 'down' })
      for (let i = 0; i < 5; i++) {
        throwError(() => down)
          .pipe(ctx.breaker.protect())
          .subscribe({ error: () => undefined })
      }
      // the probe after the open time succeeds and closes the circuit
      scheduler.schedule(() => void of(1).pipe(ctx.breaker.protect()).subscribe(), 31_000)
      scheduler.schedule(() => void ctx.close(), 40_000)
      flush()
      expect(events).to.deep.equal(['open@0', 'half-open@30000', 'closed@31000'])
    })
  })

  it('tunes the circuit breaker from the options: threshold, window and open time', () => {
    const scheduler = testScheduler()
    scheduler.run(({ flush }) => {
      const base = options({ scheduler })
      const ctx = createDriverBase({
        ...base,
        common: { ...base.common, circuitBreaker: { failureThreshold: 2, windowMs: 1_000, openMs: 500 } },
      })
      const events: string[] = []
      ctx.events.subscribe((e) => {
        if (e.type === 'circuit') events.push(`${e.state}@${e.at.getTime()}`)
      })
      const down = new VenueError({ kind: 'network', venue: 'bybit', message: 'down' })
      const fail = () =>
        throwError(() => down)
          .pipe(ctx.breaker.protect())
          .subscribe({ error: () => undefined })
      // two failures further apart than the window: still closed; two within it: open
      fail()
      scheduler.schedule(fail, 1_500)
      scheduler.schedule(fail, 1_600)
      scheduler.schedule(() => void of(1).pipe(ctx.breaker.protect()).subscribe(), 2_200)
      scheduler.schedule(() => void ctx.close(), 3_000)
      flush()
      expect(events).to.deep.equal(['open@1600', 'half-open@2100', 'closed@2200'])
    })
  })

  it('serverTime asks the venue clock through the unsigned client, once a subscription, and fails once closed', async () => {
    const asked: string[] = []
    const ctx = createDriverBase(
      options({
        fetchServerTime: (rest) =>
          defer(() => {
            asked.push(rest === ctx.rest ? 'rest' : 'other')
            return of(1_700_000_000_123)
          }),
      }),
    )
    const time = ctx.serverTime()
    expect(asked).to.deep.equal([])
    expect((await firstValueFrom(time)).toISOString()).to.equal('2023-11-14T22:13:20.123Z')
    await firstValueFrom(time)
    expect(asked).to.deep.equal(['rest', 'rest'])
    await ctx.close()
    const refused = await firstValueFrom(ctx.serverTime()).catch((e: unknown) => e)
    expect((refused as VenueError).message).to.equal('bybit venue is closed')
    expect(asked).to.have.length(2)
  })

  it('closes in order: registered releases, the limiter, both clients; a given transport stays open', async () => {
    const fake = fakeTransport()
    const ctx = createDriverBase(options({ transport: fake.transport, signer: () => (r) => r }))
    const order: string[] = []
    const spy = (name: string, target: { close(...args: never[]): unknown }): void => {
      const real = target.close.bind(target) as (...args: never[]) => unknown
      target.close = (...args: never[]) => {
        order.push(name)
        return real(...args)
      }
    }
    spy('limiter', ctx.limiter)
    spy('rest', ctx.rest)
    spy('privateRest', ctx.privateRest!)
    ctx.onClose(() => void order.push('release'))
    ctx.events.subscribe({ complete: () => order.push('events complete') })

    await ctx.close()
    await ctx.close()
    expect(order).to.deep.equal(['release', 'limiter', 'rest', 'privateRest', 'events complete'])
    expect(fake.closes()).to.equal(0)
    expect(ctx.closed).to.equal(true)
    const refused = await lastValueFrom(ctx.limiter.schedule({ weight: 1 }, of(1))).catch((e: unknown) => e)
    expect((refused as VenueError).message).to.equal('bybit venue is closed')
    const symbols = await firstValueFrom(ctx.symbols()).catch((e: unknown) => e)
    const instruments = await firstValueFrom(ctx.instruments()).catch((e: unknown) => e)
    expect([symbols, instruments].map((e) => (e as VenueError).message)).to.deep.equal([
      'bybit venue is closed',
      'bybit venue is closed',
    ])
  })

  describe('symbols', () => {
    function counted(scheduler: TestScheduler, answers: readonly (Observable<SymbolMap> | Error)[]) {
      let loads = 0
      const loadSymbols = (): Observable<SymbolMap> =>
        defer(() => {
          const answer = answers[Math.min(loads++, answers.length - 1)]
          if (answer instanceof Error) return scheduler.createColdObservable<SymbolMap>('--#', {}, answer)
          return answer!
        })
      return { loadSymbols, loads: () => loads }
    }

    it('shares one request among concurrent callers and trusts the map for the TTL', () => {
      const scheduler = testScheduler()
      scheduler.run(({ cold, expectObservable, flush }) => {
        const first = new SymbolMap('bybit', [instrument('BTC')])
        const second = new SymbolMap('bybit', [instrument('ETH')])
        const load = counted(scheduler, [cold('--a|', { a: first }), cold('--b|', { b: second })])
        const ctx = createDriverBase(options({ scheduler, loadSymbols: load.loadSymbols }))
        const names = map((m: SymbolMap) => m.instruments()[0]!.base)
        expectObservable(ctx.symbols().pipe(names)).toBe('--a|', { a: 'BTC' })
        expectObservable(ctx.symbols().pipe(names)).toBe('--a|', { a: 'BTC' })
        flush()
        expect(load.loads()).to.equal(1)
        // 999 ms after the answer at 2 the map is still fresh; at 1002 it is not
        const late: string[] = []
        const at = (time: number): void =>
          void scheduler.schedule(
            () =>
              void ctx
                .symbols()
                .pipe(names)
                .subscribe((n) => late.push(`${n}@${scheduler.now()}`)),
            time - scheduler.now(),
          )
        at(1001)
        at(1002)
        flush()
        expect(late).to.deep.equal(['BTC@1001', 'ETH@1004'])
        expect(load.loads()).to.equal(2)
      })
    })

    it('keeps the map in hand when a refresh fails, and fails without one', () => {
      const scheduler = testScheduler()
      scheduler.run(({ cold, flush }) => {
        const { logger, lines } = warnings()
        const boom = new VenueError({ kind: 'network', venue: 'bybit', message: 'boom' })
        const load = counted(scheduler, [
          boom,
          cold('-a|', { a: new SymbolMap('bybit', [instrument('BTC')]) }),
          boom,
        ])
        const ctx = createDriverBase(options({ scheduler, logger, loadSymbols: load.loadSymbols }))
        const seen: string[] = []
        const record = (what: string, source: Observable<unknown>): void =>
          void source.subscribe({
            next: (v) =>
              seen.push(
                `${what} ${v instanceof SymbolMap ? v.instruments()[0]!.base : String(v)}@${scheduler.now()}`,
              ),
            error: (e: VenueError) => seen.push(`${what} ${e.message}@${scheduler.now()}`),
          })
        record('symbols', ctx.symbols())
        // instruments() fetches outside the cache and stores what it got
        scheduler.schedule(() => record('instruments', ctx.instruments().pipe(map((all) => all.length))), 10)
        scheduler.schedule(() => record('symbols', ctx.symbols()), 500)
        scheduler.schedule(() => record('symbols', ctx.symbols()), 5000)
        flush()
        expect(seen).to.deep.equal([
          'symbols boom@2',
          'instruments 1@11',
          'symbols BTC@500',
          'symbols BTC@5002',
        ])
        expect(load.loads()).to.equal(3)
        expect(lines).to.deep.equal(['bybit instruments refresh failed; keeping the previous listing'])
      })
    })
  })

  describe('instruments in flight', () => {
    /** A transport answering in virtual time, 100 ms after each request, keeping what was sent. */
    function slowTransport(scheduler: TestScheduler) {
      const sent: { readonly at: number; readonly signal: AbortSignal }[] = []
      const transport: HttpTransport = {
        request: (_, signal) => {
          sent.push({ at: scheduler.now(), signal })
          return scheduler.createColdObservable<HttpResponse>('100ms (r|)', {
            r: { status: 200, headers: {}, body: '{}' },
          })
        },
      }
      return { transport, sent }
    }

    /** exchangeInfo's weight of 20 against Binance's 6 000 per minute. */
    const listing = (rest: {
      request$: (r: { path: string; codec: t.Mixed; cost: number }) => Observable<unknown>
    }) =>
      rest
        .request$({ path: '/exchangeInfo', codec: ANY, cost: 20 })
        .pipe(map(() => new SymbolMap('bybit', [instrument('BTC')])))

    it('1 000 switchMap switches before the first answer cost one request, not the minute’s weight', () => {
      const scheduler = testScheduler()
      scheduler.run(({ expectObservable, flush }) => {
        const { transport, sent } = slowTransport(scheduler)
        const ctx = createDriverBase(
          options({
            scheduler,
            transport,
            windows: [{ id: 'weight-1m', metric: 'weight', limit: 6000, intervalMs: 60_000 }],
            loadSymbols: listing,
          }),
        )
        const switched$ = range(0, 1000).pipe(switchMap(() => ctx.instruments()))
        expectObservable(switched$.pipe(map((all) => all.length))).toBe('100ms (a|)', { a: 1 })
        flush()
        expect(sent.map((r) => r.at)).to.deep.equal([0])
        expect(ctx.limiter.headroom().windows[0]!.used).to.equal(20)
        // the map it brought is in the cache
        const later: number[] = []
        ctx.symbols().subscribe((m) => later.push(m.instruments().length))
        expect(later).to.deep.equal([1])
        expect(sent).to.have.length(1)
      })
    })

    it('runs a fetch nobody waits for any more to its end and keeps its map', () => {
      const scheduler = testScheduler()
      scheduler.run(({ expectObservable, flush }) => {
        const { transport, sent } = slowTransport(scheduler)
        const ctx = createDriverBase(options({ scheduler, transport, loadSymbols: listing }))
        expectObservable(ctx.symbols(), '^ 10ms !').toBe('')
        flush()
        expect(sent[0]!.signal.aborted, 'the request was not aborted').to.equal(false)
        const later: number[] = []
        ctx.symbols().subscribe((m) => later.push(m.instruments().length))
        expect(later).to.deep.equal([1])
        expect(sent).to.have.length(1)
      })
    })

    it('close cancels a fetch in flight and fails whoever waits for it', () => {
      const scheduler = testScheduler()
      scheduler.run(({ expectObservable, flush }) => {
        const { transport, sent } = slowTransport(scheduler)
        const ctx = createDriverBase(options({ scheduler, transport, loadSymbols: listing }))
        scheduler.schedule(() => void ctx.close(), 50)
        expectObservable(ctx.instruments()).toBe('50ms #', undefined, ctx.closedError())
        flush()
        expect(sent[0]!.signal.aborted).to.equal(true)
        expect(scheduler.actions).to.have.length(0)
      })
    })
  })
})
