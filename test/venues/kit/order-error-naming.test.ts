/**
 * An order command's error names its order once, and a placement whose lookups keep failing warns once
 * (virtual time).
 */
import { expect } from 'chai'
import { asyncScheduler, catchError, firstValueFrom, of, throwError } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { VenueError } from '../../../lib/core/errors.js'
import { createLogger, type LogSink } from '../../../lib/core/logging.js'
import { namingClientOrderId } from '../../../lib/venues/kit/trading/order-error.js'
import { placeWithoutDuplicates } from '../../../lib/venues/kit/trading/place-without-duplicates.js'

const refusal = (message: string) => new VenueError({ kind: 'invalid-request', venue: 'bybit', message })

async function named(message: string, clientOrderId: string): Promise<string> {
  const e = await firstValueFrom(
    throwError(() => refusal(message)).pipe(namingClientOrderId(clientOrderId, 'bybit')),
  ).catch((x: unknown) => x as VenueError)
  expect(e).to.have.property('clientOrderId', clientOrderId)
  return e.message
}

describe('kit: errors naming the order', () => {
  it('prefixes a message with the order', async () => {
    expect(await named('POST /v5/order/create: rate limited', 'g-1')).to.equal(
      'order g-1: POST /v5/order/create: rate limited',
    )
  })

  it('puts the id after the "order" a message starts with, not a second "order" before it', async () => {
    expect(await named('order buy BTC/USDT refused before sending: quantity must be > 0', 'funds')).to.equal(
      'order funds buy BTC/USDT refused before sending: quantity must be > 0',
    )
  })

  it('leaves a message that already starts with the order as it is', async () => {
    expect(await named('order g-1: not sent within its deadline', 'g-1')).to.equal(
      'order g-1: not sent within its deadline',
    )
  })
})

describe('kit: lookups after a failed placement', () => {
  it('warn once when they keep failing, then log at debug', () => {
    const lines: { level: string; message: string }[] = []
    const sink: LogSink = {
      trace: () => undefined,
      debug: (message) => void lines.push({ level: 'debug', message }),
      info: () => undefined,
      warn: (message) => void lines.push({ level: 'warn', message }),
      error: (message) => void lines.push({ level: 'error', message }),
    }
    const log = createLogger({ sink, level: 'debug' })
    const scheduler = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b)
    })
    let lookups = 0
    scheduler.run(({ cold, expectObservable }) => {
      const placed$ = placeWithoutDuplicates({
        venue: 'bybit',
        clientOrderId: 'cid-1',
        create: () =>
          cold('10ms #', {}, new VenueError({ kind: 'timeout', venue: 'bybit', message: 'no answer' })),
        lookup: () => {
          lookups++
          return cold('5ms #', {}, new VenueError({ kind: 'circuit-open', venue: 'bybit', message: 'open' }))
        },
        now: () => asyncScheduler.now(),
        recvWindowMs: 1000,
        scheduler: asyncScheduler,
        log,
        options: { graceMs: 0, giveUpAfterMs: 10_000 },
        deadlineMs: 5000,
        calledAt: 0,
      })
      // given up once the lookups stayed inconclusive past giveUpAfterMs: the outcome is unknown
      expectObservable(placed$.pipe(catchError((e: VenueError) => of(e.kind)))).toBe('11805ms (k|)', {
        k: 'timeout',
      })
    })
    const failures = lines.filter((l) => l.message.startsWith('order lookup failed'))
    expect(lookups).to.be.greaterThan(3)
    expect(failures.filter((l) => l.level === 'warn')).to.have.length(1)
    expect(failures.filter((l) => l.level === 'debug')).to.have.length(lookups - 1)
  })
})
