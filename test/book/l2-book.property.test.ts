import { expect } from 'chai'
import fc from 'fast-check'
import { Decimal } from '../../lib/core/decimal.js'
import {
  L2Book,
  consecutiveUpdateIds,
  rangedUpdateIds,
  strictSequence,
  unsequenced,
  type ApplyResult,
  type BookEntry,
  type SequenceRule,
} from '../../lib/book/index.js'
import { FrameCursor } from '../../lib/codec/frame-cursor.js'
import { LevelRun } from '../../lib/codec/level-run.js'

// ---------------------------------------------------------------------------------------------------------
// The reference: a plain Map per side from the normalized price to the level as last sent, sorted at the
// end with Decimal comparison. It shares no code with lib/book.
//
// Depth semantics (the venue's own depth-limited book): a message's changes apply one by one, then each
// side keeps its best `depth` levels. A level beyond the depth is dropped by that trim; a trimmed level is
// gone until a later message sends it again.

type Level = readonly [price: string, size: string]
interface Message {
  readonly snapshot: boolean
  readonly bids: readonly Level[]
  readonly asks: readonly Level[]
  readonly first?: number
  readonly last?: number
}
type Verdict = 'apply' | 'reset' | 'stale' | { expected: number | undefined; got: number | undefined }

/** A level as last sent, with its price as a Decimal. */
interface Held {
  readonly level: Level
  readonly price: Decimal
}

class ReferenceBook {
  readonly bids = new Map<string, Held>()
  readonly asks = new Map<string, Held>()
  sequence: number | undefined = undefined
  synced = false

  constructor(
    private readonly depth: number,
    private readonly verdict: (current: number | undefined, m: Message) => Verdict,
  ) {}

  apply(m: Message): ApplyResult {
    if (m.snapshot) return this.replace(m)
    if (!this.synced) return { kind: 'gap', expected: undefined, got: m.first ?? m.last }
    const v = this.verdict(this.sequence, m)
    if (v === 'stale') return { kind: 'stale' }
    if (v === 'reset') return this.replace(m)
    if (v !== 'apply') return { kind: 'gap', ...v }
    put(this.bids, m.bids)
    put(this.asks, m.asks)
    this.trim()
    if (m.last !== undefined) this.sequence = m.last
    return this.result(false)
  }

  sorted(side: 'bids' | 'asks'): Level[] {
    return this.held(side).map((h) => h.level)
  }

  private held(side: 'bids' | 'asks'): Held[] {
    const direction = side === 'bids' ? -1 : 1
    return [...this[side].values()].sort((x, y) => direction * x.price.comparedTo(y.price))
  }

  private replace(m: Message): ApplyResult {
    this.bids.clear()
    this.asks.clear()
    put(this.bids, m.bids)
    put(this.asks, m.asks)
    this.trim()
    this.sequence = m.last
    this.synced = true
    return this.result(true)
  }

  private trim(): void {
    for (const side of ['bids', 'asks'] as const) {
      if (this[side].size <= this.depth) continue
      for (const { price } of this.held(side).slice(this.depth)) this[side].delete(price.toFixed())
    }
  }

  private result(reset: boolean): ApplyResult {
    const bid = this.held('bids')[0]
    const ask = this.held('asks')[0]
    if (bid && ask && bid.price.gte(ask.price))
      return { kind: 'crossed', reset, bestBid: bid.price, bestAsk: ask.price }
    return { kind: 'applied', reset }
  }
}

function put(side: Map<string, Held>, levels: readonly Level[]): void {
  for (const level of levels) {
    const price = new Decimal(level[0])
    if (new Decimal(level[1]).isZero()) side.delete(price.toFixed())
    else side.set(price.toFixed(), { level, price })
  }
}

// The venues' rules, written from their documentation
const bybit = (current: number | undefined, m: Message): Verdict => {
  if (m.last === 1 && current !== 0) return 'reset' // a service restart
  if (current !== undefined && m.last === current + 1) return 'apply'
  if (current !== undefined && m.last !== undefined && m.last <= current) return 'stale'
  return { expected: current === undefined ? undefined : current + 1, got: m.last }
}
const binance = (current: number | undefined, m: Message): Verdict => {
  if (current === undefined || m.first === undefined || m.last === undefined) {
    return { expected: current === undefined ? undefined : current + 1, got: m.first ?? m.last }
  }
  if (m.last <= current) return 'stale' // u <= lastUpdateId
  if (m.first > current + 1) return { expected: current + 1, got: m.first } // missed events
  return 'apply' // U <= lastUpdateId + 1 <= u
}
const coinbase = (current: number | undefined, m: Message): Verdict => {
  if (current !== undefined && m.last === current + 1) return 'apply'
  if (current !== undefined && m.last !== undefined && m.last <= current) return 'stale'
  return { expected: current === undefined ? undefined : current + 1, got: m.last }
}

// ---------------------------------------------------------------------------------------------------------
// generators

/** Prices on a small grid so that changes hit existing levels, spelled with and without trailing zeros. */
function priceOf(ticks: number, spelling: number, wide: boolean): string {
  if (wide) {
    // beyond double precision: 19 and 23 significant digits, mixed with plain ones
    const base =
      spelling % 3 === 0 ? '123456789012345678' : spelling % 3 === 1 ? '0.000000000000000000000' : ''
    // prices are above zero: a price of 0 is an invalid level
    if (base === '') return `${ticks + 1}.${'0'.repeat(spelling % 2)}`
    return base.startsWith('0.') ? `${base}${ticks + 1}` : `${base}.${ticks}${'0'.repeat(spelling % 2)}`
  }
  const text = (65000 + ticks / 10).toFixed(1)
  return spelling === 0 ? text : spelling === 1 ? `${text}0` : text.endsWith('.0') ? text.slice(0, -2) : text
}

const sizeText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('0', '0.0', '0.00000000') },
  { weight: 7, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3_000_000 }), fc.nat(2)) },
)

const levels = (ticks: fc.Arbitrary<number>, wide: boolean, maxLength: number) =>
  fc.array(
    fc.tuple(ticks, fc.nat(2), sizeText).map(([ticks, spelling, size]): Level => {
      if (typeof size === 'string') return [priceOf(ticks, spelling, wide), size]
      const [units, pad] = size
      const text = new Decimal(units).div(1e6).toFixed()
      return [
        priceOf(ticks, spelling, wide),
        pad > 0 && !text.includes('.') ? `${text}.${'0'.repeat(pad)}` : text,
      ]
    }),
    { maxLength },
  )

/** A book side pair: bids below asks but for a few ticks both sides seldom reach, so some books cross. */
const bidTicks = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: 0, max: 58 }) },
  fc.integer({ min: 59, max: 62 }),
)
const askTicks = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: 62, max: 120 }) },
  fc.integer({ min: 58, max: 61 }),
)
const sides = (wide: boolean, maxLength: number) =>
  fc.record({ bids: levels(bidTicks, wide, maxLength), asks: levels(askTicks, wide, maxLength) })

type Sequencing = 'none' | 'bybit' | 'binance' | 'coinbase'

/** Sequence ids that mostly follow on and sometimes repeat, jump, go back, or (Bybit) restart at 1. */
const stepOf = fc.oneof(
  { weight: 16, arbitrary: fc.constant(1) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: -1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) },
  { weight: 1, arbitrary: fc.constant('restart' as const) },
)

const kindOf = fc.oneof(
  { weight: 1, arbitrary: fc.constant('snapshot' as const) },
  { weight: 14, arbitrary: fc.constant('delta' as const) },
)

function messages(sequencing: Sequencing, wide: boolean, maxLength: number) {
  return fc
    .tuple(
      sides(wide, maxLength * 3),
      fc.array(fc.tuple(kindOf, sides(wide, maxLength), stepOf, fc.nat(3)), {
        minLength: 1,
        maxLength: 40,
        size: 'medium',
      }),
    )
    .map(([snapshot, deltas]): Message[] => {
      let id = 1000
      const out: Message[] = [{ snapshot: true, ...snapshot, last: sequencing === 'none' ? undefined : id }]
      for (const [kind, change, step, span] of deltas) {
        if (kind === 'snapshot') {
          // a fresh snapshot now and then, as after a resync
          id += 5
          out.push({ snapshot: true, ...change, last: sequencing === 'none' ? undefined : id })
          continue
        }
        if (sequencing === 'none') {
          out.push({ snapshot: false, ...change })
        } else if (sequencing === 'binance') {
          // a range that follows on, overlaps (straddles), lies behind (stale) or starts late (gap)
          const first = step === 'restart' ? id + 1 : id + step
          const last = first + span
          id = Math.max(id, last)
          out.push({ snapshot: false, ...change, first, last })
        } else {
          const last = step === 'restart' ? (sequencing === 'bybit' ? 1 : id + 1) : id + step
          id = last
          out.push({ snapshot: false, ...change, last })
        }
      }
      return out
    })
}

// ---------------------------------------------------------------------------------------------------------

function sameResult(got: ApplyResult, want: ApplyResult, where: string): void {
  if (got.kind === 'crossed' && want.kind === 'crossed') {
    expect(got.reset, where).to.equal(want.reset)
    expect(got.bestBid.eq(want.bestBid) && got.bestAsk.eq(want.bestAsk), where).to.equal(true)
  } else {
    expect(got, where).to.deep.equal(want)
  }
}

const texts = (levels: readonly BookEntry[]) => levels.map((l): Level => [l.priceText, l.sizeText])

function sameBook(book: L2Book, ref: ReferenceBook, where: string): void {
  expect(texts(book.bids()), `${where} bids`).to.deep.equal(ref.sorted('bids'))
  expect(texts(book.asks()), `${where} asks`).to.deep.equal(ref.sorted('asks'))
  expect(book.sequence, `${where} sequence`).to.equal(ref.sequence)
  expect(book.synced, `${where} synced`).to.equal(ref.synced)
}

/**
 * The message's levels as a frame scanner hands them over: spans of one text (both sides sharing one
 * spans array), or the pairs when a level is no plain decimal (a scanner leaves such a frame to JSON.parse).
 */
function asRuns(m: Message): { bids: readonly Level[] | LevelRun; asks: readonly Level[] | LevelRun } {
  const text = `{"b":${JSON.stringify(m.bids)},"a":${JSON.stringify(m.asks)}}`
  const k = new FrameCursor(text)
  if (!k.literal('{"b":') || !k.levelSpans()) return m
  const split = k.spanCount
  if (!k.literal(',"a":') || !k.levelSpans()) return m
  const spans = k.spans()
  return { bids: new LevelRun(text, spans, 0, split), asks: new LevelRun(text, spans, split, spans.length) }
}

function run(
  rule: SequenceRule,
  verdict: (current: number | undefined, m: Message) => Verdict,
  depth: number | undefined,
  script: readonly Message[],
  compareEvery = 1,
  form: 'pairs' | 'runs' = 'pairs',
): void {
  const book = new L2Book({ venue: 'mock', symbol: 'BTC/USDT', depth, sequence: rule })
  const ref = new ReferenceBook(depth ?? Infinity, verdict)
  script.forEach((m, i) => {
    const { bids, asks } = form === 'runs' ? asRuns(m) : m
    // every generated message is written as a scanner reads it, so the runs path is the one tested
    if (form === 'runs') expect(bids instanceof LevelRun, `message ${i} scanned`).to.equal(true)
    const update = { bids, asks, firstSequence: m.first, sequence: m.last }
    const got = m.snapshot ? book.applySnapshot(update) : book.applyDelta(update)
    sameResult(got, ref.apply(m), `message ${i}`)
    if (i % compareEvery === 0 || i === script.length - 1) sameBook(book, ref, `message ${i}`)
  })
}

const rules: [Sequencing, SequenceRule, (current: number | undefined, m: Message) => Verdict][] = [
  ['none', unsequenced, () => 'apply'],
  ['bybit', consecutiveUpdateIds, bybit],
  ['binance', rangedUpdateIds, binance],
  ['coinbase', strictSequence, coinbase],
]

describe('book/L2Book against a reference', () => {
  for (const [sequencing, rule, verdict] of rules) {
    it(`matches the reference with ${rule.name}, no depth limit`, () => {
      fc.assert(
        fc.property(messages(sequencing, false, 10), (script) => run(rule, verdict, undefined, script)),
        { seed: 42, numRuns: 70 },
      )
    })

    it(`matches the reference with ${rule.name} and depth trimming`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 12 }), messages(sequencing, false, 10), (depth, script) =>
          run(rule, verdict, depth, script),
        ),
        { seed: 42, numRuns: 70 },
      )
    })
  }

  for (const [sequencing, rule, verdict] of rules) {
    it(`matches the reference with ${rule.name} when levels come as runs of frame text`, () => {
      fc.assert(
        fc.property(
          fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
          messages(sequencing, false, 10),
          (depth, script) => run(rule, verdict, depth, script, 1, 'runs'),
        ),
        { seed: 43, numRuns: 70 },
      )
    })
  }

  it('matches the reference on runs whose prices go beyond double precision', () => {
    // the wide prices spelled with a trailing point ('34.') are left to JSON.parse by a scanner: only
    // the messages without one come as runs
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        messages('bybit', true, 10).map((script) =>
          script.map((m) => ({
            ...m,
            bids: m.bids.filter(([p]) => !p.endsWith('.')),
            asks: m.asks.filter(([p]) => !p.endsWith('.')),
          })),
        ),
        (depth, script) => run(consecutiveUpdateIds, bybit, depth, script, 1, 'runs'),
      ),
      { seed: 44, numRuns: 100 },
    )
  })

  it('matches the reference with prices beyond double precision mixed with plain ones', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        messages('bybit', true, 10),
        (depth, script) => run(consecutiveUpdateIds, bybit, depth, script),
      ),
      { seed: 42, numRuns: 100 },
    )
  })

  // sizes above `keep` delete: mostly growing books (leaves split), balanced ones, mostly shrinking ones
  // (leaves merge)
  for (const keep of [90, 60, 15]) {
    it(`matches the reference on deep books that span many leaves, ${99 - keep}% of changes deleting`, () => {
      const deep = fc.tuple(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 99 })), {
          minLength: 200,
          maxLength: 700,
        }),
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 99 })), {
            minLength: 40,
            maxLength: 120,
          }),
          { minLength: 10, maxLength: 25 },
        ),
      )
      // ticks from 1: a price of 0 is an invalid level
      const full = ([ticks, size]: [number, number]): Level => [`${(ticks + 1) / 100}`, `${size}`]
      const change = ([ticks, size]: [number, number]): Level => [
        `${(ticks + 1) / 100}`,
        size > keep ? '0' : `${size}`,
      ]
      const asks = ([ticks, size]: [number, number]): [number, number] => [ticks + 2001, size]
      fc.assert(
        fc.property(
          fc.option(fc.integer({ min: 100, max: 400 }), { nil: undefined }),
          deep,
          (depth, [snapshot, deltas]) => {
            const script: Message[] = [
              { snapshot: true, bids: snapshot.map(full), asks: snapshot.map((l) => full(asks(l))) },
              ...deltas.map((d) => ({
                snapshot: false,
                bids: d.map(change),
                asks: d.map((l) => change(asks(l))),
              })),
            ]
            run(unsequenced, () => 'apply', depth, script, 5)
          },
        ),
        { seed: 42, numRuns: 12 },
      )
    })
  }
})
