/**
 * The demo: a live BTC/USDT book from the built-in venue, kept exact and self-healing while the venue
 * drops its connection and skips sequence numbers now and then.
 *
 *   npm run demo                       # until Ctrl-C
 *   npm run demo -- --duration 5       # five seconds, then exit
 */
import { interval, type Subscription } from 'rxjs'
import { createMockVenue, orderBook$, type BookLevel, type OrderBook, type VenueEvent } from '../index.js'

const args = process.argv.slice(2)
const durationArg = args.indexOf('--duration')
const durationS = durationArg >= 0 ? Number(args[durationArg + 1]) : undefined
if (durationS !== undefined && !(durationS > 0)) throw new Error('--duration takes a number of seconds > 0')
const tty = process.stdout.isTTY === true

const SYMBOL = 'BTC/USDT'
const DEPTH = 8
const venue = createMockVenue({ seed: 42, intervalMs: 50, levels: 25 })

let last: OrderBook | undefined
let updates = 0
let updatesThisSecond = 0
let rate = 0
let inSync = 0
let outOfSync = 0
const log: string[] = []

const sameSide = (view: readonly BookLevel[], truth: readonly BookLevel[]) =>
  view.length === Math.min(DEPTH, truth.length) &&
  view.every((l, i) => truth[i]?.price.eq(l.price) === true && truth[i]?.size.eq(l.size) === true)
const subs: Subscription[] = []

subs.push(
  orderBook$(venue, SYMBOL, { depth: DEPTH }).subscribe((book) => {
    last = book
    updates += 1
    updatesThisSecond += 1
    // The venue's own book is the truth: count every view that matches it exactly.
    const truth = venue.book(SYMBOL)
    if (sameSide(book.bids, truth.bids) && sameSide(book.asks, truth.asks)) inSync += 1
    else outOfSync += 1
  }),
)
subs.push(venue.events$.subscribe((e) => note(e)))
subs.push(
  interval(1000).subscribe((s) => {
    rate = updatesThisSecond
    updatesThisSecond = 0
    // Every few seconds the venue misbehaves, so the healing is visible.
    if (s % 4 === 0) venue.faults.disconnect({ downMs: 300 })
    if (s % 4 === 2) venue.faults.gap(SYMBOL)
    render()
  }),
)

function note(e: VenueEvent): void {
  const when = e.at.toISOString().slice(11, 23)
  const what =
    e.type === 'resync'
      ? `resync ${e.symbol} (${e.reason})`
      : e.type === 'disconnected'
        ? `disconnected ${e.channel}: ${e.reason}`
        : e.type === 'connected'
          ? `connected ${e.channel}${e.reconnect ? ' (reconnect)' : ''}`
          : e.type
  log.push(`${when}  ${what}`)
  if (log.length > 6) log.shift()
}

function render(): void {
  const out: string[] = []
  out.push(`rxvenue demo: ${venue.id} ${SYMBOL}   ${rate} updates/s   ${updates} total`)
  if (last) {
    const bid = last.bids[0]
    const ask = last.asks[0]
    const spread = bid && ask ? ask.price.minus(bid.price).toString() : '-'
    out.push(
      `best bid ${bid?.price.toString() ?? '-'}   best ask ${ask?.price.toString() ?? '-'}   spread ${spread}`,
    )
    out.push('')
    out.push(`${'bid size'.padStart(12)}  ${'price'.padStart(12)}  ask size`)
    for (const a of [...last.asks].reverse())
      out.push(`${''.padStart(12)}  ${a.price.toFixed(2).padStart(12)}  ${a.size.toString()}`)
    for (const b of last.bids)
      out.push(`${b.size.toString().padStart(12)}  ${b.price.toFixed(2).padStart(12)}`)
  }
  out.push('')
  out.push(`views equal to the venue's book: ${inSync}   different: ${outOfSync}`)
  out.push('events:')
  for (const l of log) out.push(`  ${l}`)
  if (tty) process.stdout.write('\x1b[2J\x1b[H')
  process.stdout.write(out.join('\n') + '\n\n')
}

async function stop(code: number): Promise<void> {
  for (const s of subs) s.unsubscribe()
  await venue.close()
  render()
  process.exitCode = code
}

process.once('SIGINT', () => void stop(0))
if (durationS !== undefined) setTimeout(() => void stop(outOfSync === 0 ? 0 : 1), durationS * 1000)
