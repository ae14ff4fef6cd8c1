/**
 * (h) A hostile venue: a signed call (balances, or the vaults of a custody venue) answered with garbage,
 * never answered, or answered with the request echoed back. Every failure is a typed `VenueError` of
 * the venue with the kind its driver documents, none hangs, and no echo shows a credential or a
 * signature anywhere a caller could see it: errors (message, `String`, JSON, `util.inspect`, the cause
 * chain), events, and log lines at trace.
 *
 * The driver's scheduler stands still until the test moves it, so the request deadline (10 s per
 * attempt, 20 s in all) and the retry backoff pass in virtual time.
 */
import { expect } from 'chai'
import { inspect } from 'node:util'
import { firstValueFrom, from, type Observable } from 'rxjs'
import {
  VenueError,
  createLogger,
  type AnyVenueModule,
  type Client,
  type HttpRequest,
  type HttpTransport,
  type LogFields,
  type Venue,
} from 'rxvenue'
import type { HostileAnswer } from 'rxvenue/testing'
import { createDefaultTransport } from '../../lib/transport/http-default.js'
import { SIMULATED_VENUES, startRig, type Rig } from './rig.js'
import { SteppedClock } from './stepped-clock.js'
import { until } from './support.js'
import { errorText } from '../support/error-text.js'

const START = Date.UTC(2025, 5, 2, 12, 0, 0)
/** How far the driver's clock moves each time nothing more can happen without it. */
const STEP_MS = 250
/** The driver's request deadline, all attempts together (`RestClient`'s `totalTimeoutMs`). */
const TOTAL_TIMEOUT_MS = 20_000
/** More answers spoiled than the driver makes attempts (1 + 3 retries), so every attempt meets one. */
const EVERY_ATTEMPT = 8

/** The signed call of the case: the account's balances, or a custody venue's vaults. */
function signedCall(module: AnyVenueModule): ((venue: Venue) => Observable<unknown>) | undefined {
  if (module.capabilities.trading !== undefined) {
    return (venue) => (venue.trading as NonNullable<Venue['trading']>).balances()
  }
  if (module.capabilities.custody !== undefined) {
    return (venue) => (venue.custody as NonNullable<Venue['custody']>).vaults$()
  }
  return undefined
}

/** What a call ended with, and how far the driver's clock moved meanwhile. */
interface Outcome {
  readonly error: unknown
  readonly elapsedMs: number
}

for (const module of SIMULATED_VENUES) {
  const call = signedCall(module)

  describe(`${module.id} conformance: (h) a hostile venue`, () => {
    let rig: Rig
    let clock: SteppedClock
    let client: Client
    const logged: string[] = []
    const seen: string[] = []
    /** Every request the driver sent, as it went on the wire. */
    const sent: HttpRequest[] = []
    /** The driver's requests on their way, each with how many the simulator held when it was sent. */
    const pending = new Set<{ readonly heldBefore: number }>()
    /** {@link held} of the test's simulator, once it runs. */
    let heldNow = () => 0
    let transport: HttpTransport

    const capture = (fields: LogFields | undefined): string =>
      fields === undefined ? '' : `${JSON.stringify(fields)}\n${inspect(fields, { depth: 10 })}`
    const line = (m: string, f?: LogFields) => logged.push(`${m} ${capture(f)}`)
    const logger = createLogger({
      level: 'trace',
      sink: { trace: line, debug: line, info: line, warn: line, error: line },
    })

    beforeEach(async function () {
      if (call === undefined) this.skip()
      heldNow = () => 0
      logged.length = 0
      seen.length = 0
      sent.length = 0
      pending.clear()
      const inner = createDefaultTransport()
      transport = {
        request: async (request, signal) => {
          sent.push(request)
          const entry = { heldBefore: heldNow() }
          pending.add(entry)
          try {
            return await firstValueFrom(from(inner.request(request, signal)))
          } finally {
            pending.delete(entry)
          }
        },
        close: () => inner.close?.() ?? Promise.resolve(),
      }
      clock = new SteppedClock(START)
      rig = await startRig(module, {
        seed: 23,
        simulator: { clock: { at: START } },
        driver: { scheduler: clock, logger, transport },
      })
      heldNow = held
      client = rig.clientWith({})
      client.events$().subscribe((e) => seen.push(JSON.stringify(e), inspect(e, { depth: 10 })))
      // the driver measures the venue clock and loads what it needs on a call the venue answers
      await firstValueFrom(call!(client.venue(rig.id)))
    })

    afterEach(async () => {
      await rig?.close()
      await transport?.close?.()
    })

    /** Requests the simulator has read and holds unanswered on purpose, so far. */
    const held = (): number =>
      rig.simEvents.seen.filter((e) => e.type === 'request' && e['status'] === 0).length

    /**
     * Nothing more happens until the driver's clock moves: no request of the driver is on its way or
     * being answered, short of the ones the simulator holds.
     */
    const idle = (): boolean => [...pending].every((p) => held() > p.heldBefore)

    /**
     * Runs the call against the venue with `kind` answered to every attempt, moving the driver's clock
     * whenever nothing more can happen without it; resolves with the error it failed with.
     */
    const failsWith = async (kind: HostileAnswer): Promise<Outcome> => {
      rig.sim.faults.hostileNext(kind, EVERY_ATTEMPT)
      const began = clock.now()
      let settled = false
      const result = firstValueFrom(call!(client.venue(rig.id))).then(
        () => ({ failed: false, error: undefined }),
        (error: unknown) => ({ failed: true, error }),
      )
      void result.finally(() => (settled = true))
      for (let steps = 0; ; steps++) {
        await until(() => settled || idle(), 'the call settled, or waiting on the clock')
        if (settled) break
        if (steps > 400) throw new Error(`${module.id}: the call has not settled after ${steps} steps`)
        clock.advance(STEP_MS)
        // what fell due may send a request after a turn of the event loop (signing)
        await new Promise((resolve) => setImmediate(resolve))
      }
      const { failed, error } = await result
      expect(failed, `the call succeeded against a venue answering ${kind}`).to.equal(true)
      seen.push(errorText(error))
      return { error, elapsedMs: clock.now() - began }
    }

    const expectVenueError = (error: unknown, kinds: readonly string[]): VenueError => {
      expect(error, inspect(error)).to.be.instanceOf(VenueError)
      const e = error as VenueError
      expect(e.venue).to.equal(module.id)
      expect(kinds, `kind of: ${e.message}`).to.include(e.kind)
      return e
    }

    it('a status-200 answer that is not JSON fails with decode', async () => {
      const { error } = await failsWith('not-json')
      expectVenueError(error, ['decode'])
    })

    it('a status-200 answer of the wrong shape fails with decode', async () => {
      const { error } = await failsWith('wrong-shape')
      expectVenueError(error, ['decode'])
    })

    it('an HTML page with status 502 fails with temporary, after the retries', async () => {
      const { error } = await failsWith('html-502')
      const e = expectVenueError(error, ['temporary'])
      expect(e.retryable).to.equal(true)
    })

    it('no answer fails with timeout within the request deadline, and close() is prompt after', async () => {
      const { error, elapsedMs } = await failsWith('no-answer')
      expectVenueError(error, ['timeout'])
      expect(elapsedMs).to.be.at.most(TOTAL_TIMEOUT_MS + STEP_MS)
    })

    it('close() with a call still waiting for an answer ends the call and completes', async () => {
      rig.sim.faults.hostileNext('no-answer', EVERY_ATTEMPT)
      // the transport the driver makes and owns, which its close() releases
      const owner = rig.clientWith({ transport: undefined })
      const pending = firstValueFrom(call!(owner.venue(rig.id)), { defaultValue: 'completed' }).then(
        (value) => (value === 'completed' ? value : 'answered'),
        (e: unknown) =>
          e instanceof VenueError
            ? `${e.kind}${e.retryable ? ' (retryable)' : ''}: ${/\bclosed\b/.test(e.message) ? 'closed' : e.message}`
            : 'untyped',
      )
      const mark = rig.simEvents.seen.length
      await until(
        () => rig.simEvents.seen.slice(mark).some((e) => e.type === 'request' && e['status'] === 0),
        'the call held by the venue',
      )
      const closed = owner.close().then(() => 'closed')
      expect(await closed).to.equal('closed')
      // a stream completes with its driver (Fordefi's vaults$); a call fails as one made after close,
      // never as a retryable network error from its aborted attempt
      expect(await pending, 'the call, once its client closed').to.equal(
        module.capabilities.trading === undefined ? 'completed' : 'invalid-request: closed',
      )
    })

    for (const kind of ['echo-200', 'echo-400', 'echo-502'] as const) {
      it(`an answer echoing the request (${kind}) shows no credential or signature`, async () => {
        const mark = sent.length
        const { error } = await failsWith(kind)
        expectVenueError(error, ['decode', 'invalid-request', 'auth', 'temporary'])
        const echoed = sent.slice(mark)
        expect(echoed.length, 'requests the venue echoed').to.be.greaterThan(0)
        const needles = new Map<string, string>()
        for (const [name, value] of Object.entries(rig.sim.clientOptions() as Record<string, unknown>)) {
          if (typeof value === 'string' && /key|secret|passphrase/i.test(name)) needles.set(value, name)
        }
        expect(needles.size, 'credentials of the venue').to.be.greaterThan(0)
        for (const request of echoed) {
          for (const [name, value] of Object.entries(request.headers)) {
            if (!CREDENTIAL_HEADER.test(name)) continue
            for (const part of credentialParts(value)) needles.set(part, `header ${name}`)
          }
          for (const [name, value] of new URL(request.url).searchParams) {
            if (/sign/i.test(name)) needles.set(value, `query ${name}`)
          }
        }
        const haystack = [...seen, ...logged].join('\n')
        expect(logged.length, 'log lines at trace').to.be.greaterThan(0)
        expect(haystack, 'the echo reached the error, scrubbed').to.include('[redacted]')
        const leaks = [...needles].filter(([needle]) => needle.length >= 12 && haystack.includes(needle))
        expect(
          leaks.map(([, what]) => what),
          'secrets shown',
        ).to.deep.equal([])
      })
    }
  })
}

/** Headers that carry a key, a signature, a passphrase or a token (every venue's names match). */
const CREDENTIAL_HEADER = /key|sign|auth|pass|token/i

/** The parts of a credential header's value that are secret: the value, a bearer token, a JWT's signature. */
function credentialParts(value: string): string[] {
  const parts = [value]
  const token = /^Bearer (.+)$/.exec(value)?.[1]
  if (token !== undefined) parts.push(token)
  const jwt = (token ?? value).split('.')
  if (jwt.length === 3 && jwt[2] !== undefined) parts.push(jwt[2])
  return parts
}
