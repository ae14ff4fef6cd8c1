import { expect } from 'chai'
import { lastValueFrom, toArray } from 'rxjs'
import { Decimal, type BinanceVenue, type VenueError, type VenueTrading } from '../../index.js'
import { startBinanceRig, type BinanceRig } from './binance-support.js'
import { signal } from './support.js'
import { TestClock } from './test-clock.js'

const SYMBOL = 'BTC/USDT'
const CALLS = 1000
const MINUTE = 60_000
/** Below what the mix below asks for, so the client has to hold requests over into the next minute. */
const WEIGHT_LIMIT = 4000
/** The venue's minute ends this long after the warm-up. */
const LEAD_MS = 2500
/** Any minute boundary of the venue's clock; the simulator starts just before it. */
const BOUNDARY = Date.UTC(2025, 5, 2, 12, 0, 0)

/** Request weight per path, for the parameters the calls below use (Binance's documented figures). */
const WEIGHTS: Readonly<Record<string, number>> = {
  'GET /api/v3/time': 1,
  'GET /api/v3/exchangeInfo': 20,
  'GET /api/v3/ticker/bookTicker': 2,
  'GET /api/v3/ticker/24hr': 2,
  'GET /api/v3/depth': 5,
  'GET /api/v3/aggTrades': 4,
  'GET /api/v3/trades': 25,
  'GET /api/v3/klines': 2,
  'GET /api/v3/openOrders': 6,
  'GET /api/v3/order': 4,
  'GET /api/v3/account': 20,
  'POST /api/v3/order': 1,
}

interface Answer {
  readonly key: string
  readonly status: number
  readonly code: number | undefined
  /** The simulator's clock when it answered. */
  readonly at: number
}

describe('binance e2e: 1 000 mixed requests within the venue weight limit', () => {
  let rig: BinanceRig
  let clock: TestClock
  const answers: Answer[] = []

  beforeEach(async () => {
    // Both clocks stand still until the test moves them, so the minute ends when the test says, not
    // when the machine gets there: how much fits into the first minute does not depend on load.
    clock = new TestClock({ at: BOUNDARY - LEAD_MS })
    rig = await startBinanceRig({
      seed: 11,
      simulator: { rateLimits: { requestWeightPerMinute: WEIGHT_LIMIT } },
      driver: { scheduler: clock },
    })
    const { binance } = rig
    binance.setClock(BOUNDARY - LEAD_MS)
    answers.length = 0
    binance.events$.subscribe((e) => {
      if (e.type === 'request')
        answers.push({ key: `${e.method} ${e.path}`, status: e.status, code: e.code, at: binance.now() })
    })
  })

  afterEach(() => rig.close())

  it('holds what does not fit over to the next minute: no 429 for the caller, none and no 418 at the venue', async () => {
    const { client, binance } = rig
    const venue = client.venue('binance') as BinanceVenue
    const account: VenueTrading = client.account('binance')
    const rateLimited: VenueError[] = []
    client.events$().subscribe((e) => {
      if (e.type === 'rate-limited') rateLimited.push(e.error)
    })
    // the driver learns the limit from exchangeInfo and the venue clock from its first signed request
    await lastValueFrom(client.instruments$('binance'))
    await lastValueFrom(account.balances())
    const resting = await lastValueFrom(
      account.placeOrder({
        symbol: SYMBOL,
        side: 'buy',
        type: 'limit',
        timeInForce: 'GTC',
        price: new Decimal('30000'),
        quantity: new Decimal('0.001'),
        clientOrderId: 'e2e-limit-resting',
      }),
    )
    expect(resting.status, 'an order for the queries to find').to.equal('new')

    const hour = 3_600_000
    const kinds = [
      'time',
      'book-ticker',
      'ticker',
      'depth',
      'agg-trades',
      'trades',
      'klines',
      'open-orders',
      'order',
    ] as const
    type Kind = (typeof kinds)[number]
    const call = (kind: Kind): Promise<string> => {
      switch (kind) {
        case 'time':
          return lastValueFrom(venue.serverTime()).then(() => 'time')
        case 'book-ticker':
          return lastValueFrom(venue.bookTicker(SYMBOL)).then((t) => t.symbol)
        case 'ticker':
          return lastValueFrom(venue.tickers(SYMBOL)).then((list) => list.map((t) => t.symbol).join())
        case 'depth':
          return lastValueFrom(venue.orderBook(SYMBOL, { limit: 100 })).then(
            (b) => `${b.bids.length}/${b.asks.length}`,
          )
        case 'agg-trades':
          return lastValueFrom(venue.aggTrades(SYMBOL, { limit: 10 })).then(() => 'agg')
        case 'trades':
          return lastValueFrom(venue.recentTrades(SYMBOL, { limit: 10 })).then(() => 'trades')
        case 'klines':
          return lastValueFrom(
            venue
              .candleHistory(SYMBOL, {
                interval: '1h',
                from: new Date(BOUNDARY - 10 * hour),
                to: new Date(BOUNDARY - 5 * hour),
              })
              .pipe(toArray()),
          ).then((c) => String(c.length))
        case 'open-orders':
          return lastValueFrom(account.openOrders(SYMBOL)).then((list) =>
            list.map((o) => o.clientOrderId).join(),
          )
        case 'order':
          return lastValueFrom(account.getOrder({ symbol: SYMBOL, clientOrderId: 'e2e-limit-resting' })).then(
            (o) => o.status,
          )
      }
    }
    const expected: Record<Kind, string> = {
      time: 'time',
      'book-ticker': SYMBOL,
      ticker: SYMBOL,
      depth: '100/100',
      'agg-trades': 'agg',
      trades: 'trades',
      klines: '5',
      'open-orders': 'e2e-limit-resting',
      order: 'new',
    }
    const fired = Array.from({ length: CALLS }, (_, i) => kinds[i % kinds.length] as Kind)
    const warmUp = answers.length
    const calls = Promise.allSettled(fired.map(call))
    // The first minute is over once every call is either answered or waiting in the limiter.
    const queued = () => venue.health?.().rateLimit?.queued ?? 0
    const settledInMinute = () => answers.length - warmUp + queued() === CALLS && queued() > 0
    if (!settledInMinute())
      await signal(
        binance.events$,
        () => settledInMinute(),
        'every call answered or held for the next minute',
      )
    binance.setClock(BOUNDARY)
    clock.advance(LEAD_MS)
    const settled = await calls

    const failures = settled.flatMap((s, i) =>
      s.status === 'rejected'
        ? [`${fired[i]}: ${s.reason instanceof Error ? s.reason.message : String(s.reason)}`]
        : [],
    )
    expect(failures, 'errors that reached the caller').to.deep.equal([])
    const wrong = settled.flatMap((s, i) =>
      s.status === 'fulfilled' && s.value !== expected[fired[i] as Kind] ? [`${fired[i]}: ${s.value}`] : [],
    )
    expect(wrong, 'wrong answers').to.deep.equal([])
    expect(rateLimited, 'rate-limited events of the client').to.deep.equal([])

    // the venue's side: every answer a success, and no minute over the limit
    const refused = answers.filter((a) => a.status !== 200)
    expect(
      refused.map((a) => `${a.key} ${a.status} ${String(a.code)}`),
      'refusals at the venue',
    ).to.deep.equal([])
    expect(answers.length - warmUp, 'one request per call').to.equal(CALLS)
    const perMinute = new Map<number, number>()
    for (const a of answers) {
      const weight = WEIGHTS[a.key]
      if (weight === undefined) throw new Error(`no weight known for ${a.key}`)
      const minute = Math.floor(a.at / MINUTE)
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + weight)
    }
    const first = perMinute.get(BOUNDARY / MINUTE - 1) ?? 0
    const second = perMinute.get(BOUNDARY / MINUTE) ?? 0
    expect([...perMinute.keys()], 'requests in two minutes').to.deep.equal([
      BOUNDARY / MINUTE - 1,
      BOUNDARY / MINUTE,
    ])
    expect(first, 'weight of the first minute').to.be.at.most(WEIGHT_LIMIT)
    expect(first, 'the first minute used nearly all of its budget').to.be.above(WEIGHT_LIMIT - 25)
    expect(second, 'what did not fit went in the next minute').to.be.above(0).and.at.most(WEIGHT_LIMIT)
  })
})
