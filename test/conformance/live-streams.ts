/**
 * Every stream a venue declares, opened on a client at once and recorded under one name each, and a
 * way to make each of them deliver without racing the venue's subscriptions.
 */
import { lastValueFrom, map, merge, tap, type Observable, type Subscription } from 'rxjs'
import type { Client, Instrument } from 'rxvenue'
import { bookDepthOf, type Rig } from './rig.js'
import { orderSize, record, until, type Recorder } from './support.js'

/** What one stream of the client delivered. */
export interface Delivery {
  readonly stream: string
  readonly value: unknown
}

/** How a stream ended: `complete`, or `error: <message>`; absent while it runs. */
export type Ending = 'complete' | `error: ${string}`

/** The streams of one venue on one client, each recorded as it delivers. */
export interface LiveStreams {
  /** The names of the streams opened: `book`, `trades`, `ticker`, `candles`, `orders`, `fills`, `balances`. */
  readonly names: readonly string[]
  /** Everything every stream delivered, in order. */
  readonly seen: Recorder<Delivery>
  /** How each stream that ended did, by name. */
  readonly ended: ReadonlyMap<string, Ending>
  /** The book depth watched. */
  readonly depth: number | undefined
  /**
   * Moves the market now and after every subscription the venue reports, until every stream delivered
   * something after `mark` (an index into `seen`): the last move comes after the last subscription,
   * so no stream waits on a race with its subscription.
   */
  deliverAfter(mark: number, what: string): Promise<void>
  stop(): void
}

/** A client order id of the order the account streams report on. */
const PROBE = 'conformance-probe'

/**
 * Opens the public and account streams a venue declares on `client`, and places a buy resting at the
 * best bid for the account streams to report on (filled a lot at a time as the market moves).
 *
 * @example
 * const live = await openStreams(rig, rig.client, instrument, { health: rig.client.health$(rig.id) })
 * await live.deliverAfter(0, 'at first')
 */
export async function openStreams(
  rig: Rig,
  client: Client,
  instrument: Instrument,
  extra: Readonly<Record<string, Observable<unknown>>> = {},
): Promise<LiveStreams> {
  const { sim, adapter, id, module } = rig
  const caps = module.capabilities
  const { symbol, lotSize } = instrument
  const account = caps.trading?.privateStreams
  const interval = caps.marketData.candleIntervals.includes('1m') ? '1m' : caps.marketData.candleIntervals[0]
  const depth = bookDepthOf(module)

  if (account !== undefined) {
    const bid = sim.book(symbol, 1).bids[0]?.price
    if (bid === undefined) throw new Error(`${id}: the simulated book has no bid`)
    await lastValueFrom(
      client.account(id).placeOrder({
        symbol,
        side: 'buy',
        type: 'limit',
        timeInForce: 'GTC',
        price: bid,
        quantity: orderSize(instrument, bid),
        clientOrderId: PROBE,
      }),
    )
  }
  const streams: Record<string, Observable<unknown>> = {
    ...(caps.marketData.book ? { book: client.orderBook$(id, symbol, { depth }) } : {}),
    ...(caps.marketData.trades ? { trades: client.trades$(id, symbol) } : {}),
    ...(caps.marketData.ticker ? { ticker: client.ticker$(id, symbol) } : {}),
    ...(interval !== undefined ? { candles: client.candles$(id, symbol, interval) } : {}),
    ...(account?.orders ? { orders: client.account(id).orderUpdates$() } : {}),
    ...(account?.fills ? { fills: client.account(id).fills$() } : {}),
    ...(account?.balances ? { balances: client.account(id).balanceUpdates$() } : {}),
    ...extra,
  }
  const names = Object.keys(streams)
  const ended = new Map<string, Ending>()
  const seen = record(
    merge(
      ...names.map((stream) =>
        (streams[stream] as Observable<unknown>).pipe(
          tap({
            complete: () => ended.set(stream, 'complete'),
            error: (e: unknown) => ended.set(stream, `error: ${e instanceof Error ? e.message : String(e)}`),
          }),
          map((value) => ({ stream, value })),
        ),
      ),
    ),
  )
  /** The market moves, a trade prints, and a lot of the resting order fills. */
  const act = () => {
    sim.step(3, symbol)
    sim.trade({ symbol, side: 'buy', qty: lotSize })
    if (account !== undefined) adapter.fillOrder(sim, symbol, PROBE, lotSize)
  }
  return {
    names,
    seen,
    ended,
    depth,
    deliverAfter: async (mark, what) => {
      let acting: Subscription | undefined
      try {
        acting = sim.events$.subscribe((e) => {
          if (adapter.subscribedTopics(e).length > 0) setImmediate(act)
        })
        act()
        await until(
          () => new Set(seen.seen.slice(mark).map((d) => d.stream)).size === names.length,
          `every stream delivering ${what}`,
        )
      } finally {
        acting?.unsubscribe()
      }
    },
    stop: () => seen.stop(),
  }
}
