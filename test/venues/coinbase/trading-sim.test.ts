import { expect } from 'chai'
import { generateKeyPairSync } from 'node:crypto'
import WebSocket from 'ws'
import { checkCoinbaseJwt } from '../../../lib/testing/coinbase/auth.js'
import { fixture, handJwt, KEY_NAME, PRODUCT, startRig, type Rig } from './trading-rig.js'

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0, 0)
const T0_S = T0 / 1000
const API = '/api/v3/brokerage'

type Json = Record<string, unknown>

/** Same keys, and the same JSON type under each (decimal strings stay strings). */
function sameShape(actual: unknown, expected: unknown, path = '$'): void {
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)
  // a time Coinbase leaves null until there is one (a live capture has `last_fill_time: null`)
  if (kind(expected) === 'null' || (kind(actual) === 'null' && path.endsWith('_time'))) return
  expect(kind(actual), path).to.equal(kind(expected))
  if (kind(expected) === 'object') {
    const [a, e] = [actual as Json, expected as Json]
    expect(Object.keys(a).sort(), path).to.deep.equal(Object.keys(e).sort())
    for (const k of Object.keys(e)) sameShape(a[k], e[k], `${path}.${k}`)
  }
}

describe('coinbase simulator: private REST and the user channel', function () {
  this.timeout(10_000)
  let rig: Rig

  const claims = (extra: Json = {}): Json => ({
    sub: KEY_NAME,
    iss: 'cdp',
    nbf: T0_S,
    exp: T0_S + 120,
    ...extra,
  })
  const jwt = (uri: string | undefined, extra: Json = {}, header: Json = {}) =>
    handJwt(
      rig.privateKey,
      { alg: 'ES256', kid: KEY_NAME, nonce: 'abc', ...header },
      claims(uri === undefined ? extra : { uri, ...extra }),
    )

  const host = () => new URL(rig.restUrl).host

  async function call(
    method: 'GET' | 'POST',
    path: string,
    options: { readonly query?: string; readonly body?: unknown; readonly token?: string | null } = {},
  ): Promise<{ status: number; json: Json; text: string }> {
    const full = `${API}${path}`
    const token = options.token === undefined ? jwt(`${method} ${host()}${full}`) : options.token
    const res = await fetch(`${rig.restUrl}${full}${options.query ? `?${options.query}` : ''}`, {
      method,
      headers: {
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        'content-type': 'application/json',
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    })
    const text = await res.text()
    let json: Json = {}
    try {
      json = JSON.parse(text) as Json
    } catch {
      // a text answer (401)
    }
    return { status: res.status, json, text }
  }

  const create = (
    configuration: Json,
    side = 'BUY',
    clientOrderId = `c-${Math.random().toString(36).slice(2, 10)}`,
  ) =>
    call('POST', '/orders', {
      body: { client_order_id: clientOrderId, product_id: PRODUCT, side, order_configuration: configuration },
    })
  const order = async (id: string) => (await call('GET', `/orders/historical/${id}`)).json['order'] as Json
  const idOf = (answer: { json: Json }) => (answer.json['success_response'] as Json)['order_id'] as string

  beforeEach(async () => {
    rig = await startRig({ clockAt: T0 })
    rig.push({ snapshot: true, bids: [['49990.00', '1']], asks: [['50000.00', '1']] })
  })
  afterEach(() => rig.close())

  describe('JWT authentication', () => {
    it('accepts a good JWT and refuses every broken claim as Coinbase does', () => {
      const uri = `GET ${host()}${API}/accounts`
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
      const check = (token: string | undefined) => checkCoinbaseJwt(token, rig.key, T0, uri)
      expect(check(jwt(uri))).to.equal(undefined)
      const cases: [string | undefined, string | undefined][] = [
        [undefined, 'missing'],
        [jwt(uri, { exp: T0_S }), 'expired'],
        [jwt(uri, { nbf: T0_S + 2, exp: T0_S + 60 }), 'not-yet-valid'],
        [jwt(uri, { nbf: T0_S + 1, exp: T0_S + 60 }), undefined],
        [jwt(`POST ${host()}${API}/accounts`), 'wrong-uri'],
        [jwt(`GET api.coinbase.com${API}/accounts`), 'wrong-uri'],
        [jwt(`GET ${host()}${API}/accounts?limit=1`), 'wrong-uri'],
        [jwt(`GET ${host()}${API}/portfolios`), 'wrong-uri'],
        [jwt(undefined), 'wrong-uri'],
        [jwt(uri, {}, { kid: 'organizations/x/apiKeys/other' }), 'wrong-kid'],
        [jwt(uri, { sub: 'organizations/x/apiKeys/other' }), 'wrong-sub'],
        [jwt(uri, { iss: 'coinbase-cloud' }), 'wrong-iss'],
        [jwt(uri, { exp: T0_S + 121 }), 'too-long-lived'],
        [handJwt(other, { alg: 'ES256', kid: KEY_NAME }, claims({ uri })), 'bad-signature'],
        [jwt(uri, {}, { alg: 'EdDSA' }), 'unsupported-alg'],
        [jwt(uri, {}, { alg: 'HS256' }), 'unsupported-alg'],
        ['not.a-jwt', 'malformed'],
      ]
      for (const [token, why] of cases) expect(check(token), why).to.equal(why)
    })

    it('answers a request without a good JWT with 401 and the text Unauthorized', async () => {
      const good = await call('GET', '/accounts')
      expect(good.status).to.equal(200)
      for (const token of [
        null,
        jwt(`GET ${host()}${API}/accounts`, { exp: T0_S }),
        jwt(`POST ${host()}${API}/accounts`),
      ]) {
        const answer = await call('GET', '/accounts', { token })
        expect([answer.status, answer.text]).to.deep.equal([401, 'Unauthorized\n'])
      }
      rig.clock.advance(120_000) // the good JWT expired meanwhile
      expect(
        (await call('GET', '/accounts', { token: jwt(`GET ${host()}${API}/accounts`) })).status,
      ).to.equal(401)
    })
  })

  describe('create order', () => {
    it('rests a GTC limit order and answers the documented success shape', async () => {
      const answer = await create({
        limit_limit_gtc: { base_size: '0.1', limit_price: '49000.00', post_only: false },
      })
      expect(answer.status).to.equal(200)
      sameShape(
        { success: answer.json['success'], success_response: answer.json['success_response'] },
        fixture('rest-create-order-response.success-fragment.json'),
      )
      const placed = await order(idOf(answer))
      sameShape(placed, (fixture('rest-get-order.json') as { order: Json }).order)
      expect(placed).to.include({
        status: 'OPEN',
        time_in_force: 'GOOD_UNTIL_CANCELLED',
        filled_size: '0',
        order_type: 'LIMIT',
      })
      // the value 4900 and the fee at the taker rate
      expect(placed['outstanding_hold_amount']).to.equal('4929.4')
    })

    it('fills each immediate configuration as its time in force says', async () => {
      const filled = async (configuration: Json, side = 'BUY') =>
        order(idOf(await create(configuration, side)))
      // FOK: 1.5 wanted, 1 on offer: nothing fills
      expect(await filled({ limit_limit_fok: { base_size: '1.5', limit_price: '50000.00' } })).to.include({
        status: 'CANCELLED',
        filled_size: '0',
        time_in_force: 'FILL_OR_KILL',
      })
      expect(await filled({ limit_limit_fok: { base_size: '0.2', limit_price: '50000.00' } })).to.include({
        status: 'FILLED',
        filled_size: '0.2',
      })
      // IOC: 0.8 left on offer; the rest of 1 is canceled
      expect(await filled({ sor_limit_ioc: { base_size: '1', limit_price: '50000.00' } })).to.include({
        status: 'CANCELLED',
        filled_size: '0.8',
        time_in_force: 'IMMEDIATE_OR_CANCEL',
      })
      rig.push({ asks: [['50000.00', '1']] })
      // the quote size pays the taker fee too: 994.0355 of value and 5.964213 of fee
      const byQuote = await filled({ market_market_ioc: { quote_size: '1000' } })
      expect(byQuote).to.include({
        status: 'FILLED',
        filled_size: '0.01988071',
        filled_value: '994.0355',
        total_fees: '5.964213',
        size_in_quote: true,
        order_type: 'MARKET',
      })
      const sell = await filled({ market_market_ioc: { base_size: '0.1' } }, 'SELL')
      expect(sell).to.include({ status: 'FILLED', filled_size: '0.1', average_filled_price: '49990' })
    })

    it('refuses a post-only order that would take, and rests one that would not', async () => {
      const taking = await create({
        limit_limit_gtc: { base_size: '0.1', limit_price: '50000.00', post_only: true },
      })
      expect(taking.json).to.deep.include({ success: false })
      expect(taking.json['error_response']).to.include({
        error: 'INVALID_LIMIT_PRICE_POST_ONLY',
        preview_failure_reason: 'PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY',
      })
      const making = await create({
        limit_limit_gtc: { base_size: '0.1', limit_price: '49999.99', post_only: true },
      })
      expect(await order(idOf(making))).to.include({ status: 'OPEN' })
    })

    it('expires a GTD order at its end time, and refuses one already past', async () => {
      const end = new Date(T0 + 60_000).toISOString()
      const answer = await create({
        limit_limit_gtd: { base_size: '0.1', limit_price: '49000.00', end_time: end, post_only: false },
      })
      expect(await order(idOf(answer))).to.include({ status: 'OPEN', time_in_force: 'GOOD_UNTIL_DATE_TIME' })
      rig.clock.advance(60_000)
      const expired = await call('GET', `/orders/historical/${idOf(answer)}`, {
        token: jwt(`GET ${host()}${API}/orders/historical/${idOf(answer)}`, {
          nbf: T0_S + 60,
          exp: T0_S + 180,
        }),
      })
      expect((expired.json['order'] as Json)['status']).to.equal('EXPIRED')
      const late = await call('POST', '/orders', {
        token: jwt(`POST ${host()}${API}/orders`, { nbf: T0_S + 60, exp: T0_S + 180 }),
        body: {
          client_order_id: 'late',
          product_id: PRODUCT,
          side: 'BUY',
          order_configuration: {
            limit_limit_gtd: { base_size: '0.1', limit_price: '49000.00', end_time: end },
          },
        },
      })
      expect((late.json['error_response'] as Json)['error']).to.equal('END_TIME_IS_IN_THE_PAST')
    })

    it('refuses with HTTP 200 and success false as Coinbase writes it: funds, precision, configurations', async () => {
      const broke = await create({ limit_limit_gtc: { base_size: '10', limit_price: '49000.00' } })
      const { order_configuration: echoed, ...refusal } = broke.json
      expect(echoed).to.deep.equal({ limit_limit_gtc: { base_size: '10', limit_price: '49000.00' } })
      sameShape(refusal, fixture('rest-create-order-insufficient-fund.thirdparty.json'))
      expect(broke.json['error_response']).to.include({
        error: 'INSUFFICIENT_FUND',
        preview_failure_reason: 'PREVIEW_INSUFFICIENT_FUND',
      })
      const table: [Json, string][] = [
        [{ limit_limit_gtc: { base_size: '0.1', limit_price: '49000.001' } }, 'INVALID_PRICE_PRECISION'],
        [
          { limit_limit_gtc: { base_size: '0.000000001', limit_price: '49000.00' } },
          'INVALID_SIZE_PRECISION',
        ],
        [
          { limit_limit_gtc: { base_size: '0.1', limit_price: '49000.00' }, sor_limit_ioc: {} },
          'UNSUPPORTED_ORDER_CONFIGURATION',
        ],
        [{ stop_limit_stop_limit_gtc: { base_size: '0.1' } }, 'UNSUPPORTED_ORDER_CONFIGURATION'],
        [{ limit_limit_gtd: { base_size: '0.1', limit_price: '49000.00' } }, 'GTD_ORDERS_MUST_HAVE_END_TIME'],
      ]
      for (const [configuration, error] of table) {
        const answer = await create(configuration)
        expect(answer.status).to.equal(200)
        expect([answer.json['success'], (answer.json['error_response'] as Json)['error']]).to.deep.equal([
          false,
          error,
        ])
      }
      const bad = await call('POST', '/orders', {
        body: { client_order_id: 'x', side: 'BUY', order_configuration: {} },
      })
      expect(bad.status).to.equal(400)
      sameShape({ ...bad.json, details: [] }, { ...fixture('rest-error.docs-schema.json'), details: [] })
      expect(bad.json).to.include({ error: 'INVALID_ARGUMENT', code: 3 })
    })

    it('answers a repeated client_order_id with the order first placed under it, placing nothing', async () => {
      const configuration = { limit_limit_gtc: { base_size: '0.1', limit_price: '49000.00' } }
      const first = await create(configuration, 'BUY', 'same-id')
      const again = await create(
        { limit_limit_gtc: { base_size: '0.2', limit_price: '48000.00' } },
        'BUY',
        'same-id',
      )
      expect(again.json['success']).to.equal(true)
      expect(idOf(again)).to.equal(idOf(first))
      const listed = (await call('GET', '/orders/historical/batch')).json['orders'] as Json[]
      expect(listed.map((o) => o['client_order_id'])).to.deep.equal(['same-id'])
    })

    it('leaves the order id out of a spoiled answer, the order placed all the same', async () => {
      rig.faults.spoilNextOrderAnswer('no-id')
      const answer = await create(
        { limit_limit_gtc: { base_size: '0.1', limit_price: '49000.00' } },
        'BUY',
        'spoiled',
      )
      expect((answer.json['success_response'] as Json)['order_id']).to.equal(undefined)
      expect((answer.json['success_response'] as Json)['client_order_id']).to.equal('spoiled')
      expect(rig.ctx.orders.byClientId('spoiled')?.status).to.equal('new')
    })
  })

  describe('cancel, get and list', () => {
    it('cancels by id, one result per id, and says why one cannot be', async () => {
      const open = idOf(await create({ limit_limit_gtc: { base_size: '0.1', limit_price: '49000.00' } }))
      const done = idOf(await create({ market_market_ioc: { base_size: '0.1' } }))
      const body = { order_ids: [open, 'no-such-order', done] }
      const answer = await call('POST', '/orders/batch_cancel', { body })
      sameShape((answer.json['results'] as Json[])[0], {
        ...(fixture('rest-batch-cancel-response.thirdparty.json')['results'] as Json[])[0],
        failure_reason: '',
      })
      expect(answer.json['results']).to.deep.equal([
        { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: open },
        { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: 'no-such-order' },
        { success: false, failure_reason: 'ORDER_IS_FULLY_FILLED', order_id: done },
      ])
      expect(await order(open)).to.include({ status: 'CANCELLED', outstanding_hold_amount: '0' })
      const twice = await call('POST', '/orders/batch_cancel', { body: { order_ids: [open] } })
      expect((twice.json['results'] as Json[])[0]).to.include({
        success: false,
        failure_reason: 'DUPLICATE_CANCEL_REQUEST',
      })
    })

    it('answers an unknown order with 404 and the error body', async () => {
      const answer = await call('GET', '/orders/historical/nope')
      expect(answer.status).to.equal(404)
      expect(answer.json).to.include({ error: 'NOT_FOUND', code: 5 })
    })

    it('lists orders newest first, filtered, a cursor page at a time', async () => {
      const ids: string[] = []
      for (let i = 0; i < 5; i++) {
        ids.push(idOf(await create({ limit_limit_gtc: { base_size: '0.01', limit_price: `4900${i}.00` } })))
      }
      await call('POST', '/orders/batch_cancel', { body: { order_ids: [ids[0]] } })
      const pages: string[][] = []
      let cursor = ''
      for (;;) {
        const answer = await call('GET', '/orders/historical/batch', {
          query: `limit=2&product_ids=${PRODUCT}${cursor ? `&cursor=${cursor}` : ''}`,
        })
        pages.push((answer.json['orders'] as Json[]).map((o) => o['order_id'] as string))
        if (answer.json['has_next'] !== true) break
        cursor = answer.json['cursor'] as string
        expect(cursor).to.equal(pages[pages.length - 1]?.[1])
      }
      expect(pages).to.deep.equal([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]])
      const open = await call('GET', '/orders/historical/batch', {
        query: 'order_status=OPEN&order_status=PENDING',
      })
      expect((open.json['orders'] as Json[]).length).to.equal(4)
      const other = await call('GET', '/orders/historical/batch', { query: 'product_ids=ETH-USD' })
      expect(other.json).to.include({ has_next: false, cursor: '' })
      expect((await call('GET', '/orders/historical/batch', { query: 'cursor=bogus' })).status).to.equal(400)
    })

    it('lists fills with the commission in the quote currency, a cursor page at a time', async () => {
      await create({ market_market_ioc: { base_size: '0.1' } })
      await create({ market_market_ioc: { base_size: '0.2' } }, 'SELL')
      const first = await call('GET', '/orders/historical/fills', { query: 'limit=1' })
      const [fill] = first.json['fills'] as Json[]
      sameShape(fill, (fixture('rest-fills.thirdparty-synthetic.json')['fills'] as Json[])[0])
      expect(fill).to.include({
        side: 'SELL',
        price: '49990',
        size: '0.2',
        commission: '59.988',
        liquidity_indicator: 'TAKER',
      })
      const rest = await call('GET', '/orders/historical/fills', {
        query: `limit=1&cursor=${first.json['cursor'] as string}`,
      })
      expect((rest.json['fills'] as Json[])[0]).to.include({
        side: 'BUY',
        price: '50000',
        size: '0.1',
        commission: '30',
      })
      expect(rest.json['cursor']).to.equal('')
    })

    it('lists accounts: available what is free, hold what open orders lock, paged', async () => {
      await create({ limit_limit_gtc: { base_size: '0.1', limit_price: '49000.00' } })
      const first = await call('GET', '/accounts', { query: 'limit=1' })
      const [account] = first.json['accounts'] as Json[]
      sameShape(account, (fixture('rest-accounts.thirdparty-synthetic.json')['accounts'] as Json[])[0])
      expect(first.json).to.include({ has_next: true, size: 1 })
      const all = (await call('GET', '/accounts', { query: 'limit=250' })).json['accounts'] as Json[]
      const usd = all.find((a) => a['currency'] === 'USD')
      // the hold of a buy is its value and the fee at the taker rate: 4900 and 29.4
      expect(usd?.['available_balance']).to.deep.equal({ value: '95070.6', currency: 'USD' })
      expect(usd?.['hold']).to.deep.equal({ value: '4929.4', currency: 'USD' })
      expect(usd?.['type']).to.equal('FIAT')
    })
  })

  describe('the user channel', () => {
    async function connect() {
      const ws = new WebSocket(rig.wsUrl)
      const frames: Json[] = []
      const waiters: (() => void)[] = []
      ws.on('message', (data) => {
        frames.push(JSON.parse(String(data)) as Json)
        for (const w of waiters.splice(0)) w()
      })
      await new Promise((resolve, reject) => {
        ws.once('open', resolve)
        ws.once('error', reject)
      })
      const until = async (n: number) => {
        while (frames.length < n) await new Promise<void>((resolve) => waiters.push(resolve))
        return frames
      }
      return { ws, frames, until }
    }
    const wsJwt = (extra: Json = {}) => jwt(undefined, extra)

    it('refuses a user subscription without a good JWT', async () => {
      const c = await connect()
      c.ws.send(
        JSON.stringify({
          type: 'subscribe',
          channel: 'user',
          product_ids: [PRODUCT],
          jwt: wsJwt({ iss: 'x' }),
        }),
      )
      c.ws.send(JSON.stringify({ type: 'subscribe', channel: 'user', product_ids: [PRODUCT] }))
      expect(await c.until(2)).to.deep.equal([
        { type: 'error', message: 'authentication failure' },
        { type: 'error', message: 'authentication failure' },
      ])
      expect(rig.feed.has('user')).to.equal(false)
      c.ws.close()
    })

    it('confirms, replays the open orders, then pushes every change; heartbeats need no JWT', async () => {
      const resting = idOf(await create({ limit_limit_gtc: { base_size: '0.1', limit_price: '49000.00' } }))
      const c = await connect()
      c.ws.send(JSON.stringify(fixture('ws-subscribe-heartbeats.json')))
      await c.until(1)
      c.ws.send(JSON.stringify({ ...fixture('ws-subscribe-user.json'), jwt: wsJwt() }))
      await c.until(3)
      expect(c.frames.map((f) => [f['channel'], f['sequence_num']])).to.deep.equal([
        ['subscriptions', 0],
        ['subscriptions', 1],
        ['user', 2],
      ])
      expect(c.frames[1]?.['events']).to.deep.equal([
        { subscriptions: { heartbeats: ['heartbeats'], user: [PRODUCT] } },
      ])
      const snapshot = (c.frames[2]?.['events'] as Json[])[0] as { type: string; orders: Json[] }
      expect(snapshot.type).to.equal('snapshot')
      expect(snapshot.orders.map((o) => o['order_id'])).to.deep.equal([resting])
      sameShape(
        snapshot.orders[0],
        ((fixture('ws-user-snapshot.json')['events'] as Json[])[0]?.['orders'] as Json[])[0],
      )
      sameShape(c.frames[2], fixture('ws-user-snapshot.json'))
      // a taker takes the market's bid, then half of the resting order
      rig.push({ trades: [{ side: 'sell', size: '1.05', price: '49000.00' }] })
      await c.until(4)
      const update = (c.frames[3]?.['events'] as Json[])[0] as { type: string; orders: Json[] }
      expect(update.type).to.equal('update')
      expect(update.orders[0]).to.include({
        order_id: resting,
        status: 'OPEN',
        cumulative_quantity: '0.05',
        leaves_quantity: '0.05',
        filled_value: '2450',
      })
      rig.feed.beat()
      await c.until(5)
      expect(c.frames[4]).to.include({ channel: 'heartbeats', sequence_num: 4 })
      sameShape(c.frames[4], { ...fixture('ws-heartbeats-live-integer-counter.json') })
      c.ws.close()
    })
  })
})
