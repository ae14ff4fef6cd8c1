/**
 * The kit's units shared by Coinbase and Prime: order statuses by table, listing entries decoded one by
 * one, a heartbeats channel held while a stream is watched, an order's id looked up.
 */
import { expect } from 'chai'
import * as t from 'io-ts'
import { firstValueFrom, lastValueFrom, NEVER, of, Subject, throwError, toArray } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Logger } from '../../../lib/core/logging.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { Order } from '../../../lib/core/model.js'
import { cursorPages } from '../../../lib/venues/kit/cursor-pages.js'
import { decodedEntries } from '../../../lib/venues/kit/decoded-entries.js'
import { holding } from '../../../lib/venues/kit/held-topic.js'
import { orderIdOf } from '../../../lib/venues/kit/trading/order-id.js'
import { orderStatusBy } from '../../../lib/venues/kit/trading/status-table.js'
import { unknownAsUndefined } from '../../../lib/venues/kit/trading/unknown-order.js'
import { channelAck } from '../../../lib/venues/kit/trading/totals-channel.js'

const d = (v: string) => new Decimal(v)

describe('kit: the Coinbase family', () => {
  it('reads an open order as new or partially filled by what filled; an unlisted status is the fallback', () => {
    const table = { OPEN: 'open', FILLED: 'filled' } as const
    expect(orderStatusBy(table, 'open', d('0'), undefined)).to.equal('new')
    expect(orderStatusBy(table, 'OPEN', d('0.1'), undefined)).to.equal('partially-filled')
    expect(orderStatusBy(table, 'FILLED', d('1'), undefined)).to.equal('filled')
    expect(orderStatusBy(table, 'QUEUED', d('0'), undefined)).to.equal(undefined)
    expect(orderStatusBy(table, 'QUEUED', d('0'), 'pending-new')).to.equal('pending-new')
  })

  it('keeps the entries that decode and warns of each other one', () => {
    const warned: string[] = []
    const logger: Logger = { ...silentLogger, warn: (message: string) => void warned.push(message) }
    const codec = t.type({ id: t.string })
    expect(
      decodedEntries('prime', 'product', codec, [{ id: 'A' }, { id: 1 }, { id: 'B' }], logger),
    ).to.deep.equal([{ id: 'A' }, { id: 'B' }])
    expect(warned).to.deep.equal(['prime product left out'])
  })

  it('holds the heartbeats while a stream is watched, and fails the stream with their error', () => {
    const heartbeats = new Subject<never>()
    const watched = holding(heartbeats)
    const errors: unknown[] = []
    const s = watched(NEVER).subscribe({ error: (e: unknown) => errors.push(e) })
    expect(heartbeats.observed).to.equal(true)
    s.unsubscribe()
    expect(heartbeats.observed).to.equal(false)
    watched(NEVER).subscribe({ error: (e: unknown) => errors.push(e) })
    heartbeats.error(new Error('gone'))
    expect(errors.map((e) => (e as Error).message)).to.deep.equal(['gone'])
  })

  it("takes the ref's id, else the id of the order a lookup finds; not-found when none", async () => {
    const order = { id: 'o-9' } as Order
    const idOf = orderIdOf('prime', (ref) => of(ref.clientOrderId === 'c-1' ? order : undefined))
    expect(await firstValueFrom(idOf({ symbol: 'BTC/USD', id: 'o-1' }))).to.equal('o-1')
    expect(await firstValueFrom(idOf({ symbol: 'BTC/USD', clientOrderId: 'c-1' }))).to.equal('o-9')
    const missing = await firstValueFrom(idOf({ symbol: 'BTC/USD', clientOrderId: 'c-2' })).catch(
      (e: unknown) => e,
    )
    expect(missing).to.have.property('kind', 'not-found')
  })

  it('walks pages by cursor until a page says there is no next, or names none', async () => {
    const pages: Record<string, { items: number[]; cursor: string; has_next?: boolean }> = {
      start: { items: [1, 2], cursor: 'b', has_next: true },
      b: { items: [3], cursor: 'c', has_next: false },
      c: { items: [4], cursor: '' },
    }
    const asked: string[] = []
    const walk = (more: boolean) =>
      lastValueFrom(
        cursorPages(
          (cursor) => {
            asked.push(cursor ?? 'start')
            return of(pages[cursor ?? 'start'] ?? { items: [], cursor: '' })
          },
          (p) => ({ items: p.items, next: p.cursor, more: more ? p.has_next : undefined }),
        ).pipe(toArray()),
      )
    expect(await walk(true)).to.deep.equal([1, 2, 3])
    expect(await walk(false)).to.deep.equal([1, 2, 3, 4])
    expect(asked).to.deep.equal(['start', 'b', 'start', 'b', 'c'])
  })

  it('reads a lookup refused as not found as nothing found; any other refusal fails it', async () => {
    const refused = (kind: 'not-found' | 'invalid-request', code?: string) =>
      throwError(() => new VenueError({ kind, venue: 'coinbase', message: 'no', code }))
    const read = (e: ReturnType<typeof refused>) =>
      lastValueFrom(e.pipe(unknownAsUndefined('coinbase', ['UNKNOWN_ORDER']))).catch((x: unknown) => x)
    expect(await read(refused('not-found'))).to.equal(undefined)
    expect(await read(refused('invalid-request', 'UNKNOWN_ORDER'))).to.equal(undefined)
    expect(await read(refused('invalid-request', 'OTHER'))).to.have.property('kind', 'invalid-request')
  })

  it('takes an error frame as the refusal of the signed channel', () => {
    expect(channelAck('orders')({ channel: 'subscriptions', events: [] })).to.deep.equal({ ok: true })
    expect(channelAck('orders')({ type: 'error', message: 'authentication failure' })).to.deep.equal({
      ok: false,
      keys: ['orders'],
      reason: 'authentication failure',
      kind: 'auth',
    })
    expect(channelAck('orders')({ channel: 'heartbeats' })).to.equal(undefined)
  })
})
