import { expect } from 'chai'
import { DecodeError } from '../../../lib/core/errors.js'
import { createLogger, type Logger } from '../../../lib/core/logging.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { logVenueEvent } from '../../../lib/venues/kit/event-log.js'

/** A logger at debug whose lines are kept as `<level> <message>`. */
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

const decodeError = (channel: string, atMs: number): VenueEvent => ({
  type: 'decode-error',
  venue: 'bybit',
  channel,
  at: new Date(atMs),
  error: new DecodeError({
    context: 'bybit frame',
    paths: ['(root): invalid JSON'],
    raw: 'garbage{{{',
    venue: 'bybit',
  }),
})

describe('kit: decode errors in the log', () => {
  it('the first of each channel at warn, then at most one warn a minute with the count between; the rest at debug', () => {
    const { logger, lines } = keptLogger()
    // a socket sending garbage every 200 ms for two minutes
    for (let at = 0; at <= 120_000; at += 200) logVenueEvent(logger, decodeError('public', at))
    logVenueEvent(logger, decodeError('rest', 5_000))
    const warns = lines.filter((line) => line.startsWith('warn'))
    expect(warns.map((line) => line.replace(/^(warn .*?)(: cannot decode.*)$/, '$1'))).to.deep.equal([
      'warn public payload not understood',
      // 299 frames between 0 and 60 000, then 299 more until 120 000
      'warn public payload not understood (299 more since the last warning)',
      'warn public payload not understood (299 more since the last warning)',
      'warn rest payload not understood',
    ])
    expect(lines.filter((line) => line.startsWith('debug'))).to.have.length(601 - 3)
  })

  it('counts per logger: another driver warns of its own first decode error', () => {
    const first = keptLogger()
    const second = keptLogger()
    logVenueEvent(first.logger, decodeError('public', 0))
    logVenueEvent(second.logger, decodeError('public', 100))
    expect([first.lines, second.lines].map((lines) => lines[0]?.split(' ')[0])).to.deep.equal([
      'warn',
      'warn',
    ])
  })
})
