/**
 * What the demo draws, as pure functions of what it shows: colour for stale venues, faults and
 * recoveries when it writes to a terminal (never with NO_COLOR, never into a pipe or a log), and a
 * depth bar beside each level of the merged book.
 */
import type { Decimal, MergedLevel, PairQuote } from 'rxvenue'

/**
 * How to draw: `colour` on a terminal without NO_COLOR; `bar` is the character of the depth bars
 * (a block on a terminal, `#` in plain text).
 */
export interface Style {
  readonly colour: boolean
  readonly bar: string
}

/** The style for `stream` (process.stdout) under `env`: see https://no-color.org (set and not empty). */
export function styleFor(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): Style {
  const tty = stream.isTTY === true
  const noColour = env.NO_COLOR !== undefined && env.NO_COLOR !== ''
  return { colour: tty && !noColour, bar: tty ? '█' : '#' }
}

const ANSI = { red: 31, green: 32, yellow: 33, dim: 2 } as const

/** `text` in `colour` when the style has colour, else as it is. */
export function paint(style: Style, colour: keyof typeof ANSI, text: string): string {
  return style.colour ? `\x1b[${ANSI[colour]}m${text}\x1b[0m` : text
}

/** Width of a depth bar for the largest level shown. */
export const BAR_WIDTH = 20

/**
 * A bar as long as `size` is against `largest` (the largest level shown): at least one character for
 * any size above zero, `BAR_WIDTH` for the largest.
 */
export function depthBar(style: Style, size: Decimal, largest: Decimal): string {
  if (!size.gt(0) || !largest.gt(0)) return ''
  // only the drawing is rounded: the sizes beside it stay exact
  const n = Math.max(1, size.div(largest).times(BAR_WIDTH).toDecimalPlaces(0).toNumber())
  return style.bar.repeat(Math.min(n, BAR_WIDTH))
}

/**
 * One level of the merged book: side, price, each venue's size (`-` for none), the total and its depth
 * bar (red for asks, green for bids, on a terminal), after a `|`.
 */
export function levelLine(
  style: Style,
  side: 'ask' | 'bid',
  level: MergedLevel,
  venues: readonly string[],
  largest: Decimal,
): string {
  const sizes = venues
    .map((v) => (level.venues.find((c) => c.venue === v)?.size.toString() ?? '-').padStart(12))
    .join('')
  const bar = paint(style, side === 'ask' ? 'red' : 'green', depthBar(style, level.size, largest))
  return `  ${side} ${level.price.toString().padStart(18)}${sizes}${level.size.toString().padStart(12)}  |${bar}`
}

/** The largest level size of both sides, for the depth bars. */
export function largestLevel(levels: readonly MergedLevel[]): Decimal | undefined {
  let largest: Decimal | undefined
  for (const l of levels) if (largest === undefined || l.size.gt(largest)) largest = l.size
  return largest
}

/**
 * A venue's best prices: red with the reason when it is stale, green while it has just recovered.
 */
export function quoteLine(style: Style, q: PairQuote, recovered: boolean): string {
  const d = (x: Decimal | undefined) => x?.toString() ?? '-'
  if (q.stale) {
    const line = `${q.venue.padEnd(9)}STALE (${q.staleReason ?? '?'}), last ${d(q.bid?.price)} / ${d(q.ask?.price)}`
    return paint(style, 'red', line)
  }
  const line =
    `${q.venue.padEnd(9)}${`${d(q.bid?.price)} x ${d(q.bid?.size)}`.padStart(22)}` +
    `${`${d(q.ask?.price)} x ${d(q.ask?.size)}`.padStart(22)}` +
    (q.bid && q.ask ? q.ask.price.minus(q.bid.price).toString() : '-').padStart(10)
  return recovered ? paint(style, 'green', line) : line
}

/** An event line: faults and failures red, recoveries green, resyncs and reconnect attempts yellow. */
export function eventLine(style: Style, line: string): string {
  if (/fault:|disconnected|stopped by an error|cannot reach|circuit open/.test(line))
    return paint(style, 'red', line)
  if (/\(reconnect\)|fresh again|circuit closed/.test(line)) return paint(style, 'green', line)
  if (/resync|reconnecting/.test(line)) return paint(style, 'yellow', line)
  return line
}
