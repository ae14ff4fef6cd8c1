import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Decimal } from '../../lib/core/decimal.js'
import type { Fill, Order } from '../../lib/core/model.js'
import { SQLITE_SCHEMA_VERSION, sqliteStore, type PositionSnapshot } from '../../lib/store/index.js'

const d = (x: string) => new Decimal(x)

describe('sqlite store', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rxvenue-sqlite-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps orders, fills, intents and positions exactly across a reopen, in WAL mode at the schema version', async () => {
    const path = join(dir, 'orders.db')
    const store = sqliteStore(path)
    const at = new Date(1_700_000_000_123)
    const order: Order = {
      venue: 'bybit',
      symbol: 'BTC/USDT',
      id: '42',
      clientOrderId: 'a1',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      price: d('65000.10'),
      quantity: d('0.000011'),
      filledQuantity: d('0'),
      status: 'new',
      createdAt: at,
      timestamp: at,
      rawTimestamp: '1700000000123',
    }
    const fill: Fill = {
      venue: 'bybit',
      symbol: 'BTC/USDT',
      tradeId: 't1',
      orderId: '42',
      clientOrderId: 'a1',
      side: 'buy',
      price: d('65000.1'),
      quantity: d('0.000011'),
      fee: d('0.000000011'),
      feeAsset: 'BTC',
      liquidity: 'maker',
      timestamp: at,
      rawTimestamp: 1_700_000_000_123,
    }
    await store.load() // opens: the first call waits for the driver
    await store.saveOrder(order)
    await store.saveOrder({ ...order, status: 'partially-filled', filledQuantity: d('0.000005') })
    await store.saveFill(fill)
    await store.saveIntent({
      venue: 'bybit',
      clientOrderId: 'a1',
      request: { ...order, clientOrderId: 'a1' },
      state: 'pending',
      createdAt: 5,
    })
    await store.saveIntent({
      venue: 'bybit',
      clientOrderId: 'a1',
      request: { ...order, clientOrderId: 'a1' },
      state: 'placed',
      createdAt: 5,
    })
    await store.savePosition({
      venue: 'bybit',
      symbol: 'BTC/USDT',
      quantity: d('0.000011'),
      cost: d('0.7150011'),
      quoteFlow: d('-0.7150011'),
      fees: { BTC: d('0.000000011') },
      fills: 1,
      updatedAt: 7,
    })
    await store.close()

    const again = await sqliteStore(path).load()
    expect(again.orders).to.have.length(1)
    expect(again.orders[0]?.status).to.equal('partially-filled')
    expect(again.orders[0]?.price?.toFixed()).to.equal('65000.1')
    expect(again.orders[0]?.rawTimestamp).to.equal('1700000000123')
    expect(again.orders[0]?.createdAt.getTime()).to.equal(at.getTime())
    expect(again.fills[0]?.fee.toFixed()).to.equal('0.000000011')
    expect(again.intents.map((i) => i.state)).to.deep.equal(['placed'])
    expect(again.intents[0]?.request.quantity?.toFixed()).to.equal('0.000011')
    expect(again.positions[0]?.fees['BTC']?.toFixed()).to.equal('0.000000011')

    const Database = createRequire(import.meta.url)('better-sqlite3') as new (p: string) => {
      pragma(s: string, o: { simple: boolean }): unknown
      close(): void
    }
    const raw = new Database(path)
    expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal')
    expect(raw.pragma('user_version', { simple: true })).to.equal(SQLITE_SCHEMA_VERSION)
    raw.pragma('user_version = 99', { simple: true })
    raw.close()
    let refused: unknown
    try {
      await sqliteStore(path).load()
    } catch (e) {
      refused = e
    }
    expect(String(refused)).to.contain('schema version 99')
  })

  it('keeps tripped kill switches across a reopen until each is reset', async () => {
    const path = join(dir, 'orders.db')
    const store = sqliteStore(path)
    expect((await store.load()).killSwitches).to.deep.equal([])
    await store.saveKillSwitch?.(undefined, { reason: 'operator halt', trippedAt: 1_700_000_000_123 })
    await store.saveKillSwitch?.('binance', {
      reason: 'stale fills',
      trippedAt: 1_700_000_000_200,
      venue: 'binance',
    })
    await store.saveKillSwitch?.(undefined, { reason: 'daily loss', trippedAt: 1_700_000_000_456 })
    await store.close()
    const reopened = sqliteStore(path)
    expect((await reopened.load()).killSwitches).to.deep.equal([
      { reason: 'stale fills', trippedAt: 1_700_000_000_200, venue: 'binance' },
      { reason: 'daily loss', trippedAt: 1_700_000_000_456 },
    ])
    await reopened.saveKillSwitch?.(undefined, undefined)
    await reopened.close()
    expect((await sqliteStore(path).load()).killSwitches).to.deep.equal([
      { reason: 'stale fills', trippedAt: 1_700_000_000_200, venue: 'binance' },
    ])
  })

  const orderRecord = (clientOrderId: string, status: Order['status']) => ({
    venue: 'binance',
    symbol: 'BTC/USDT' as const,
    id: `id-${clientOrderId}`,
    clientOrderId,
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    price: '65000',
    quantity: '0.01',
    filledQuantity: status === 'filled' ? '0.01' : '0',
    status,
    rawTimestamp: 5,
  })
  const orderOf = (clientOrderId: string, status: Order['status']): Order => ({
    ...orderRecord(clientOrderId, status),
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    price: d('65000'),
    quantity: d('0.01'),
    filledQuantity: d(status === 'filled' ? '0.01' : '0'),
    createdAt: new Date(1_700_000_000_000),
    timestamp: new Date(1_700_000_000_000),
  })

  it('reads at start-up the open orders, the newest finished, their intents, the pending ones and the newest fills; knows every fill', async () => {
    const path = join(dir, 'orders.db')
    const store = sqliteStore(path, { loadFinishedOrders: 2, loadFills: 2 })
    await store.load()
    const statuses = {
      o1: 'filled',
      o2: 'canceled',
      o3: 'new',
      o4: 'filled',
      o5: 'partially-filled',
    } as const
    for (const [id, status] of Object.entries(statuses)) await store.saveOrder(orderOf(id, status))
    for (const [id, state] of [
      ['o1', 'placed'],
      ['o3', 'pending'],
      ['o4', 'placed'],
      ['o5', 'placed'],
    ] as const) {
      const request = { ...orderOf(id, 'new'), clientOrderId: id }
      await store.saveIntent({ venue: 'binance', clientOrderId: id, request, state, createdAt: 5 })
    }
    const fills = ['f1', 'f2', 'f3', 'f4'].map((t, i) => ({ ...selfTrade(String(i), 'buy'), tradeId: t }))
    for (const f of fills) await store.saveFill(f)
    // o1 fills again: saved last, so the newest
    await store.saveOrder(orderOf('o1', 'filled'))
    await store.close()

    const reopened = sqliteStore(path, { loadFinishedOrders: 2, loadFills: 2 })
    const held = await reopened.load()
    expect(held.orders.map((o) => `${o.clientOrderId} ${o.status}`)).to.deep.equal([
      'o4 filled',
      'o1 filled',
      'o3 new',
      'o5 partially-filled',
    ])
    expect(held.intents.map((i) => `${i.clientOrderId} ${i.state}`).sort()).to.deep.equal([
      'o1 placed',
      'o3 pending',
      'o4 placed',
      'o5 placed',
    ])
    expect(held.fills.map((f) => f.tradeId)).to.deep.equal(['f3', 'f4'])
    expect(held.fillKeys).to.equal(undefined)
    expect(fills.map((f) => reopened.hasFill?.(f))).to.deep.equal([true, true, true, true])
    expect(reopened.hasFill?.({ ...fills[0]!, orderId: 'another' })).to.equal(false)
    // o2 is not read, but known; o6 never was
    expect(['o2', 'o3', 'o6'].map((id) => reopened.hasOrder?.('binance', id))).to.deep.equal([
      true,
      true,
      false,
    ])
    await reopened.close()
    expect(() => reopened.hasFill?.(fills[0]!)).to.throw(/not open/)
  })

  const selfTrade = (orderId: string, side: 'buy' | 'sell'): Fill => ({
    venue: 'binance',
    symbol: 'BTC/USDT',
    tradeId: '7',
    orderId,
    side,
    price: d('65000.1'),
    quantity: d('0.01'),
    fee: d('0.00001'),
    feeAsset: side === 'buy' ? 'BTC' : 'USDT',
    timestamp: new Date(1_700_000_000_000),
    rawTimestamp: 1_700_000_000_000,
  })

  it('saves a fill and the position it left both or neither', async () => {
    const path = join(dir, 'orders.db')
    const store = sqliteStore(path)
    const position: PositionSnapshot = {
      venue: 'binance',
      symbol: 'BTC/USDT',
      quantity: d('0.5'),
      cost: d('30000'),
      quoteFlow: d('-30000'),
      fees: {},
      fills: 1,
      updatedAt: 9,
    }
    await store.saveFillAndPosition?.(selfTrade('1', 'buy'), position)
    // a position that cannot be written (not a Decimal where one belongs): its fill is not written either
    const broken = { ...position, quantity: 'half' as unknown as Decimal }
    const refused = await Promise.resolve()
      .then(() => store.saveFillAndPosition?.(selfTrade('2', 'sell'), broken))
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(refused).to.be.instanceOf(Error)
    await store.close()
    const again = await sqliteStore(path).load()
    expect(again.fills.map((f) => f.orderId)).to.deep.equal(['1'])
    expect(again.positions.map((p) => p.quantity.toFixed())).to.deep.equal(['0.5'])
  })

  it('keeps both sides of a self-trade: two fills with one trade id', async () => {
    const path = join(dir, 'orders.db')
    const store = sqliteStore(path)
    await store.saveFill(selfTrade('1', 'buy'))
    await store.saveFill(selfTrade('2', 'sell'))
    await store.saveFill(selfTrade('2', 'sell')) // delivered twice: one row
    await store.saveBaseline?.({ scope: 'binance', day: 20_000, pnl: d('-1.5') })
    await store.saveBaseline?.({ scope: 'binance', day: 20_001, pnl: d('-2.25') })
    await store.close()
    const again = await sqliteStore(path).load()
    expect(again.fills.map((f) => `${f.tradeId} ${f.orderId} ${f.side}`)).to.deep.equal([
      '7 1 buy',
      '7 2 sell',
    ])
  })

  it('migrates a database of schema version 1, keeping its fills in order', async () => {
    const path = join(dir, 'orders.db')
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (p: string) => {
      exec(sql: string): void
      prepare(sql: string): { run(...p: unknown[]): unknown }
      pragma(s: string, o: { simple: boolean }): unknown
      close(): void
    }
    const v1 = new Database(path)
    v1.exec(`CREATE TABLE orders (venue TEXT NOT NULL, client_order_id TEXT NOT NULL, record TEXT NOT NULL,
       PRIMARY KEY (venue, client_order_id));
     CREATE TABLE fills (venue TEXT NOT NULL, symbol TEXT NOT NULL, trade_id TEXT NOT NULL, record TEXT NOT NULL,
       PRIMARY KEY (venue, symbol, trade_id));
     CREATE TABLE intents (venue TEXT NOT NULL, client_order_id TEXT NOT NULL, state TEXT NOT NULL,
       record TEXT NOT NULL, PRIMARY KEY (venue, client_order_id));
     CREATE TABLE positions (venue TEXT NOT NULL, symbol TEXT NOT NULL, record TEXT NOT NULL,
       PRIMARY KEY (venue, symbol));`)
    v1.pragma('user_version = 1', { simple: true })
    const insert = v1.prepare('INSERT INTO fills (venue, symbol, trade_id, record) VALUES (?, ?, ?, ?)')
    const encoded = (f: Fill) =>
      JSON.stringify({
        ...f,
        price: f.price.toFixed(),
        quantity: f.quantity.toFixed(),
        fee: f.fee.toFixed(),
        timestamp: f.timestamp.getTime(),
      })
    insert.run('binance', 'BTC/USDT', '9', encoded({ ...selfTrade('3', 'buy'), tradeId: '9' }))
    insert.run('binance', 'BTC/USDT', '7', encoded(selfTrade('1', 'buy')))
    const order = v1.prepare('INSERT INTO orders (venue, client_order_id, record) VALUES (?, ?, ?)')
    for (const [id, status] of [
      ['done', 'filled'],
      ['resting', 'partially-filled'],
    ] as const)
      order.run('binance', id, JSON.stringify({ ...orderRecord(id, status), createdAt: 5, timestamp: 5 }))
    v1.close()

    const store = sqliteStore(path)
    await store.saveFill(selfTrade('2', 'sell'))
    await store.close()
    const again = await sqliteStore(path).load()
    expect(again.fills.map((f) => `${f.tradeId} ${f.orderId}`)).to.deep.equal(['9 3', '7 1', '7 2'])
    // the orders' open column was filled from their records
    const open = await sqliteStore(path, { loadFinishedOrders: 0 }).load()
    expect(open.orders.map((o) => o.clientOrderId)).to.deep.equal(['resting'])
    const raw = new Database(path)
    expect(raw.pragma('user_version', { simple: true })).to.equal(SQLITE_SCHEMA_VERSION)
    raw.close()
  })

  it('a refused placement (intent failed, order rejected) leaves its client order id free', async () => {
    const store = sqliteStore(join(dir, 'orders.db'))
    await store.load()
    const at = new Date(1_700_000_000_000)
    const order: Order = {
      venue: 'bybit',
      symbol: 'BTC/USDT',
      clientOrderId: 'r1',
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      price: d('60000'),
      quantity: d('0.1'),
      filledQuantity: d('0'),
      status: 'rejected',
      createdAt: at,
      timestamp: at,
      rawTimestamp: '1700000000000',
    }
    const intent = (clientOrderId: string, state: 'failed' | 'pending' | 'absent') => ({
      venue: 'bybit',
      clientOrderId,
      request: { ...order, clientOrderId },
      state,
      createdAt: at.getTime(),
    })
    await store.saveIntent(intent('r1', 'failed'))
    await store.saveOrder(order)
    await store.saveIntent(intent('r2', 'failed'))
    await store.saveOrder({ ...order, clientOrderId: 'r2', status: 'new' }) // the venue has it after all
    await store.saveIntent(intent('r3', 'pending'))
    // found absent once it could no longer land: free too, unless the venue reported it since
    await store.saveIntent(intent('r5', 'absent'))
    await store.saveOrder({ ...order, clientOrderId: 'r5' })
    await store.saveIntent(intent('r6', 'absent'))
    await store.saveIntent(intent('r7', 'absent'))
    await store.saveOrder({ ...order, clientOrderId: 'r7', status: 'new' })
    expect(
      ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'].map((id) => store.hasOrder?.('bybit', id)),
    ).to.deep.equal([false, true, true, false, false, false, true])
    await store.close()
  })
})
