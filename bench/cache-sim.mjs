// The loop `cache-sim.sh` runs under cachegrind: the frames of cache-sim-frames.ts, read by the Bybit
// scanner of the build (dist/esm) and, by mode, applied to one L2Book per stream round-robin
// (1) and viewed at depth 50 after each (2); mode 0 only reads. Plain JavaScript, so that no compiler
// runs under the simulator.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'

const [root, modeText, file] = process.argv.slice(2)
const load = (path) => import(pathToFileURL(join(root, 'dist', 'esm', path)).href)
const { L2Book } = await load('lib/book/l2-book.js')
const { consecutiveUpdateIds } = await load('lib/book/sequence-rules.js')
const { scanBybitBook } = await load('lib/venues/bybit/codecs.js')
const mode = Number(modeText)
const streams = JSON.parse(readFileSync(file, 'utf8'))
const books = streams.map(
  (_, i) => new L2Book({ venue: 'bybit', symbol: `S${i}/USDT`, depth: 50, sequence: consecutiveUpdateIds }),
)
books.forEach((book, i) => {
  const m = scanBybitBook(streams[i][0])
  book.applySnapshot({ bids: m.data.b, asks: m.data.a, sequence: m.data.u })
})
let frames = 0
let changes = 0
for (let f = 1; f < streams[0].length; f++) {
  for (let b = 0; b < books.length; b++) {
    const m = scanBybitBook(streams[b][f])
    frames++
    changes += m.data.b.length + m.data.a.length
    if (mode === 0) continue
    const book = books[b]
    book.applyDelta({ bids: m.data.b, asks: m.data.a, sequence: m.data.u })
    if (mode === 2) book.view(50)
  }
}
console.log(JSON.stringify({ frames, changes }))
