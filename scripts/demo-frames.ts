/**
 * Reads the demo's screens as it prints them into a pipe (`examples/demo.ts`, not a terminal): one
 * frame after another, each starting with its `rxvenue demo` title line. Used by the demo's test and by
 * the demo soak run.
 */

/** One level of the merged book as printed: sizes per venue (`-` when a venue has none), the total and the length of its depth bar. */
export interface FrameLevel {
  readonly side: 'ask' | 'bid'
  readonly price: string
  readonly bybit: string
  readonly binance: string
  readonly total: string
  readonly bar: number
}

/** A venue's line under `best` (or under Coinbase's USD heading): its best prices, or stale with the reason shown. */
export type FrameQuote =
  | { readonly stale: false; readonly bid: string; readonly ask: string; readonly spread: string }
  | { readonly stale: true; readonly reason: string }

/** A venue's line under `health`. */
export interface FrameHealth {
  readonly status: string
  readonly messagesPerSecond: number
  readonly reconnects: number
}

/** One screen of the demo. */
export interface DemoFrame {
  readonly text: string
  /** The merged book, asks from the highest price down, then bids from the highest down. */
  readonly levels: readonly FrameLevel[]
  readonly best: ReadonlyMap<string, FrameQuote>
  readonly health: ReadonlyMap<string, FrameHealth>
  /** The event lines shown (the latest few), each `hh:mm:ss.mmm  text`. */
  readonly events: readonly string[]
}

const TITLE = 'rxvenue demo '

/**
 * Splits printed output into frames' texts. The last one is left out unless `complete`: in a stream
 * still being read, it may not be whole yet.
 */
export function frameTexts(stdout: string, complete = true): string[] {
  const texts = stdout.split(/^(?=rxvenue demo )/m).filter((t) => t.startsWith(TITLE))
  return complete ? texts : texts.slice(0, -1)
}

/** Reads one frame's text. */
export function parseFrame(text: string): DemoFrame {
  // each level ends in its depth bar, after a `|`
  const levels = [...text.matchAll(/^ {2}(ask|bid) +(\S+) +(\S+) +(\S+) +(\S+) +\|(#*)$/gm)].map((m) => ({
    side: m[1] as 'ask' | 'bid',
    price: m[2]!,
    bybit: m[3]!,
    binance: m[4]!,
    total: m[5]!,
    bar: m[6]!.length,
  }))
  const best = new Map<string, FrameQuote>()
  for (const m of text.matchAll(/^(bybit|binance|coinbase) +(\S+) x \S+ +(\S+) x \S+ +(\S+)$/gm))
    best.set(m[1]!, { stale: false, bid: m[2]!, ask: m[3]!, spread: m[4]! })
  for (const m of text.matchAll(/^(bybit|binance|coinbase) +STALE \(([^)]*)\)/gm))
    best.set(m[1]!, { stale: true, reason: m[2]! })
  const health = new Map<string, FrameHealth>()
  for (const m of text.matchAll(/^(bybit|binance|coinbase) +([a-z]+) +(\d+) +(\d+) /gm))
    health.set(m[1]!, { status: m[2]!, messagesPerSecond: Number(m[3]), reconnects: Number(m[4]) })
  const events = [...text.matchAll(/^ {2}(\d\d:\d\d:\d\d\.\d{3} {2}.*)$/gm)].map((m) => m[1]!)
  return { text, levels, best, health, events }
}

/** Frames of printed output, parsed. */
export function parseFrames(stdout: string): DemoFrame[] {
  return frameTexts(stdout).map(parseFrame)
}
