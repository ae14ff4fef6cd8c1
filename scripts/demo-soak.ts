/**
 * Runs the demo (`examples/demo.ts`, simulated venues with injected faults) for a long stretch and
 * reports how its screens looked: how often the merged book had both sides, how often it was crossed,
 * how often each venue was stale, the longest reconnect delay, and the faults and recoveries shown.
 * Exits 1 when fewer than 90% of the frames showed a two-sided merged book, or when no fault or no
 * recovery was shown.
 *
 *   npm run demo:soak                                  # 10 minutes
 *   npm run demo:soak -- --minutes 2 --faults-every 1  # 2 minutes, a fault every second
 */
import { spawn } from 'node:child_process'
import { Decimal } from 'rxvenue'
import { commandLine, refuse } from '../examples/support/cli.js'
import { frameTexts, parseFrame, type DemoFrame } from './demo-frames.js'

const VENUES = ['bybit', 'binance'] as const
const MIN_TWO_SIDED = 0.9

const USAGE = 'usage: demo-soak [--minutes n] [--seed integer] [--faults-every seconds]'
const values = commandLine(USAGE, {
  minutes: { type: 'string', default: '10' },
  seed: { type: 'string', default: '42' },
  'faults-every': { type: 'string' },
})
const minutes = Number(values.minutes)
if (!(minutes > 0)) refuse(USAGE, '--minutes takes a number > 0')

/** What the frames showed, counted as they come. */
class Tally {
  frames = 0
  twoSided = 0
  crossed = 0
  readonly stale = new Map<string, number>(VENUES.map((v) => [v, 0]))
  bothStale = 0
  /** Stale to fresh transitions per venue, as the frames show them. */
  readonly backFresh = new Map<string, number>(VENUES.map((v) => [v, 0]))
  /** Every event line shown (each frame shows the latest few; kept once each). */
  readonly events = new Set<string>()
  private wasStale = new Map<string, boolean>()

  add(frame: DemoFrame): void {
    this.frames++
    for (const line of frame.events) this.events.add(line)
    const bids = frame.levels.filter((l) => l.side === 'bid')
    const asks = frame.levels.filter((l) => l.side === 'ask')
    if (bids.length > 0 && asks.length > 0) {
      this.twoSided++
      // Asks are printed from the highest down and bids from the highest down: the lowest ask is the last.
      const bestAsk = new Decimal(asks[asks.length - 1]!.price)
      const bestBid = new Decimal(bids[0]!.price)
      if (bestBid.gt(bestAsk)) this.crossed++
    }
    let stale = 0
    for (const venue of VENUES) {
      const isStale = frame.best.get(venue)?.stale ?? true
      if (isStale) {
        stale++
        this.stale.set(venue, (this.stale.get(venue) ?? 0) + 1)
      } else if (this.wasStale.get(venue) === true) {
        this.backFresh.set(venue, (this.backFresh.get(venue) ?? 0) + 1)
      }
      this.wasStale.set(venue, isStale)
    }
    if (stale === VENUES.length) this.bothStale++
  }
}

const tally = new Tally()
const args = [
  '--import',
  'tsx',
  'examples/demo.ts',
  '--duration',
  String(minutes * 60),
  '--seed',
  values.seed,
]
if (values['faults-every'] !== undefined) args.push('--faults-every', values['faults-every'])
const started = Date.now()
const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
let pending = ''
child.stdout.on('data', (chunk: Buffer) => {
  pending += chunk.toString()
  const texts = frameTexts(pending, false)
  for (const text of texts) tally.add(parseFrame(text))
  if (texts.length > 0) pending = pending.slice(pending.lastIndexOf('rxvenue demo '))
})
const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
for (const text of frameTexts(pending)) tally.add(parseFrame(text))

const pct = (n: number) => `${((100 * n) / Math.max(1, tally.frames)).toFixed(1)}%`
const lines = [...tally.events]
const count = (pattern: RegExp) => lines.filter((l) => pattern.test(l)).length
const delays = lines.flatMap((l) => {
  const m = /(bybit|binance) reconnecting \S+ in (\d+) ms \(attempt (\d+)\)/.exec(l)
  return m ? [{ venue: m[1]!, ms: Number(m[2]), attempt: Number(m[3]) }] : []
})
const longest = delays.reduce((a, b) => (b.ms > a.ms ? b : a), { venue: '-', ms: 0, attempt: 0 })
const sorted = delays.map((d) => d.ms).sort((a, b) => a - b)
const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
const faults = count(/ fault: /)
const reconnects = count(/ connected \S+ \(reconnect\)/)

console.log(
  [
    `demo soak: ${minutes} min, seed ${values.seed}, faults every ${values['faults-every'] ?? 3} s, ran ${((Date.now() - started) / 1000).toFixed(0)} s, demo exit ${code}`,
    `frames                         ${tally.frames}`,
    `two-sided merged book          ${pct(tally.twoSided)} (${tally.twoSided})`,
    `crossed merged book            ${pct(tally.crossed)} (${tally.crossed}; ${((100 * tally.crossed) / Math.max(1, tally.twoSided)).toFixed(1)}% of two-sided)`,
    ...VENUES.map((v) => `${`${v} stale`.padEnd(31)}${pct(tally.stale.get(v) ?? 0)}`),
    `both stale                     ${pct(tally.bothStale)}`,
    `faults shown                   ${faults} (${count(/drops its sockets/)} drops, ${count(/skips a book update id/)} skipped update ids)`,
    `reconnects shown               ${reconnects}; resyncs ${count(/ resync /)}`,
    `back fresh (stale -> fresh)    ${VENUES.map((v) => `${v} ${tally.backFresh.get(v) ?? 0}`).join(', ')}`,
    `reconnect delays shown         ${delays.length}: median ${quantile(0.5)} ms, p90 ${quantile(0.9)} ms, max ${longest.ms} ms (${longest.venue}, attempt ${longest.attempt}); highest attempt ${Math.max(0, ...delays.map((d) => d.attempt))}`,
  ].join('\n'),
)

const share = tally.twoSided / Math.max(1, tally.frames)
const failures = [
  ...(code === 0 ? [] : [`the demo exited with ${code}`]),
  ...(share < MIN_TWO_SIDED ? [`two-sided merged book in ${pct(tally.twoSided)} of frames, below 90%`] : []),
  ...(faults === 0 ? ['no fault was shown'] : []),
  ...(reconnects === 0 ? ['no recovery was shown'] : []),
]
for (const f of failures) console.error(`FAIL: ${f}`)
process.exitCode = failures.length > 0 ? 1 : 0
