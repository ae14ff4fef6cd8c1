/**
 * A cross-venue strategy fed by piped streams: it watches BTC/USDT on Bybit and Binance and signals
 * when buying on one venue and selling on the other would earn at least `--min-edge` USDT per BTC.
 * A venue whose book is stale (disconnected, resyncing, silent) is never traded against: the signal
 * turns off until its book is fresh again.
 *
 *   node --import tsx examples/cross-venue-spread.ts                       # on the built-in simulator
 *   node --import tsx examples/cross-venue-spread.ts --live --min-edge 5   # on the real venues
 */
import {
  EMPTY,
  NEVER,
  delay,
  distinctUntilChanged,
  first,
  fromEvent,
  ignoreElements,
  lastValueFrom,
  map,
  merge,
  takeUntil,
  tap,
  timer,
} from 'rxjs'
import { Decimal, createClient, type CrossSpread, type MarketPair, type VenueId } from 'rxvenue'
import { startSimulator } from 'rxvenue/testing'
import { commandLine, refuse } from './support/cli.js'

const USAGE = 'usage: cross-venue-spread [--live] [--duration seconds] [--min-edge USDT]'

type Signal =
  | { on: true; buy: VenueId; sell: VenueId; ask: Decimal; bid: Decimal; edge: Decimal }
  | { on: false; why: string }

function options() {
  const values = commandLine(USAGE, {
    live: { type: 'boolean', default: false },
    duration: { type: 'string' },
    'min-edge': { type: 'string', default: '0.5' },
  })
  const duration = values.duration === undefined ? undefined : Number(values.duration)
  if (duration !== undefined && !(duration > 0)) throw new Error('--duration takes a number of seconds > 0')
  const minEdge = new Decimal(values['min-edge'])
  if (!minEdge.isFinite()) throw new Error('--min-edge takes a number of USDT')
  return { live: values.live, duration, minEdge }
}

let args: ReturnType<typeof options>
try {
  args = options()
} catch (e) {
  refuse(USAGE, e instanceof Error ? e.message : String(e))
}

const A: MarketPair = ['bybit', 'BTC/USDT']
const B: MarketPair = ['binance', 'BTC/USDT']

// The whole strategy: the better of the two directions, or why there is nothing to do.
function signal(s: CrossSpread): Signal {
  const stale = [s.a, s.b].find((q) => q.stale)
  if (stale !== undefined) return { on: false, why: `${stale.venue} stale (${stale.staleReason ?? '?'})` }
  const { a, b, buyASellB, buyBSellA } = s
  if (buyASellB === undefined || buyBSellA === undefined || !a.ask || !a.bid || !b.ask || !b.bid)
    return { on: false, why: 'a book side is empty' }
  const best = buyASellB.gte(buyBSellA)
    ? { on: true as const, buy: a.venue, sell: b.venue, ask: a.ask.price, bid: b.bid.price, edge: buyASellB }
    : { on: true as const, buy: b.venue, sell: a.venue, ask: b.ask.price, bid: a.bid.price, edge: buyBSellA }
  return best.edge.gte(args.minEdge) ? best : { on: false, why: `edge below ${args.minEdge.toString()}` }
}

const show = (s: Signal) =>
  s.on
    ? `SIGNAL buy ${s.buy} @ ${s.ask.toString()}, sell ${s.sell} @ ${s.bid.toString()}: edge ${s.edge.toString()}`
    : `off: ${s.why}`

const sim = args.live
  ? undefined
  : await startSimulator({ venues: ['bybit', 'binance'], seed: 42, tickMs: 20 })
const client = createClient(sim?.clientOptions())

const spread$ = client.spread$(A, B)
const signals$ = spread$.pipe(
  map(signal),
  // Only changes of what to do are signals: on in one direction, the other, or off for a reason.
  distinctUntilChanged((x, y) => (x.on && y.on ? x.buy === y.buy : !x.on && !y.on && x.why === y.why)),
  tap((s) => console.log(`${new Date().toISOString().slice(11, 23)}  ${show(s)}`)),
)
// On the simulator, Binance drops its connection once, a second after both books are live, so the
// pause on a stale venue shows.
const fault$ =
  sim === undefined
    ? EMPTY
    : spread$.pipe(
        first((s) => !s.stale),
        delay(1000),
        tap(() => sim.venue('binance').faults.dropSockets()),
        ignoreElements(),
      )

const stop$ = merge(
  fromEvent(process, 'SIGINT'),
  args.duration === undefined ? NEVER : timer(args.duration * 1000),
)
try {
  await lastValueFrom(merge(signals$, fault$).pipe(takeUntil(stop$)), { defaultValue: undefined })
} finally {
  await client.close()
  await sim?.close()
}
