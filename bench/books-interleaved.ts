/**
 * Book apply across many books at once: the same kind of deltas applied round-robin over 1, 100 and
 * 1 000 `L2Book`s (one frame stream each, seeds 1..B), against one book, to show what memory spread
 * costs per level change, and what a view per delta adds.
 *
 * ```
 * node --import tsx bench/books-interleaved.ts [--books 1,100,1000] [--deltas 200] [--rounds 5]
 * ```
 */
import { L2Book } from '../lib/book/l2-book.js'
import { consecutiveUpdateIds } from '../lib/book/sequence-rules.js'
import { bybitBookFrames } from './frames.js'

interface Parsed {
  readonly type: string
  readonly data: { readonly b: [string, string][]; readonly a: [string, string][]; readonly u: number }
}

function options(argv: readonly string[]) {
  const opts: Record<string, string> = { books: '1,100,1000', deltas: '200', rounds: '5' }
  for (let i = 0; i < argv.length; i += 2) {
    const key = (argv[i] ?? '').replace(/^--/, '')
    if (!(key in opts) || argv[i + 1] === undefined)
      throw new Error('usage: --books 1,100,1000 --deltas N --rounds R')
    opts[key] = argv[i + 1] as string
  }
  return {
    books: opts.books!.split(',').map(Number),
    deltas: Number(opts.deltas),
    rounds: Number(opts.rounds),
  }
}

/**
 * One pass over every stream, frame by frame round-robin; each frame is parsed right before it is
 * applied (as on a socket, where the frame just read is in cache), and the parse alone is timed in a
 * pass of its own and subtracted.
 */
function run(
  streams: readonly string[][],
  mode: 'parse' | 'apply' | 'view',
): { ns: number; changes: number } {
  const books = streams.map(
    (_, i) => new L2Book({ venue: 'bybit', symbol: `S${i}/USDT`, depth: 50, sequence: consecutiveUpdateIds }),
  )
  books.forEach((book, i) => {
    const snap = JSON.parse(streams[i]![0]!) as Parsed
    book.applySnapshot({ bids: snap.data.b, asks: snap.data.a, sequence: snap.data.u })
  })
  const length = streams[0]!.length
  let changes = 0
  const start = process.hrtime.bigint()
  for (let f = 1; f < length; f++) {
    for (let b = 0; b < books.length; b++) {
      const frame = JSON.parse(streams[b]![f]!) as Parsed
      changes += frame.data.b.length + frame.data.a.length
      if (mode === 'parse') continue
      const book = books[b]!
      book.applyDelta({ bids: frame.data.b, asks: frame.data.a, sequence: frame.data.u })
      if (mode === 'view') book.view(50)
    }
  }
  return { ns: Number(process.hrtime.bigint() - start), changes }
}

function main(): void {
  const { books, deltas, rounds } = options(process.argv.slice(2))
  const max = Math.max(...books)
  console.log(`generating ${max} streams of ${deltas} deltas…`)
  const all: string[][] = []
  for (let i = 0; i < max; i++) all.push(bybitBookFrames({ n: deltas, seed: i + 1 }))
  console.log('| books | parse, ns per level change | apply | apply + view(50) |')
  console.log('| ---: | ---: | ---: | ---: |')
  for (const count of books) {
    const streams = all.slice(0, count)
    // the same number of level changes per measurement: fewer books replay their streams more often
    const repeat = Math.max(1, Math.round(max / count))
    const median = (mode: 'parse' | 'apply' | 'view'): number => {
      const times: number[] = []
      for (let r = 0; r < rounds; r++) {
        let total = 0
        let changes = 0
        for (let k = 0; k < repeat; k++) {
          const result = run(streams, mode)
          total += result.ns
          changes += result.changes
        }
        times.push(total / changes)
      }
      times.sort((a, b) => a - b)
      return times[Math.floor(times.length / 2)]!
    }
    run(streams, 'view') // warm-up
    const parse = median('parse')
    const apply = median('apply') - parse
    const view = median('view') - parse
    console.log(`| ${count} | ${parse.toFixed(0)} | ${apply.toFixed(0)} | ${view.toFixed(0)} |`)
  }
}

main()
