/**
 * The limit on decode errors in the log loses no line that matters: each kind is limited on its own,
 * an account push is always at warn, and the count of those at debug is written a minute after the
 * warning (or on close), without waiting for another error.
 */
import { expect } from 'chai'
import * as t from 'io-ts'
import { of, VirtualTimeScheduler } from 'rxjs'
import { DecodeError } from '../../../lib/core/errors.js'
import { createLogger, type Logger } from '../../../lib/core/logging.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { accountPushError, logVenueEvent } from '../../../lib/venues/kit/event-log.js'
import { decodedPushes } from '../../../lib/venues/kit/decoded-pushes.js'
import { createVenueLifecycle } from '../../../lib/venues/kit/lifecycle.js'

function keptLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  const write =
    (level: string) =>
    (message: unknown): void =>
      void lines.push(`${level} ${String(message)}`)
  const sink = {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  }
  return { logger: createLogger({ sink, level: 'debug' }), lines }
}

const error = (context: string, path: string) =>
  new DecodeError({ context, paths: [path], raw: '{}', venue: 'bybit' })

const event = (channel: string, atMs: number, e: DecodeError): VenueEvent => ({
  type: 'decode-error',
  venue: 'bybit',
  channel,
  at: new Date(atMs),
  error: e,
})

const garbage = () => error('bybit frame', '(root): invalid JSON')
const levels = (lines: readonly string[]) => lines.map((line) => line.split(' ')[0])

describe('kit: decode errors in the log, by kind', () => {
  it('a different error on the same channel is at warn, though another was warned of within the minute', () => {
    const { logger, lines } = keptLogger()
    logVenueEvent(logger, event('public', 0, garbage()))
    logVenueEvent(logger, event('public', 100, garbage()))
    logVenueEvent(
      logger,
      event('public', 200, error('bybit tickers.BTCUSDT', 'data.lastPrice: expected decimal string, got 1')),
    )
    // indices aside: the same field of another item is the same kind
    logVenueEvent(
      logger,
      event('public', 300, error('bybit trade', 'data[0].p: expected decimal string, got 1')),
    )
    logVenueEvent(
      logger,
      event('public', 400, error('bybit trade', 'data[3].p: expected decimal string, got 2')),
    )
    expect(levels(lines)).to.deep.equal(['warn', 'debug', 'warn', 'warn', 'debug'])
  })

  it("an account push's decode error is always at warn: on the private channel, or one decodedPushes skipped", () => {
    const { logger, lines } = keptLogger()
    for (let at = 0; at < 5; at++) logVenueEvent(logger, event('private', at, garbage()))
    for (let at = 0; at < 3; at++)
      logVenueEvent(
        logger,
        event(
          'user-data',
          at,
          accountPushError(error('binance executionReport', 'z: expected decimal string')),
        ),
      )
    const host = {
      venue: 'binance' as const,
      secrets: [],
      emit: (body: unknown) =>
        logVenueEvent(logger, { ...(body as object), venue: 'binance', at: new Date(9) } as VenueEvent),
    }
    of({ e: 1 }, { e: 2 })
      .pipe(decodedPushes(host, 'user-data', 'binance executionReport', t.type({ e: t.string })))
      .subscribe()
    expect(levels(lines)).to.deep.equal(Array(10).fill('warn'))
  })

  it('writes the count a minute after the warning, from a timer on the venue scheduler; close writes what is pending', () => {
    const scheduler = new VirtualTimeScheduler(undefined, Infinity)
    const { logger, lines } = keptLogger()
    const life = createVenueLifecycle('bybit', scheduler, logger)
    const decodeError = () => life.emit({ type: 'decode-error', channel: 'public', error: garbage() })
    const at = (ms: number, run: () => void) => scheduler.schedule(run, ms)
    at(0, decodeError)
    at(1_000, decodeError)
    at(2_000, decodeError)
    at(61_000, () => lines.push('-- 61 s'))
    at(70_000, decodeError)
    at(71_000, decodeError)
    at(72_000, () => void life.close())
    at(200_000, () => lines.push('-- 200 s'))
    scheduler.flush()
    const warns = lines.filter((l) => !l.startsWith('debug')).map((l) => l.replace(/: cannot decode.*$/, ''))
    expect(warns).to.deep.equal([
      'warn public payload not understood',
      // written at 60 s, without waiting for the next error
      'warn public payload not understood (2 more since the last warning)',
      '-- 61 s',
      // at 70 s: 10 s after the last warning, counted; close writes the count
      'warn public payload not understood (2 more since the last warning)',
      '-- 200 s',
    ])
  })
})
