/**
 * A fixed amount of book work for an instruction and cache-miss count (deterministic where timings on a
 * shared machine are not): B books of one frame stream each (seeds 1..B), their snapshots, then D
 * deltas applied round-robin over the books, or none (`apply` 0: the same set-up alone, to subtract).
 *
 * ```
 * valgrind --tool=cachegrind --cache-sim=yes --LL=2097152,16,64 node --import tsx bench/books-apply.ts 1000 30 1
 * valgrind --tool=cachegrind --cache-sim=yes --LL=2097152,16,64 node --import tsx bench/books-apply.ts 1000 30 0
 * ```
 */
import { L2Book } from '../lib/book/l2-book.js'
import { consecutiveUpdateIds } from '../lib/book/sequence-rules.js'
import { bybitBookFrames } from './frames.js'

interface Parsed {
  readonly data: { readonly b: [string, string][]; readonly a: [string, string][]; readonly u: number }
}

const BOOKS = Number(process.argv[2] ?? 1000)
const DELTAS = Number(process.argv[3] ?? 30)
const APPLY = process.argv[4] !== '0'

const streams: Parsed[][] = []
for (let i = 0; i < BOOKS; i++) {
  streams.push(bybitBookFrames({ n: DELTAS, seed: i + 1 }).map((t) => JSON.parse(t) as Parsed))
}
const books = streams.map(
  (_, i) => new L2Book({ venue: 'bybit', symbol: `S${i}/USDT`, depth: 50, sequence: consecutiveUpdateIds }),
)
books.forEach((book, i) => {
  const snapshot = streams[i]![0]!
  book.applySnapshot({ bids: snapshot.data.b, asks: snapshot.data.a, sequence: snapshot.data.u })
})
let changes = 0
if (APPLY) {
  for (let f = 1; f <= DELTAS; f++) {
    for (let b = 0; b < BOOKS; b++) {
      const frame = streams[b]![f]!
      books[b]!.applyDelta({ bids: frame.data.b, asks: frame.data.a, sequence: frame.data.u })
      changes += frame.data.b.length + frame.data.a.length
    }
  }
}
console.log(JSON.stringify({ books: BOOKS, deltas: DELTAS, changes }))
