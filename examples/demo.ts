/**
 * The demo: BTC/USDT on Bybit and Binance at once, as one merged book, best prices per venue and
 * overall, the cross-venue spread, BTC/USD on Coinbase beside them (US dollars are not USDT: its prices
 * are shown apart and never converted), and each venue's connection health. On the built-in simulator
 * Bybit and Binance misbehave every few seconds (dropped sockets, a skipped update id): watch the venue
 * turn stale, leave the merged book, and come back on its own.
 *
 *   npm run demo                         # simulated Bybit and Binance, until Ctrl-C
 *   npm run demo -- --duration 10        # ten seconds, then exit
 *   npm run demo -- --seed 7             # another simulated market
 *   npm run demo -- --faults-every 1     # a fault every second (default every 3)
 *   npm run demo -- --live               # the real venues, no faults
 */
import {
  EMPTY,
  NEVER,
  first,
  fromEvent,
  ignoreElements,
  interval,
  lastValueFrom,
  merge,
  switchMap,
  takeUntil,
  tap,
  timer,
} from 'rxjs'
import {
  createClient,
  type BestBidAsk,
  type CrossSpread,
  type Decimal,
  type MarketPair,
  type MergedBook,
  type PairQuote,
  type VenueEvent,
  type VenueHealth,
  defaultClientOptions,
  silentLogger,
} from 'rxvenue'
import { DEFAULT_BINANCE_INSTRUMENTS, startSimulator, type Simulator } from 'rxvenue/testing'
import { commandLine, refuse } from './support/cli.js'
import { eventLine, largestLevel, levelLine, quoteLine, styleFor } from './support/demo-render.js'

const USAGE = 'usage: demo [--duration seconds] [--live | [--seed integer] [--faults-every seconds]]'
const SYMBOL = 'BTC/USDT'
/** The venues quoting BTC in USDT: one merged book, one overall best. */
const USDT_VENUES = ['bybit', 'binance'] as const
const PAIRS = [
  ['bybit', SYMBOL],
  ['binance', SYMBOL],
] as const satisfies readonly MarketPair[]
/** Coinbase quotes BTC in US dollars, another asset: shown beside the others, never merged or converted. */
const USD_PAIR = ['coinbase', 'BTC/USD'] as const satisfies MarketPair
const VENUES = [...USDT_VENUES, USD_PAIR[0]] as const
const DEPTH = 8

function options() {
  const values = commandLine(USAGE, {
    duration: { type: 'string' },
    'faults-every': { type: 'string' },
    live: { type: 'boolean', default: false },
    seed: { type: 'string' },
  })
  const duration = values.duration === undefined ? undefined : Number(values.duration)
  if (duration !== undefined && !(duration > 0)) throw new Error('--duration takes a number of seconds > 0')
  const seed = values.seed === undefined ? 42 : Number(values.seed)
  if (!Number.isInteger(seed)) throw new Error('--seed takes an integer')
  const faultsEvery = Number(values['faults-every'] ?? 3)
  if (!(faultsEvery > 0)) throw new Error('--faults-every takes a number of seconds > 0')
  if (values.live && (values.seed !== undefined || values['faults-every'] !== undefined))
    throw new Error('--seed and --faults-every are for the simulator; --live has neither')
  return { duration, seed, faultEveryMs: faultsEvery * 1000, live: values.live }
}

let args: ReturnType<typeof options>
try {
  args = options()
} catch (e) {
  refuse(USAGE, e instanceof Error ? e.message : String(e))
}

// What the screen shows: the latest value of every stream.
const view = {
  book: undefined as MergedBook | undefined,
  best: undefined as BestBidAsk | undefined,
  usd: undefined as BestBidAsk | undefined,
  spread: undefined as CrossSpread | undefined,
  health: new Map<string, VenueHealth>(),
  log: [] as string[],
  stale: '',
  /** When each venue last turned fresh again after being stale. */
  recoveredAt: new Map<string, number>(),
  everFresh: new Set<string>(),
  wentStale: new Set<string>(),
  drawn: false,
}

// The simulated Binance BTC/USDT gets Bybit's 0.1 tick (the real one has 0.01), so the two books share
// price levels and the merged book shows both venues' sizes side by side.
const sim = args.live
  ? undefined
  : await startSimulator({
      venues: [...VENUES],
      seed: args.seed,
      tickMs: 50,
      binance: {
        instruments: DEFAULT_BINANCE_INSTRUMENTS.map((i) =>
          i.symbol === SYMBOL ? { ...i, tickSize: '0.1' } : i,
        ),
      },
    })
// The demo lists venue events itself; the default console logger would write over the screen. Live, the
// venues' real endpoints, or where the RXVENUE_* environment variables point (a proxy, a test network).
const client = createClient({
  ...(sim === undefined ? defaultClientOptions(process.env) : sim.clientOptions()),
  logger: silentLogger,
})
const tty = process.stdout.isTTY === true
// colour on a terminal unless NO_COLOR; plain text in a pipe or a log
const style = styleFor(process.stdout, process.env)
/** How long a venue that came back is shown in green. */
const RECOVERED_MS = 3000

// Every stream of the demo, merged; each just stores what it got, and the screen is drawn on a timer.
const feeds = merge(
  client.mergedBook$(PAIRS, { depth: DEPTH }).pipe(tap((b) => (view.book = b))),
  client.bestBidAsk$(PAIRS).pipe(tap(onBest)),
  client.bestBidAsk$([USD_PAIR]).pipe(tap((b) => (view.usd = b))),
  client.spread$(PAIRS[0], PAIRS[1]).pipe(tap((s) => (view.spread = s))),
  ...VENUES.map((v) => client.health$(v).pipe(tap((h) => view.health.set(v, h)))),
  client.events$().pipe(tap((e) => note(e.at, describe(e)))),
  interval(tty ? 250 : 1000).pipe(tap(render)),
  sim === undefined ? EMPTY : faults(sim),
)
const stop$ = merge(
  fromEvent(process, 'SIGINT'),
  args.duration === undefined ? NEVER : timer(args.duration * 1000),
)

let failure: string | undefined
try {
  await lastValueFrom(feeds.pipe(ignoreElements(), takeUntil(stop$)), { defaultValue: undefined })
} catch (e) {
  // e.g. `cannot reach api.bybit.com: getaddrinfo ENOTFOUND api.bybit.com` when --live has no network
  failure = e instanceof Error ? e.message : String(e)
  note(new Date(), `stopped by an error: ${failure}`)
  process.exitCode = 1
} finally {
  await client.close()
  await sim?.close()
  note(new Date(), 'stopped, connections closed')
  render()
  if (failure !== undefined) console.error(failure)
}

/** Faults every few seconds, the first a second after both books are live. */
function faults(s: Simulator) {
  return client.bestBidAsk$(PAIRS).pipe(
    first((best) => best.venues.every((q) => !q.stale)),
    switchMap(() => timer(1000, args.faultEveryMs)),
    tap((n) => injectFault(s, n)),
  )
}

/** Bybit and Binance take turns: mostly a dropped connection, every third time a lost book update. */
function injectFault(s: Simulator, n: number): void {
  const venue = USDT_VENUES[n % 2]!
  if (n % 3 === 2) {
    note(new Date(), `fault: ${venue} skips a book update id`)
    s.venue(venue).faults.skipUpdateId()
  } else {
    note(new Date(), `fault: ${venue} drops its sockets`)
    s.venue(venue).faults.dropSockets()
  }
}

function onBest(best: BestBidAsk): void {
  view.best = best
  // A venue turning stale or fresh is worth a frame of its own, drawn once every stream has seen it.
  const stale = best.venues.map((q) => `${q.venue}:${q.staleReason ?? 'fresh'}`).join(' ')
  // a recovery is fresh after stale, not the first view after connecting
  for (const q of best.venues) {
    if (q.stale) {
      if (view.everFresh.has(q.venue)) view.wentStale.add(q.venue)
    } else {
      view.everFresh.add(q.venue)
      if (view.wentStale.delete(q.venue)) {
        view.recoveredAt.set(q.venue, Date.now())
        note(new Date(), `${q.venue} fresh again`)
      }
    }
  }
  if (view.stale !== '' && stale !== view.stale) queueMicrotask(render)
  view.stale = stale
}

function describe(e: VenueEvent): string {
  switch (e.type) {
    case 'connected':
      return `${e.venue} connected ${e.channel}${e.reconnect ? ' (reconnect)' : ''}`
    case 'disconnected':
      return `${e.venue} disconnected ${e.channel}: ${e.reason}`
    case 'reconnecting':
      return `${e.venue} reconnecting ${e.channel} in ${e.delayMs} ms (attempt ${e.attempt})`
    case 'resync':
      return `${e.venue} resync ${e.symbol} (${e.reason})`
    case 'decode-error':
      return `${e.venue} decode error on ${e.channel}: ${e.error.message}`
    case 'rate-limited':
      return `${e.venue} rate limited${e.retryAfterMs === undefined ? '' : ` for ${e.retryAfterMs} ms`}`
    case 'request-failed':
      return `${e.venue} cannot reach ${e.host}: ${e.error.message}`
    case 'circuit':
      return `${e.venue} circuit ${e.state}${e.error ? ` (${e.error.message})` : ''}`
    case 'custody-alert':
      return `${e.venue} transaction ${e.transactionId}: ${e.reason} (${e.venueState})`
    case 'custody-warning':
      return `${e.venue} ${e.message}`
  }
}

function note(at: Date, line: string): void {
  view.log.push(`${at.toISOString().slice(11, 23)}  ${line}`)
  if (view.log.length > 6) view.log.shift()
}

function render(): void {
  const d = (x: Decimal | undefined) => x?.toString() ?? '-'
  const col = (s: string, w: number) => s.padStart(w)
  const out: string[] = []
  const source = sim === undefined ? 'live' : `simulator, seed ${args.seed}`
  out.push(
    `rxvenue demo  ${SYMBOL} (${USDT_VENUES.join(', ')})  ${USD_PAIR[1]} (${USD_PAIR[0]})  ${source}  ` +
      new Date().toISOString().slice(11, 23),
    '',
  )

  out.push(
    `merged book ${col('price', 10)}${USDT_VENUES.map((v) => col(v, 12)).join('')}${col('total', 12)}  ${SYMBOL}`,
  )
  const shown = [...(view.book?.asks ?? []), ...(view.book?.bids ?? [])]
  const largest = largestLevel(shown)
  const level = (side: 'ask' | 'bid') => (l: MergedBook['bids'][number]) =>
    levelLine(style, side, l, USDT_VENUES, largest ?? l.size)
  out.push(
    ...[...(view.book?.asks ?? [])].reverse().map(level('ask')),
    ...(view.book?.bids ?? []).map(level('bid')),
  )

  out.push('', `best     ${col('bid', 22)}${col('ask', 22)}${col('spread', 10)}  in USDT`)
  const quote = (q: PairQuote) =>
    quoteLine(style, q, Date.now() - (view.recoveredAt.get(q.venue) ?? -Infinity) < RECOVERED_MS)
  out.push(...(view.best?.venues ?? []).map(quote))
  const b = view.best
  out.push(
    `overall  ${col(`${d(b?.bid?.price)} ${b?.bid?.venue ?? ''}`, 22)}` +
      `${col(`${d(b?.ask?.price)} ${b?.ask?.venue ?? ''}`, 22)}${col(d(b?.spread), 10)}`,
  )

  out.push(
    '',
    `${USD_PAIR[1]} in US dollars: USD is not USDT, so it is shown apart and never converted`,
    ...(view.usd?.venues ?? []).map(quote),
  )

  const s = view.spread
  out.push(
    '',
    `cross-venue  buy ${USDT_VENUES[0]} sell ${USDT_VENUES[1]}: ${d(s?.buyASellB)}   ` +
      `buy ${USDT_VENUES[1]} sell ${USDT_VENUES[0]}: ${d(s?.buyBSellA)}   mid diff ${d(s?.midDiffBps?.toDecimalPlaces(2))} bps`,
  )

  out.push(
    '',
    `health   ${'status'.padEnd(13)}${col('msgs/s', 7)}${col('reconnects', 11)}` +
      `${col('last msg', 10)}${col('REST ms', 9)}${col('rate left', 10)}  breaker`,
  )
  for (const v of VENUES) {
    const h = view.health.get(v)
    if (h === undefined) continue
    const ms = (x: number | undefined) => (x === undefined ? '-' : `${Math.round(x)}`)
    out.push(
      `${v.padEnd(9)}${h.status.padEnd(13)}${col(ms(h.messagesPerSecond), 7)}${col(String(h.reconnects), 11)}` +
        `${col(h.lastMessageAgeMs === undefined ? '-' : `${ms(h.lastMessageAgeMs)}ms`, 10)}` +
        `${col(h.restLatencyMs === undefined ? '-' : h.restLatencyMs.toFixed(1), 9)}` +
        `${col(h.rateLimitHeadroom === undefined ? '-' : `${Math.round(h.rateLimitHeadroom * 100)}%`, 10)}` +
        `  ${h.breaker ?? '-'}`,
    )
  }

  out.push('', 'events', ...view.log.map((l) => `  ${eventLine(style, l)}`))
  // On a terminal the frame is redrawn in place; in a pipe or a log, frames follow each other.
  if (tty) process.stdout.write(`${view.drawn ? '' : '\x1b[2J'}\x1b[H${out.join('\x1b[K\n')}\x1b[K\n\x1b[J`)
  else process.stdout.write(`${out.join('\n')}\n\n`)
  view.drawn = true
}
