/**
 * `sqliteStore`: the order store in an embedded SQLite database (better-sqlite3, an optional peer
 * dependency loaded on first use), in WAL mode, with a schema version and migrations.
 */
import type * as t from 'io-ts'
import { decode } from '../codec/decode.js'
import { VenueError } from '../core/errors.js'
import { isOpen } from '../core/order-status.js'
import type { Fill, Order, VenueId } from '../core/model.js'
import type {
  DailyBaseline,
  FillIdentity,
  KillSwitchRecord,
  MaybePromise,
  OrderIntent,
  OrderStore,
  PositionSnapshot,
  StoreContents,
} from './order-store.js'
import {
  BaselineRecord,
  FillRecord,
  IntentRecord,
  KillSwitchStored,
  OrderRecord,
  PositionRecord,
} from './records.js'
import { openFailure } from './open-failure.js'
import { keptCount } from './retention.js'

/** The part of a better-sqlite3 database this store uses (so its types are not needed to build). */
interface Database {
  pragma(source: string, options?: { simple: boolean }): unknown
  exec(source: string): unknown
  prepare(source: string): Statement
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void
  close(): unknown
}
interface Statement {
  run(...params: unknown[]): unknown
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
}
type DatabaseCtor = new (path: string) => Database

/**
 * Each migration takes the schema from its index to the next version; the database's `user_version`
 * says how many ran. Only ever append.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE orders (venue TEXT NOT NULL, client_order_id TEXT NOT NULL, record TEXT NOT NULL,
     PRIMARY KEY (venue, client_order_id));
   CREATE TABLE fills (venue TEXT NOT NULL, symbol TEXT NOT NULL, trade_id TEXT NOT NULL, record TEXT NOT NULL,
     PRIMARY KEY (venue, symbol, trade_id));
   CREATE TABLE intents (venue TEXT NOT NULL, client_order_id TEXT NOT NULL, state TEXT NOT NULL,
     record TEXT NOT NULL, PRIMARY KEY (venue, client_order_id));
   CREATE TABLE positions (venue TEXT NOT NULL, symbol TEXT NOT NULL, record TEXT NOT NULL,
     PRIMARY KEY (venue, symbol));`,
  // a fill is one order's side of a trade: both sides of a self-trade share the trade id
  `CREATE TABLE fills_by_order (venue TEXT NOT NULL, symbol TEXT NOT NULL, trade_id TEXT NOT NULL,
     order_id TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (venue, symbol, trade_id, order_id));
   INSERT INTO fills_by_order SELECT venue, symbol, trade_id, json_extract(record, '$.orderId'), record
     FROM fills ORDER BY rowid;
   DROP TABLE fills;
   ALTER TABLE fills_by_order RENAME TO fills;`,
  `CREATE TABLE baselines (scope TEXT NOT NULL PRIMARY KEY, record TEXT NOT NULL);`,
  // a row a tripped kill switch: scope '*' for every venue's, else the venue's; none once reset
  `CREATE TABLE kill_switches (scope TEXT NOT NULL PRIMARY KEY, record TEXT NOT NULL);`,
  // start-up reads the open orders, the newest finished ones and the pending intents, not every record
  `ALTER TABLE orders ADD COLUMN open INTEGER NOT NULL DEFAULT 0;
   UPDATE orders SET open = json_extract(record, '$.status') NOT IN ('filled', 'canceled', 'rejected', 'expired');
   CREATE INDEX orders_by_open ON orders (open);
   CREATE INDEX intents_by_state ON intents (state);`,
]

/**
 * The schema version this code writes (SQLite's `user_version`); a database of a newer version is refused.
 *
 * @example
 * new Database('orders.db').pragma('user_version', { simple: true }) === SQLITE_SCHEMA_VERSION
 */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length

/**
 * Options of {@link sqliteStore}: how much of the history `load()` reads at start-up. The database
 * keeps every record; fills not read are still told from new ones (`hasFill` asks the database).
 *
 * @example
 * sqliteStore('orders.db', { loadFinishedOrders: 1_000, loadFills: 1_000 })
 */
export interface SqliteStoreOptions {
  /** Finished orders read at start-up, those saved last (every open one is read). Default 10 000. */
  readonly loadFinishedOrders?: number | undefined
  /** Fills read at start-up, those saved last. Default 10 000. */
  readonly loadFills?: number | undefined
}

/**
 * An {@link OrderStore} in the SQLite database at `path` (made when missing). better-sqlite3 12.x is
 * loaded on the first call, so programs that never store orders never need it: install it beside
 * rxvenue (`npm install better-sqlite3`). The database runs in WAL mode; an older schema is migrated
 * on open, a newer one is refused. The first call answers with a promise (the driver loads); once
 * open, every call is synchronous, so an intent is on disk before the order is sent. It keeps every
 * order and fill; `load()` reads the open orders, the newest finished ones and fills, the pending
 * intents and the intents of the orders read, so a start-up costs the same after a year as after a day.
 * A path that cannot be opened (no such directory, a file that is not a database) fails with
 * `invalid-request` naming it; a busy or locked database with `temporary`, and the next call tries again.
 *
 * @example
 * const manager = createOrderManager({ client, store: sqliteStore('./orders.db'), venues: ['bybit'] })
 * await manager.ready() // open intents of a crashed run are looked up, never sent again
 */
export function sqliteStore(path: string, options: SqliteStoreOptions = {}): OrderStore {
  const loadFinished = keptCount('loadFinishedOrders', options.loadFinishedOrders, 10_000)
  const loadFills = keptCount('loadFills', options.loadFills, 10_000)
  // SQLite's LIMIT takes -1 for no limit
  const limit = (n: number) => (n === Infinity ? -1 : n)
  let db: Database | undefined
  let opening: Promise<Database> | undefined
  let statements: ReturnType<typeof prepare> | undefined
  let closed = false

  const open = (): Promise<Database> =>
    (opening ??= loadDriver()
      .then((Ctor) => {
        let d: Database | undefined
        try {
          d = new Ctor(path)
          d.pragma('journal_mode = WAL')
          // a killed process loses nothing the OS has: NORMAL is durable across process crashes in WAL mode
          d.pragma('synchronous = NORMAL')
          migrate(d, path)
          statements = prepare(d)
        } catch (e) {
          d?.close()
          throw openFailure(path, e)
        }
        db = d
        return d
      })
      .catch((e: unknown) => {
        // the next call tries again: a database busy now may open later
        opening = undefined
        throw e
      }))

  const run = <T>(work: (s: ReturnType<typeof prepare>) => T): MaybePromise<T> => {
    if (closed) throw new VenueError({ kind: 'invalid-request', message: `the store ${path} is closed` })
    if (db !== undefined && statements !== undefined) return work(statements)
    return open().then(() => work(statements as ReturnType<typeof prepare>))
  }

  // the statements, for the questions answered at once: the order manager asks only once `load()` has
  // opened the database
  const openNow = () => {
    if (statements === undefined || closed) {
      throw new VenueError({ kind: 'invalid-request', message: `the store ${path} is not open` })
    }
    return statements
  }

  return {
    load: () =>
      run((s): StoreContents => {
        const orders = [
          ...rows(s.finishedOrders.all(limit(loadFinished)), OrderRecord, 'order'),
          ...rows(s.openOrders.all(), OrderRecord, 'order'),
        ]
        const pending = rows(s.pendingIntents.all(), IntentRecord, 'intent')
        const pendingKeys = new Set(pending.map((i) => `${i.venue} ${i.clientOrderId}`))
        const settled = orders.flatMap((o) => {
          if (pendingKeys.has(`${o.venue} ${o.clientOrderId}`)) return []
          const row = s.intent.get(o.venue, o.clientOrderId)
          return row === undefined ? [] : rows([row], IntentRecord, 'intent')
        })
        return {
          orders,
          fills: rows(s.fills.all(limit(loadFills)), FillRecord, 'fill'),
          intents: [...settled, ...pending],
          positions: rows(s.positions.all(), PositionRecord, 'position'),
          baselines: rows(s.baselines.all(), BaselineRecord, 'daily baseline'),
          killSwitches: rows(s.killSwitches.all(), KillSwitchStored, 'kill switch'),
        }
      }),
    saveIntent: (i: OrderIntent) =>
      run((s) => void s.saveIntent.run(i.venue, i.clientOrderId, i.state, text(IntentRecord, i))),
    saveOrder: (o: Order) =>
      run(
        (s) => void s.saveOrder.run(o.venue, o.clientOrderId, isOpen(o.status) ? 1 : 0, text(OrderRecord, o)),
      ),
    saveFill: (f: Fill) =>
      run((s) => void s.saveFill.run(f.venue, f.symbol, f.tradeId, f.orderId, text(FillRecord, f))),
    hasFill: (f: FillIdentity) =>
      openNow().hasFill.get(f.venue, f.symbol, f.tradeId, f.orderId) !== undefined,
    hasOrder: (venue: VenueId, clientOrderId: string) =>
      openNow().hasOrder.get(venue, clientOrderId, venue, clientOrderId) !== undefined,
    savePosition: (p: PositionSnapshot) =>
      run((s) => void s.savePosition.run(p.venue, p.symbol, text(PositionRecord, p))),
    saveFillAndPosition: (f: Fill, p: PositionSnapshot) =>
      run((s) => {
        const fill = text(FillRecord, f)
        const position = text(PositionRecord, p)
        ;(db as Database).transaction(() => {
          s.saveFill.run(f.venue, f.symbol, f.tradeId, f.orderId, fill)
          s.savePosition.run(p.venue, p.symbol, position)
        })()
      }),
    saveBaseline: (b: DailyBaseline) => run((s) => void s.saveBaseline.run(b.scope, text(BaselineRecord, b))),
    saveKillSwitch: (venue: VenueId | undefined, k: KillSwitchRecord | undefined) =>
      run((s) => {
        const scope = venue ?? '*'
        if (k === undefined) s.resetKillSwitch.run(scope)
        else s.tripKillSwitch.run(scope, text(KillSwitchStored, k))
      }),
    close: () => {
      if (closed) return
      closed = true
      db?.close()
      db = undefined
    },
  }
}

async function loadDriver(): Promise<DatabaseCtor> {
  try {
    const name = 'better-sqlite3'
    const loaded = (await import(name)) as { default?: DatabaseCtor } & DatabaseCtor
    return loaded.default ?? loaded
  } catch (e) {
    throw new VenueError({
      kind: 'invalid-request',
      message: 'sqliteStore needs better-sqlite3 12.x: npm install better-sqlite3',
      cause: e,
    })
  }
}

function migrate(d: Database, path: string): void {
  const version = d.pragma('user_version', { simple: true }) as number
  if (version > MIGRATIONS.length) {
    throw new VenueError({
      kind: 'invalid-request',
      message: `${path} has schema version ${version}, newer than this rxvenue's ${MIGRATIONS.length}`,
    })
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    d.transaction(() => {
      d.exec(MIGRATIONS[v] ?? '')
      d.pragma(`user_version = ${v + 1}`)
    })()
  }
}

function prepare(d: Database) {
  const upsert = (table: string, columns: readonly string[]) =>
    d.prepare(
      `INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    )
  return {
    openOrders: d.prepare('SELECT record FROM orders WHERE open = 1 ORDER BY rowid'),
    // the newest finished, oldest first
    finishedOrders: d.prepare(
      'SELECT record FROM (SELECT rowid AS r, record FROM orders WHERE open = 0 ORDER BY rowid DESC LIMIT ?) ORDER BY r',
    ),
    fills: d.prepare(
      'SELECT record FROM (SELECT rowid AS r, record FROM fills ORDER BY rowid DESC LIMIT ?) ORDER BY r',
    ),
    hasFill: d.prepare(
      'SELECT 1 FROM fills WHERE venue = ? AND symbol = ? AND trade_id = ? AND order_id = ?',
    ),
    hasOrder: d.prepare(
      // a placement that placed nothing (its intent failed or absent, its order rejected): its id is free
      `SELECT 1 FROM orders o WHERE o.venue = ? AND o.client_order_id = ?
         AND NOT (json_extract(o.record, '$.status') = 'rejected' AND EXISTS (SELECT 1 FROM intents i
           WHERE i.venue = o.venue AND i.client_order_id = o.client_order_id AND i.state IN ('failed', 'absent')))
       UNION ALL SELECT 1 FROM intents WHERE venue = ? AND client_order_id = ? AND state NOT IN ('failed', 'absent') LIMIT 1`,
    ),
    pendingIntents: d.prepare("SELECT record FROM intents WHERE state = 'pending' ORDER BY rowid"),
    intent: d.prepare('SELECT record FROM intents WHERE venue = ? AND client_order_id = ?'),
    positions: d.prepare('SELECT record FROM positions ORDER BY rowid'),
    baselines: d.prepare('SELECT record FROM baselines ORDER BY rowid'),
    saveOrder: upsert('orders', ['venue', 'client_order_id', 'open', 'record']),
    saveFill: upsert('fills', ['venue', 'symbol', 'trade_id', 'order_id', 'record']),
    saveIntent: upsert('intents', ['venue', 'client_order_id', 'state', 'record']),
    savePosition: upsert('positions', ['venue', 'symbol', 'record']),
    saveBaseline: upsert('baselines', ['scope', 'record']),
    killSwitches: d.prepare('SELECT record FROM kill_switches ORDER BY rowid'),
    tripKillSwitch: upsert('kill_switches', ['scope', 'record']),
    resetKillSwitch: d.prepare('DELETE FROM kill_switches WHERE scope = ?'),
  }
}

function text<A>(codec: t.Encoder<A, unknown>, value: A): string {
  return JSON.stringify(codec.encode(value))
}

function rows<A>(list: readonly unknown[], codec: t.Decoder<unknown, A>, what: string): A[] {
  return list.map((row) => {
    const record = (row as { record?: unknown }).record
    return decode(codec, typeof record === 'string' ? JSON.parse(record) : record, `stored ${what}`)
  })
}
