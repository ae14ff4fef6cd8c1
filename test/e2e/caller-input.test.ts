import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, type Observable } from 'rxjs'
import { Decimal, createClient, silentLogger, type Client, type VenueTrading } from '../../index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { record, type Recorder } from './support.js'

/** The error an Observable fails with; a value or a completion fails the test. */
async function failureOf(source: Observable<unknown>): Promise<{ kind?: unknown; message?: unknown }> {
  try {
    await lastValueFrom(source)
  } catch (e) {
    return e as { kind?: unknown; message?: unknown }
  }
  throw new Error('expected a failure')
}

/** What the test reads of either simulator's events. */
type SimEvent = { readonly type: string; readonly path?: string; readonly channel?: string }

const limit = {
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'limit',
  price: new Decimal('1000'),
  quantity: new Decimal('0.01'),
}

/** Requests a JavaScript caller can write that the types would refuse, and what the refusal names. */
const BAD_ORDERS: [what: string, request: unknown, names: string][] = [
  ['a number price', { ...limit, price: 1000 }, 'price must be a Decimal'],
  ['a string quantity', { ...limit, quantity: '0.01' }, 'quantity must be a Decimal'],
  [
    'a number quote quantity',
    { symbol: 'BTC/USDT', side: 'buy', type: 'market', quoteQuantity: 100 },
    'quoteQuantity must be a Decimal',
  ],
  ['a null request', null, 'an order request is an object'],
  ['no request', undefined, 'an order request is an object'],
  ['no symbol', { ...limit, symbol: undefined }, 'symbol is missing'],
  ['a number symbol', { ...limit, symbol: 42 }, 'symbol must be a string'],
  ['an unknown time in force', { ...limit, timeInForce: 'DAY' }, 'timeInForce must be one of'],
  ['an unknown order type', { ...limit, type: 'stop' }, 'type must be one of'],
  ['an upper-case side', { ...limit, side: 'BUY' }, 'side must be buy or sell'],
  // a field the venue does not read would place another order than the one meant
  [
    'a field the model has not (postOnly)',
    { ...limit, postOnly: true },
    'unknown field postOnly; valid: symbol',
  ],
  [
    'a misspelt field',
    { ...limit, quantiy: new Decimal('1') },
    'unknown field quantiy; did you mean quantity?',
  ],
  [
    "another venue's field (Coinbase's expiresAt)",
    { ...limit, expiresAt: new Date(0) },
    'unknown field expiresAt',
  ],
]

describe('e2e: input from JavaScript callers is refused before anything is sent', () => {
  let sim: Simulator
  let client: Client
  let sent: Recorder<SimEvent>[]

  before(async () => {
    sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 3 })
    const { bybit, binance } = sim.clientOptions().venues
    client = createClient({
      venues: { bybit: { ...bybit, logger: silentLogger }, binance: { ...binance, logger: silentLogger } },
      logger: silentLogger,
    })
    sent = [record<SimEvent>(sim.venue('bybit').events$), record<SimEvent>(sim.venue('binance').events$)]
    // both drivers have their instruments, so a refusal below cannot hide behind a failed listing
    await firstValueFrom(client.instruments$('bybit'))
    await firstValueFrom(client.instruments$('binance'))
  })

  after(async () => {
    await client.close()
    for (const r of sent) r.stop()
    await sim.close()
  })

  /** What the simulators saw beyond the listings and clock reads: order calls, private sockets. */
  const orderTraffic = () =>
    sent
      .flatMap((r) => r.seen)
      .filter((e) =>
        e.type === 'request' || e.type === 'received'
          ? !/instruments-info|exchangeInfo|\/time$/.test(e.path ?? '')
          : e.channel === 'private' || e.type === 'authenticated' || e.type === 'user-stream',
      )

  for (const venue of ['bybit', 'binance'] as const) {
    for (const [what, request, names] of BAD_ORDERS) {
      it(`${venue}: ${what}`, async () => {
        const account: VenueTrading = client.account(venue)
        const error = await failureOf(account.placeOrder(request as never))
        expect(error.kind).to.equal('invalid-request')
        expect(String(error.message)).to.contain(names)
        expect(orderTraffic()).to.deep.equal([])
      })
    }

    it(`${venue}: a null or id-less order reference`, async () => {
      const account = client.account(venue)
      for (const ref of [
        null,
        { symbol: 'BTC/USDT' },
        { clientOrderId: 'x' },
        { symbol: 'BTC/USDT', id: 7 },
      ]) {
        const cancel = await failureOf(account.cancelOrder(ref as never))
        const get = await failureOf(account.getOrder(ref as never))
        expect([cancel.kind, get.kind], JSON.stringify(ref)).to.deep.equal([
          'invalid-request',
          'invalid-request',
        ])
      }
      expect(orderTraffic()).to.deep.equal([])
    })

    it(`${venue}: candle intervals named like inherited properties`, async () => {
      for (const interval of ['constructor', 'toString', '__proto__']) {
        const live = await failureOf(client.candles$(venue, 'BTC/USDT', interval as never))
        const history = await failureOf(
          client.history.candles(venue, 'BTC/USDT', {
            interval: interval as never,
            from: new Date(0),
            to: new Date(60_000),
          }),
        )
        expect([live.kind, history.kind], interval).to.deep.equal(['invalid-request', 'invalid-request'])
      }
    })
  }

  it('bybit: an amendment with a number price', async () => {
    const amend = client.account('bybit').amendOrder
    expect(amend).to.be.a('function')
    const error = await failureOf(
      (amend as NonNullable<typeof amend>)({ symbol: 'BTC/USDT', clientOrderId: 'x' }, {
        price: 1000,
      } as never),
    )
    expect([error.kind, String(error.message)]).to.deep.equal([
      'invalid-request',
      "order x: bybit amendment refused before sending: price must be a Decimal (new Decimal('…')), got number 1000",
    ])
    expect(orderTraffic()).to.deep.equal([])
  })

  for (const venue of ['bybit', 'binance'] as const) {
    it(`${venue}: what the caller held an order for counts against its deadline (heldMs)`, async () => {
      const account = client.account(venue)
      const held = await failureOf(account.placeOrder(limit as never, { heldMs: 60_000 }))
      expect(held.kind).to.equal('rate-limit')
      expect(String(held.message)).to.contain('not sent within its deadline')
      for (const options of [{ heldMs: -1 }, { heldMs: '5' }, 5]) {
        const bad = await failureOf(account.placeOrder(limit as never, options as never))
        expect(bad.kind, JSON.stringify(options)).to.equal('invalid-request')
        expect(String(bad.message)).to.match(/placeOrder options/)
      }
      expect(orderTraffic()).to.deep.equal([])
    })
  }

  it('a valid order is seen by the simulator, so the checks above would have seen a bad one', async () => {
    const order = await firstValueFrom(client.account('bybit').placeOrder(limit as never))
    expect(order.status).to.equal('new')
    expect(orderTraffic().length).to.be.greaterThan(0)
  })

  it('history ranges whose ends are not times, naming the value', async () => {
    const error = await failureOf(
      client.history.trades('binance', 'BTC/USDT', { from: 0, to: '01/02/2024' } as never),
    )
    expect(error.kind).to.equal('invalid-request')
    expect(error.message).to.contain('to "01/02/2024" is not a time')
  })
})
