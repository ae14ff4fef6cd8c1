import { expect } from 'chai'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import WebSocket from 'ws'
import { Decimal } from '../../lib/core/decimal.js'
import type { Fill, Order } from '../../lib/core/model.js'
import { CandleSeries } from '../../lib/sim/candle-series.js'
import { findKey, timestampIn } from '../../lib/testing/kit/auth.js'
import { candleOrFlat, candlesIn } from '../../lib/testing/kit/candle-range.js'
import { DepthFeedFaults } from '../../lib/testing/kit/depth-faults.js'
import { DepthBooks } from '../../lib/testing/kit/depth-books.js'
import { checkSpan } from '../../lib/testing/kit/history.js'
import { IntervalNames, MINUTE } from '../../lib/testing/kit/intervals.js'
import { readJson } from '../../lib/testing/kit/json.js'
import { averagePrice, lastPrice, marketStats } from '../../lib/testing/kit/market-stats.js'
import { invalidOption, type SimMarket } from '../../lib/testing/kit/options.js'
import { ParamReaders, queryParams, sortedParams, withoutParam } from '../../lib/testing/kit/params.js'
import type { Exchange } from '../../lib/sim/exchange.js'
import { executedAt, isOpen, OrderJournal } from '../../lib/testing/kit/order-journal.js'
import { Routes } from '../../lib/testing/kit/routes.js'
import { SimServer } from '../../lib/testing/kit/server.js'
import { publicKeyOf, verifyJwt, verifySignature } from '../../lib/testing/kit/signatures.js'
import { Timeline } from '../../lib/testing/kit/timeline.js'
import { isoTime, seededUuid } from '../../lib/testing/kit/wire-text.js'
import type { SocketHub } from '../../lib/testing/kit/socket-hub.js'
import { Subscriptions } from '../../lib/testing/kit/subscriptions.js'
import { Outbox } from '../../lib/testing/kit/outbox.js'

interface Conn {
  readonly ws: import('ws').WebSocket
  readonly id: number
}

/** A client socket that collects text frames. */
async function client(url: string): Promise<{ ws: WebSocket; frames: string[]; closed: Promise<number> }> {
  const ws = new WebSocket(url)
  const frames: string[] = []
  ws.on('message', (d) => frames.push(String(d)))
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  await new Promise((resolve, reject) => {
    ws.once('open', resolve)
    ws.once('error', reject)
  })
  return { ws, frames, closed }
}

/** Resolves once `done()` holds, checking after each turn of the event loop. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve))
}

describe('simulator kit: socket hubs', () => {
  const silence = { silenced: false }
  let server: SimServer
  let hub: SocketHub<Conn>
  const messages: string[] = []
  const reasons: (string | undefined)[] = []

  beforeEach(async () => {
    silence.silenced = false
    messages.length = 0
    reasons.length = 0
    server = new SimServer(
      (_req, res) => res.end(),
      () => (ws) => hub.connect(ws),
      silence,
    )
    hub = server.hub<Conn>({
      open: (ws, id) => ({ ws, id }),
      message: (conn, text) => messages.push(`${conn.id}:${text}`),
      closed: (_conn, reason) => reasons.push(reason),
      messageLimit: { perSecond: 3, reason: 'Too many messages' },
    })
    await server.listen('127.0.0.1', 0)
  })

  afterEach(() => server.close())

  it('numbers frames per connection, and sends nothing while silenced', async () => {
    const a = await client(`ws://127.0.0.1:${server.port}/`)
    const b = await client(`ws://127.0.0.1:${server.port}/`)
    const [ca, cb] = [...hub]
    if (ca === undefined || cb === undefined) throw new Error('two connections expected')
    for (const conn of [ca, ca, cb, ca]) hub.send(conn, String(hub.sequence(conn)))
    silence.silenced = true
    hub.send(ca, 'lost')
    silence.silenced = false
    hub.send(ca, 'after')
    hub.send(cb, 'last')
    a.ws.send('ping-a')
    await until(() => a.frames.includes('after') && b.frames.includes('last') && messages.length === 1)
    expect(a.frames).to.deep.equal(['1', '2', '3', 'after'])
    expect(b.frames).to.deep.equal(['1', 'last'])
    expect(messages).to.deep.equal(['1:ping-a'])
    a.ws.close()
    b.ws.close()
  })

  it('closes a connection with 1008 past its incoming message limit, and says why', async () => {
    const a = await client(`ws://127.0.0.1:${server.port}/`)
    for (let i = 0; i < 5; i++) a.ws.send(`m${i}`)
    expect(await a.closed).to.equal(1008)
    await until(() => reasons.length === 1)
    expect(messages).to.deep.equal(['1:m0', '1:m1', '1:m2'])
    expect(reasons).to.deep.equal(['message-rate'])
  })

  it('dropSockets terminates every connection of every hub', async () => {
    const a = await client(`ws://127.0.0.1:${server.port}/`)
    server.dropSockets()
    expect(await a.closed).to.equal(1006)
    expect(hub.size).to.equal(0)
  })
})

describe('simulator kit: bookkeeping', () => {
  it('Subscriptions finds subscribers of a topic and forgets a dropped connection', () => {
    const subs = new Subscriptions<string>()
    subs.add('a', 'x')
    subs.add('b', 'x')
    subs.add('a', 'y')
    expect([...subs.subscribers('x')]).to.deep.equal(['a', 'b'])
    expect(subs.remove('b', 'y')).to.equal(false)
    subs.drop('a')
    expect(subs.has('y')).to.equal(false)
    expect(subs.topics()).to.deep.equal(['x'])
    expect([...subs.of('a')]).to.deep.equal([])
  })

  it('Subscriptions.change checks a request by the venue rules it has, in order, then applies it', () => {
    const subs = new Subscriptions<string>()
    const list = (why: string) => (topics: readonly string[]) => `${why}:${topics.join(',')}`
    const strict = {
      serves: (t: string) => t !== 'bad',
      notHeld: list('not held'),
      unknown: list('unknown'),
      twice: list('twice'),
      most: { topics: 3, refuse: () => 'too many' },
    }
    expect(subs.change('a', true, ['x', 'bad', 'y'], strict)).to.deep.equal({
      refused: 'unknown:bad',
      added: [],
    })
    expect(subs.topics()).to.deep.equal([])
    expect(subs.change('a', true, ['x', 'y'], strict)).to.deep.equal({
      refused: undefined,
      added: ['x', 'y'],
    })
    expect(subs.change('a', true, ['z', 'x', 'z'], strict).refused).to.equal('twice:x,z')
    expect(subs.change('a', true, ['z', 'w'], strict).refused).to.equal('too many')
    expect(subs.change('a', false, ['bad', 'y'], strict).refused).to.equal('not held:bad')
    expect(subs.change('a', false, ['y'], strict)).to.deep.equal({ refused: undefined, added: [] })
    expect([...subs.of('a')]).to.deep.equal(['x'])
    // Without the optional rules: a held topic may be asked again, unknown ones are refused either way.
    const lenient = { serves: strict.serves, unknown: strict.unknown }
    expect(subs.change('a', true, ['x', 'v'], lenient)).to.deep.equal({ refused: undefined, added: ['v'] })
    expect(subs.change('a', false, ['q', 'bad'], lenient).refused).to.equal('unknown:bad')
    expect(subs.change('a', false, ['q'], lenient).refused).to.equal(undefined)
  })

  it('Outbox keeps the items of each topic in order until taken, and a take empties it', () => {
    const outbox = new Outbox<'order' | 'execution'>()
    outbox.add('order', 1)
    outbox.add('execution', 'a')
    outbox.add('order', 2)
    expect(outbox.take('order')).to.deep.equal([1, 2])
    expect(outbox.take('order')).to.deep.equal([])
    expect(outbox.take('execution')).to.deep.equal(['a'])
  })

  it('OrderJournal keeps an order under its engine client id, its venue id once accepted, and its fills', () => {
    const journal = new OrderJournal<{ readonly tag: string }, number, { readonly seq: number }>({
      orderId: (engineId) => 1000 + Number(engineId),
      fillExtras: (entry) => ({ seq: entry.executedQty.toNumber() }),
    })
    const entry = journal.prepare({ tag: 'grid-1' }, 10)
    expect(entry.engineClientId).to.equal('#1')
    expect(journal.prepare({ tag: 'mine' }, 10, 'my-id').engineClientId).to.equal('my-id')
    const at = new Date(20)
    const order = {
      id: '7',
      clientOrderId: '#1',
      status: 'partially-filled',
      timestamp: at,
    } as unknown as Order
    const fill = {
      clientOrderId: '#1',
      tradeId: '3',
      price: new Decimal('100'),
      quantity: new Decimal('0.5'),
      fee: new Decimal('0.01'),
      feeAsset: 'USDT',
      liquidity: 'maker',
      timestamp: at,
    } as unknown as Fill
    expect(journal.fill(fill), 'before the engine accepted it').to.equal(undefined)
    const accepted = journal.update({ ...order, status: 'new' })
    expect(accepted?.accepted).to.equal(true)
    const f = journal.fill(fill)
    expect(f).to.deep.include({ n: 1, tradeId: '3', isMaker: true, seq: 0.5 })
    const change = journal.update(order)
    expect(change?.accepted).to.equal(false)
    expect(change?.fills).to.deep.equal([f])
    expect(journal.byId(1007)).to.equal(entry)
    expect(entry.executedValue.toString()).to.equal('50')
    expect(isOpen(entry)).to.equal(true)
    expect(journal.newest((e) => e.tag === 'grid-1')).to.equal(entry)
    expect(journal.fillsOf(entry)).to.deep.equal([f])
    expect([accepted?.execution, change?.execution]).to.deep.equal(['new', 'trade'])
    expect(journal.update(order)?.execution, 'nothing new to tell').to.equal(undefined)
    expect(journal.update({ ...order, status: 'canceled' })?.execution).to.equal('canceled')
    const second = { ...fill, tradeId: '4', price: new Decimal('101'), quantity: new Decimal('0.25') }
    const g = journal.fill(second as Fill)
    expect(journal.update({ ...order, status: 'expired' })?.execution, 'fills come first').to.equal('trade')
    const upToFirst = executedAt(journal.fillsOf(entry), f as NonNullable<typeof f>)
    const upToSecond = executedAt(journal.fillsOf(entry), g as NonNullable<typeof g>)
    expect([upToFirst.qty, upToFirst.value, upToSecond.qty, upToSecond.value].map(String)).to.deep.equal([
      '0.5',
      '50',
      '0.75',
      '75.25',
    ])
  })

  it('candlesIn takes the first or the last candles of a range, within the history kept', () => {
    const series = new CandleSeries({
      seed: 1,
      name: 'BTC/USDT',
      tickSize: new Decimal('0.1'),
      lotSize: new Decimal('0.001'),
      startPrice: new Decimal('65000'),
      maxLotsPerMinute: 100,
    })
    const now = Date.UTC(2024, 4, 1, 12, 30, 30)
    const minute = 60_000
    const q = { limit: 3, now, historyMs: 10 * minute }
    const opens = (take: 'first' | 'last', from?: number, to?: number) =>
      candlesIn(series, minute, { ...q, take, from, to }).map((c) => (c.openTime - now) / minute)
    expect(opens('last')).to.deep.equal([-2.5, -1.5, -0.5])
    expect(opens('first')).to.deep.equal([-10.5, -9.5, -8.5])
    expect(opens('first', now - 5 * minute)).to.deep.equal([-4.5, -3.5, -2.5])
    expect(opens('last', undefined, now - 5 * minute)).to.deep.equal([-7.5, -6.5, -5.5])
  })

  it('seededUuid draws a version-4-shaped UUID from a seed, a salt and a counter; isoTime writes RFC 3339 UTC', () => {
    const id = seededUuid(7, 0x27d4eb2d, 1)
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(seededUuid(7, 0x27d4eb2d, 1)).to.equal(id)
    const others = [seededUuid(7, 0x5f3759df, 1), seededUuid(7, 0x27d4eb2d, 2), seededUuid(8, 0x27d4eb2d, 1)]
    expect(new Set([id, ...others]).size).to.equal(4)
    expect(isoTime(Date.UTC(2023, 1, 9, 20, 32, 50, 714))).to.equal('2023-02-09T20:32:50.714Z')
  })

  it('ParamReaders reads a market and a market filter through the venue lookup, which words the refusal', () => {
    const bad = invalidOption('bybit')
    const p = new ParamReaders({
      missing: (name) => bad(`${name} is required`),
      notText: (name) => bad(`${name} must be a string`),
      integer: /^\d+$/,
      jsonNumbers: false,
      badInteger: (name) => bad(`bad ${name}`),
      decimal: /^\d+$/,
      badDecimal: (name) => bad(`bad ${name}`),
    })
    const find = (symbol: unknown) => {
      if (symbol !== 'BTCUSDT') throw bad(`symbol ${String(symbol)} is not listed`)
      return 'btc'
    }
    expect(p.market(find)(queryParams('symbol=BTCUSDT'), 'symbol')).to.equal('btc')
    expect(() => p.market(find)(queryParams(''), 'symbol')).to.throw('symbol undefined is not listed')
    expect(p.marketFilter(find)(queryParams('symbol='), 'symbol')).to.equal(undefined)
    expect(() => p.marketFilter(find)(queryParams('symbol=X'), 'symbol')).to.throw('symbol X is not listed')
  })

  it('checkSpan refuses a range that ends before it starts or is too long; an open range passes', () => {
    const refuse = () => invalidOption('binance')('bad range')
    expect(() => checkSpan(0, 1000, 1000, refuse)).to.not.throw()
    expect(() => checkSpan(undefined, 5000, 1000, refuse)).to.not.throw()
    expect(() => checkSpan(0, undefined, 1000, refuse)).to.not.throw()
    expect(() => checkSpan(0, 1001, 1000, refuse)).to.throw('bad range')
    expect(() => checkSpan(10, 9, 1000, refuse)).to.throw('bad range')
  })

  it('readJson reads JSON without a throw; IntervalNames finds only its own names', () => {
    expect(readJson('["a",1]')).to.deep.equal(['a', 1])
    expect(readJson('null')).to.equal(null)
    expect(readJson('{"op":')).to.equal(undefined)
    const intervals = new IntervalNames({ '1m': MINUTE, '1M': 'month' }, (name) =>
      invalidOption('binance')(`no interval ${String(name)}`),
    )
    expect([intervals.find('1m'), intervals.find('1M'), intervals.of('1m')]).to.deep.equal([
      MINUTE,
      'month',
      MINUTE,
    ])
    expect([intervals.find('toString'), intervals.find(1), intervals.find('1h')]).to.deep.equal([
      undefined,
      undefined,
      undefined,
    ])
    expect(() => intervals.of('constructor')).to.throw('no interval constructor')
  })

  it('timestampIn and findKey: the window around the server time, keys compared whole', () => {
    const w = { behindMs: 5000, aheadMs: 1000 }
    expect([timestampIn(95_000, 100_000, w), timestampIn(94_999, 100_000, w)]).to.deep.equal(['ok', 'old'])
    expect([timestampIn(100_999, 100_000, w), timestampIn(101_000, 100_000, w)]).to.deep.equal([
      'ok',
      'ahead',
    ])
    const accounts = [{ apiKey: 'abc', secret: 's' }]
    expect(findKey(accounts, 'abc')).to.equal(accounts[0])
    expect(findKey(accounts, 'ab')).to.equal(undefined)
    expect(findKey(accounts, undefined)).to.equal(undefined)
  })
})

describe('simulator kit: for the venues to come', () => {
  it('Routes finds exact paths and paths with {name} segments, by method', () => {
    const routes = new Routes({
      'GET /v1/quotes': 'list',
      'GET /v1/quotes/{fx_quote_id}': 'one',
      'POST /portfolios/{portfolio_id}/orders/{order_id}/cancel': 'cancel',
    })
    expect(routes.find('GET', '/v1/quotes')).to.deep.equal({ route: 'list', pathParams: {} })
    expect(routes.find('GET', '/v1/quotes/q%201')).to.deep.equal({
      route: 'one',
      pathParams: { fx_quote_id: 'q 1' },
    })
    expect(routes.find('POST', '/portfolios/p-1/orders/o-2/cancel')).to.deep.equal({
      route: 'cancel',
      pathParams: { portfolio_id: 'p-1', order_id: 'o-2' },
    })
    expect(routes.find('POST', '/v1/quotes/q-1')).to.equal(undefined)
    expect(routes.find('GET', '/v1/quotes/')).to.equal(undefined)
    expect(routes.find('GET', '/v1/quotes/q-1/more')).to.equal(undefined)
  })

  it('verifySignature takes an ECDSA P-256 (DER, base64) or an Ed25519 signature of the payload', () => {
    const payload = '/api/v1/transactions|1700000000000|{"vault_id":"v"}'
    for (const type of ['ec', 'ed25519'] as const) {
      const { publicKey, privateKey } =
        type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')
      const signature = sign(type === 'ec' ? 'sha256' : null, Buffer.from(payload), privateKey).toString(
        'base64',
      )
      expect(verifySignature(publicKey, payload, signature), type).to.equal(true)
      expect(verifySignature(publicKey, `${payload} `, signature), `${type}, another payload`).to.equal(false)
      expect(verifySignature(publicKey, payload, 'not a signature'), `${type}, garbage`).to.equal(false)
    }
  })

  it('verifyJwt checks alg, kid, an ES256 or EdDSA signature, nbf and exp', () => {
    const es = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const ed = generateKeyPairSync('ed25519')
    const keys: Record<string, KeyObject> = { 'org/keys/es': es.publicKey, 'org/keys/ed': ed.publicKey }
    const keyOf = (kid: string | undefined) => (kid === undefined ? undefined : keys[kid])
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const jwt = (alg: 'ES256' | 'EdDSA', kid: string, claims: object, key: KeyObject) => {
      const head = `${b64({ alg, kid, typ: 'JWT' })}.${b64(claims)}`
      const sig =
        alg === 'ES256'
          ? sign('sha256', Buffer.from(head), { key, dsaEncoding: 'ieee-p1363' })
          : sign(null, Buffer.from(head), key)
      return `${head}.${sig.toString('base64url')}`
    }
    const now = 1_700_000_000_000
    const claims = {
      sub: 'org/keys/es',
      iss: 'cdp',
      nbf: now / 1000,
      exp: now / 1000 + 120,
      uri: 'GET host/path',
    }
    const good = verifyJwt(jwt('ES256', 'org/keys/es', claims, es.privateKey), keyOf, now)
    expect(good).to.have.nested.property('claims.uri', 'GET host/path')
    expect(verifyJwt(jwt('EdDSA', 'org/keys/ed', claims, ed.privateKey), keyOf, now)).to.have.property(
      'claims',
    )
    expect(verifyJwt(jwt('ES256', 'org/keys/es', claims, es.privateKey), keyOf, now + 120_000)).to.equal(
      'expired',
    )
    expect(verifyJwt(jwt('ES256', 'org/keys/es', claims, es.privateKey), keyOf, now - 1000)).to.equal(
      'not-yet-valid',
    )
    expect(verifyJwt(jwt('ES256', 'org/keys/nope', claims, es.privateKey), keyOf, now)).to.equal(
      'unknown-key',
    )
    expect(verifyJwt(jwt('ES256', 'org/keys/ed', claims, es.privateKey), keyOf, now)).to.equal('unknown-key')
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    expect(verifyJwt(jwt('ES256', 'org/keys/es', claims, other), keyOf, now)).to.equal('bad-signature')
    expect(verifyJwt(`${b64({ alg: 'HS256' })}.${b64(claims)}.x`, keyOf, now)).to.equal('unsupported-alg')
    expect(verifyJwt('a.b', keyOf, now)).to.equal('malformed')
  })

  it('Timeline moves a polled workflow on with the clock, waits at a held stage, and ends early when told', () => {
    const tx = new Timeline('waiting_for_approval', 1000, [
      { state: 'approved', afterMs: 'held' },
      { state: 'signed', afterMs: 500 },
      { state: 'completed', afterMs: 2000 },
    ])
    expect(tx.at(5000)).to.equal('waiting_for_approval')
    expect(tx.release(5000)).to.equal(true)
    expect([tx.at(5000), tx.at(5499), tx.at(5500), tx.at(7499), tx.at(7500)]).to.deep.equal([
      'approved',
      'approved',
      'signed',
      'signed',
      'completed',
    ])
    expect(tx.release(9000), 'nothing held any more').to.equal(false)
    const quote = new Timeline<'open' | 'expired' | 'filled'>('open', 0, [
      { state: 'expired', afterMs: 10_000 },
    ])
    quote.end('filled', 3000)
    expect([quote.at(2999), quote.at(3000), quote.at(20_000)]).to.deep.equal(['open', 'filled', 'filled'])
  })
})

describe('simulator kit: market figures', () => {
  const d = (text: string) => new Decimal(text)
  const market = {
    instrument: { symbol: 'BTC/USDT' },
    venueSymbol: 'BTCUSDT',
    config: { startPrice: d('100') },
  }
  const m = market as unknown as SimMarket

  it('marketStats fills the gaps of a market without trades; lastPrice quotes the mid, then the start price', () => {
    let ticker: Record<string, Decimal | undefined> = { bid: d('99'), ask: d('101') }
    const exchange = { ticker: () => ticker } as unknown as Exchange
    const quiet = marketStats(exchange, m, d('7'))
    expect([quiet.last, quiet.open, quiet.high, quiet.low].map(String)).to.deep.equal(['7', '7', '7', '7'])
    expect([quiet.volume, quiet.quoteVolume].map(String)).to.deep.equal(['0', '0'])
    expect(String(lastPrice(exchange, m))).to.equal('100')
    ticker = {}
    expect(String(lastPrice(exchange, m))).to.equal('100')
    ticker = { bid: d('90'), ask: d('101') }
    expect(String(lastPrice(exchange, m))).to.equal('95.5')
    ticker = { last: d('98'), open24h: d('95'), high24h: d('99'), low24h: d('94'), volume24h: d('2') }
    const busy = marketStats(exchange, m, d('7'))
    expect([busy.last, busy.open, busy.high, busy.low, busy.volume].map(String)).to.deep.equal([
      '98',
      '95',
      '99',
      '94',
      '2',
    ])
    expect(String(lastPrice(exchange, m))).to.equal('98')
  })

  it('DepthBooks: seeded first update ids, a diff per change, held diffs sent on release in order', () => {
    let bids = [{ price: d('99'), size: d('1') }]
    const exchange = { book: () => ({ bids, asks: [] }) } as unknown as Exchange
    const books = new DepthBooks(exchange, 42, [m])
    const first = books.of(m).updateId
    expect(first).to.equal(new DepthBooks(exchange, 42, [m]).of(m).updateId)
    expect(first).to.be.within(1_000_000, 9_999_999)
    const sent: number[] = []
    bids = [{ price: d('99'), size: d('2') }]
    books.of(m).observe()
    books.publish(m, true, () => expect.fail('held'))
    bids = [{ price: d('99'), size: d('3') }]
    books.of(m).observe()
    books.publish(m, true, () => expect.fail('held'))
    books.publish(m, false, () => expect.fail('nothing changed'))
    books.release((_, diff) => sent.push(diff.u))
    expect(sent).to.deep.equal([first + 1, first + 2])
    books.release(() => expect.fail('released twice'))
  })
})

describe('simulator kit: prices, candles, keys, payloads and depth faults a venue shares', () => {
  const d = (text: string) => new Decimal(text)
  const m = {
    instrument: { symbol: 'BTC/USDT' },
    venueSymbol: 'BTCUSDT',
    config: { startPrice: d('100') },
  } as unknown as SimMarket

  it('averagePrice weighs trade prices by size over the window, and quotes the last price without trades', () => {
    let trades = [
      { price: d('100'), size: d('1') },
      { price: d('110'), size: d('3') },
    ]
    const asked: number[][] = []
    const exchange = {
      trades: (_: string, from: number, to: number) => (asked.push([from, to]), trades),
      ticker: () => ({ last: d('90') }),
    } as unknown as Exchange
    const busy = averagePrice(exchange, m, 1000, 2000)
    expect(String(busy.price)).to.equal('107.5')
    expect(busy.trades).to.have.length(2)
    expect(asked).to.deep.equal([[1000, 2000]])
    trades = []
    expect(String(averagePrice(exchange, m, 1000, 2000).price)).to.equal('90')
  })

  it('candleOrFlat gives the history candle, else a flat one at the start price that closes at the next open', () => {
    const real = { openTime: 0, closeTime: 60_000, close: d('101') }
    let candle: unknown = undefined
    const market = {
      ...m,
      series: { candle: () => candle, next: (interval: number, open: number) => open + interval },
    } as unknown as SimMarket
    const flat = candleOrFlat(market, 60_000, 120_000, 130_000)
    expect(flat).to.include({ openTime: 120_000, closeTime: 180_000, closed: false })
    expect(
      [flat.open, flat.high, flat.low, flat.close, flat.volume, flat.turnover].map(String),
    ).to.deep.equal(['100', '100', '100', '100', '0', '0'])
    candle = real
    expect(candleOrFlat(market, 60_000, 0, 130_000)).to.equal(real)
  })

  it('publicKeyOf takes a PEM or a KeyObject of the asked type and refuses another type in the venue words', () => {
    const ed = generateKeyPairSync('ed25519').publicKey
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
    const bad = invalidOption('binance')
    const pem = ed.export({ type: 'spki', format: 'pem' }).toString()
    expect(publicKeyOf(pem, 'ed25519', bad, 'key').asymmetricKeyType).to.equal('ed25519')
    expect(publicKeyOf(ec, 'ec', bad, 'key')).to.equal(ec)
    expect(() => publicKeyOf(ec, 'ed25519', bad, 'ed25519PublicKey'))
      .to.throw('ed25519PublicKey is not an Ed25519 key')
      .with.property('kind', 'invalid-request')
  })

  it('withoutParam keeps a query or form as sent but for one name; sortedParams writes an object sorted by name', () => {
    expect(withoutParam('symbol=BTCUSDT&signature=ab&side=BUY', 'signature')).to.equal(
      'symbol=BTCUSDT&side=BUY',
    )
    expect(withoutParam('b=2&a=1&signatures=x', 'signature')).to.equal('b=2&a=1&signatures=x')
    expect(withoutParam('', 'signature')).to.equal('')
    expect(sortedParams({ timestamp: 1, apiKey: 'k', signature: 's', on: true }, 'signature')).to.equal(
      'apiKey=k&on=true&timestamp=1',
    )
  })

  it('DepthFeedFaults queues stale snapshot lags in order and holds depth events until released', () => {
    let released = 0
    const none = () => undefined
    const faults = new DepthFeedFaults({
      dropSockets: none,
      skipUpdateId: none,
      shiftClock: none,
      silenceEnded: none,
      refuseConnections: none,
      releaseDepth: () => void released++,
    })
    expect(() => faults.staleSnapshot(0)).to.throw(RangeError)
    expect(() => faults.staleSnapshot(1.5)).to.throw(RangeError)
    faults.staleSnapshot(3)
    faults.staleSnapshot(1)
    expect([faults.takeSnapshotLag(), faults.takeSnapshotLag(), faults.takeSnapshotLag()]).to.deep.equal([
      3, 1, 0,
    ])
    expect(faults.depthHeld).to.equal(false)
    faults.holdDepth()
    expect(faults.depthHeld).to.equal(true)
    faults.releaseDepth()
    expect([faults.depthHeld, released]).to.deep.equal([false, 1])
  })
})
