/**
 * A store whose database cannot be opened: a path that can never be opened is a configuration error
 * (invalid-request, not retryable, naming the path and the cause); a busy database is worth trying
 * again, and the next call does try again.
 */
import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { VenueError } from '../../lib/core/errors.js'
import { createOrderManager } from '../../lib/orders/index.js'
import { sqliteStore } from '../../lib/store/index.js'
import { openFailure } from '../../lib/store/open-failure.js'
import { clientOf, limitBuy, quietMock } from '../orders/support.js'

/** The error `run` rejects with; a success fails the test. */
async function failureOf(run: () => unknown): Promise<VenueError> {
  const outcome = await Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (e: unknown) => e,
    )
  expect(outcome).to.be.instanceOf(VenueError)
  return outcome as VenueError
}

describe('sqlite store: a database that cannot be opened', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rxvenue-open-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('in a directory that does not exist: invalid-request, not retryable, naming the path and the cause', async () => {
    const path = join(dir, 'missing', 'orders.db')
    const store = sqliteStore(path)
    const e = await failureOf(() => store.load())
    expect([e.kind, e.retryable]).to.deep.equal(['invalid-request', false])
    expect(e.message).to.equal(
      `sqliteStore cannot open ${path}: Cannot open database because the directory does not exist`,
    )
    store.close()
  })

  it('a file that is not a database: invalid-request, naming the path and the cause, the file left as it was', async () => {
    const path = join(dir, 'notes.txt')
    writeFileSync(path, 'not a database, '.repeat(100))
    const store = sqliteStore(path)
    const e = await failureOf(() => store.load())
    expect([e.kind, e.retryable]).to.deep.equal(['invalid-request', false])
    expect(e.message).to.equal(`sqliteStore cannot open ${path}: file is not a database (SQLITE_NOTADB)`)
    expect(readFileSync(path, 'utf8')).to.equal('not a database, '.repeat(100))
    store.close()
  })

  it('tries again on the next call, so a database that can open later does', async () => {
    const path = join(dir, 'later', 'orders.db')
    const store = sqliteStore(path)
    await failureOf(() => store.load())
    mkdirSync(join(dir, 'later'))
    expect((await store.load()).orders).to.deep.equal([])
    store.close()
  })

  it('a busy or locked database is temporary (retryable); other SQLite failures are configuration errors', () => {
    const sqliteError = (code: string) => Object.assign(new Error(`${code} happened`), { code })
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED', 'SQLITE_IOERR_READ']) {
      const e = openFailure('/db/orders.db', sqliteError(code))
      expect([e.kind, e.retryable], code).to.deep.equal(['temporary', true])
      expect(e.message).to.equal(
        `sqliteStore could not open /db/orders.db for now (${code}: ${code} happened)`,
      )
    }
    for (const code of [
      'SQLITE_CANTOPEN',
      'SQLITE_NOTADB',
      'SQLITE_PERM',
      'SQLITE_READONLY',
      'SQLITE_BUSYNESS',
    ]) {
      const e = openFailure('/db/orders.db', sqliteError(code))
      expect([e.kind, e.retryable], code).to.deep.equal(['invalid-request', false])
    }
    const refused = new VenueError({ kind: 'invalid-request', message: 'schema version 99' })
    expect(openFailure('/db/orders.db', refused)).to.equal(refused)
  })

  it('fails the order manager ready() with invalid-request, sends nothing, and works once the path does', async () => {
    const path = join(dir, 'later', 'orders.db')
    const mock = quietMock()
    const client = clientOf(mock)
    const manager = createOrderManager({ client, store: sqliteStore(path), venues: ['mock'] })
    try {
      const notReady = await failureOf(() => manager.ready())
      expect([notReady.kind, notReady.retryable]).to.deep.equal(['invalid-request', false])
      expect(notReady.message).to.contain(`sqliteStore cannot open ${path}`)
      const refused = await failureOf(() =>
        lastValueFrom(manager.place('mock', limitBuy('s1', '99.5', '0.1'))),
      )
      expect(refused.kind).to.equal('invalid-request')
      expect((await lastValueFrom(mock.trading.openOrders())).length, 'nothing sent').to.equal(0)
      // each command tries the store again
      mkdirSync(join(dir, 'later'))
      const placed = await firstValueFrom(manager.place('mock', limitBuy('s2', '99.5', '0.1')))
      expect(placed.status).to.equal('new')
    } finally {
      await manager.close()
      await client.close()
      await mock.close()
    }
  })
})
