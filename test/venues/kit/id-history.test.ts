import { expect } from 'chai'
import { firstValueFrom, of, toArray } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { idHistory, type IdHistory } from '../../../lib/venues/kit/id-history.js'

const HOUR = 3_600_000

/** Records numbered 1.. at the given times; pages of `limit`. */
function venue(times: readonly number[], limit = 3) {
  const records = times.map((t, i) => ({ id: i + 1, t }))
  const asked: string[] = []
  const source: IdHistory<{ id: number; t: number }> = {
    venue: 'binance',
    what: 'BTC/USDT trades',
    windowMs: HOUR,
    byTime: (start, end) => {
      asked.push(`time ${start}-${end}`)
      return of(records.filter((r) => r.t >= start && r.t <= end).slice(0, limit))
    },
    byId: (fromId) => {
      asked.push(`id ${fromId}`)
      return of(records.filter((r) => r.id >= fromId).slice(0, limit))
    },
    earliest: () => {
      asked.push('earliest')
      return of(records[0]?.t)
    },
    id: (r) => r.id,
    time: (r) => r.t,
  }
  return { source, asked }
}

describe('idHistory', () => {
  it('finds the first window with records by time (after the earliest record says the range is not before it), then follows ids until a record at or after `to`', async () => {
    const { source, asked } = venue([10, 20, HOUR + 40, HOUR + 50, HOUR + 60, 3 * HOUR, 4 * HOUR])
    const got = await firstValueFrom(idHistory(source, 30, 3 * HOUR).pipe(toArray()))
    expect(got.map((r) => r.id)).to.deep.equal([3, 4, 5])
    expect(asked).to.deep.equal([
      `time 30-${HOUR + 29}`,
      'earliest',
      `time ${HOUR + 30}-${2 * HOUR + 29}`,
      'id 6',
    ])
  })

  it('pages by id from the first window that has records, each record once', async () => {
    const { source } = venue([0, 1, 2, 3, 4, 5, 6])
    const got = await firstValueFrom(idHistory(source, 0, HOUR).pipe(toArray()))
    expect(got.map((r) => r.id)).to.deep.equal([1, 2, 3, 4, 5, 6, 7])
  })

  it('refuses a range from before the venue’s first record, naming it', async () => {
    const { source } = venue([5 * HOUR])
    const error = await firstValueFrom(idHistory(source, 0, 6 * HOUR)).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(VenueError)
    expect((error as VenueError).kind).to.equal('invalid-request')
    expect((error as VenueError).message).to.equal(
      `binance has no BTC/USDT trades before ${new Date(5 * HOUR).toISOString()}, its earliest; the range asked starts at ${new Date(0).toISOString()}`,
    )
  })
})
