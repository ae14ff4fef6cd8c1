import { expect } from 'chai'
import {
  catchError,
  filter,
  firstValueFrom,
  map,
  merge,
  of,
  toArray,
  type Observable,
  type Subscription,
} from 'rxjs'
import type { BybitVenue, VenueEvent } from '../../index.js'
import { record, startRig, type BybitRig } from './support.js'

const SYMBOL = 'BTC/USDT'
const CALLS = 500

const KINDS = ['instruments', 'tickers', 'orderbook', 'open-orders'] as const
type Kind = (typeof KINDS)[number]
type Outcome =
  { readonly kind: Kind; readonly value: string } | { readonly kind: Kind; readonly error: string }

describe('bybit e2e: a burst of REST calls within the venue limits', () => {
  let rig: BybitRig
  let burst: Subscription | undefined

  beforeEach(async () => {
    rig = await startRig({ seed: 3 })
  })

  afterEach(async () => {
    burst?.unsubscribe() // a failed run leaves nothing queued in the limiter
    await rig.close()
  })

  it(`finishes ${CALLS} mixed calls fired at once with no error and no limit breach at the venue`, async () => {
    const { client, bybit, simEvents } = rig
    const venue = client.venue('bybit') as BybitVenue
    const account = client.account('bybit')
    const events = record(client.events$())
    const resting = bybit.placeResting({ symbol: SYMBOL, side: 'buy', price: '60000', qty: '0.001' })
    const answered = () => simEvents.count((e) => e.type === 'request')
    // venue time of every open-orders answer: the endpoint the venue limits to 50 per rolling second
    const queriedAt: number[] = []
    const watch = bybit.events$.subscribe((e) => {
      if (e.type === 'request' && e.path === '/v5/order/realtime') queriedAt.push(bybit.now())
    })

    const call = (kind: Kind): Observable<string> => {
      switch (kind) {
        case 'instruments':
          return client.instruments$('bybit').pipe(map((list) => list.map((i) => i.symbol).join()))
        case 'tickers':
          return venue.tickers(SYMBOL).pipe(map((list) => list.map((t) => t.symbol).join()))
        case 'orderbook':
          return venue.orderBook(SYMBOL, { limit: 50 }).pipe(map((b) => `${b.bids.length}/${b.asks.length}`))
        case 'open-orders':
          return account.openOrders(SYMBOL).pipe(map((list) => list.map((o) => o.id).join()))
      }
    }
    const before = answered()
    const fired = Array.from({ length: CALLS }, (_, i) => KINDS[i % KINDS.length] as Kind)
    const all$ = merge(
      ...fired.map((kind) =>
        call(kind).pipe(
          map((value): Outcome => ({ kind, value })),
          catchError((e: unknown) =>
            of<Outcome>({ kind, error: e instanceof Error ? e.message : String(e) }),
          ),
        ),
      ),
    ).pipe(toArray())
    // a 403 bans the IP for minutes: nothing more would come, so stop there and report it
    const banned = firstValueFrom(
      bybit.events$.pipe(filter((e) => e.type === 'request' && e.status === 403)),
      { defaultValue: undefined },
    )
    const outcomes = await new Promise<Outcome[]>((resolve, reject) => {
      burst = all$.subscribe({ next: resolve, error: reject })
      void banned.then((ban) => ban && resolve([]))
    })

    const breaches = simEvents.seen.flatMap((e) =>
      e.type === 'request' && (e.status === 403 || e.status === 429 || e.retCode === 10006)
        ? [`${e.method} ${e.path}: HTTP ${e.status}, retCode ${String(e.retCode)}`]
        : [],
    )
    expect(breaches, 'limit breaches the venue saw').to.deep.equal([])
    expect(outcomes).to.have.length(CALLS)
    const errors = outcomes.flatMap((o) => ('error' in o ? [`${o.kind}: ${o.error}`] : []))
    expect(errors, 'errors that reached the caller').to.deep.equal([])
    const expected: Record<Kind, string> = {
      instruments: 'BTC/USDT,ETH/USDT',
      tickers: SYMBOL,
      orderbook: '50/50',
      'open-orders': resting.orderId,
    }
    const wrong = outcomes.filter((o) => 'value' in o && o.value !== expected[o.kind])
    expect(wrong, 'answers that are not what the venue holds').to.deep.equal([])

    // the instruments calls share the one listing request in flight
    const listings = simEvents.seen.filter(
      (e) => e.type === 'request' && e.path === '/v5/market/instruments-info',
    )
    expect(
      listings,
      'one instruments request for every call that came while it was in flight',
    ).to.have.length(1)
    const perCall = CALLS - CALLS / KINDS.length
    expect(answered() - before, 'a request per other call').to.be.at.least(perCall + 1)
    expect(events.count((e: VenueEvent) => e.type === 'rate-limited')).to.equal(0)
    // the limiter delayed instead: 125 queries at 50 per rolling second take more than two seconds
    const queries = CALLS / KINDS.length
    expect(queriedAt).to.have.length(queries)
    expect((queriedAt[queries - 1] as number) - (queriedAt[0] as number)).to.be.greaterThan(2000)
    watch.unsubscribe()
    events.stop()
  })
})
