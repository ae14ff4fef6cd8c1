import { expect } from 'chai'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Decimal } from 'rxvenue'
import { runExample } from './run-example.js'

const HOUR = 3_600_000
const PRICE = /^\d+(\.\d+)?$/

/** Checks the CSV the example wrote for `[from, to)` at one candle per `stepMs`. */
function parseCsv(csv: string, from: number, to: number, stepMs: number): void {
  const [header, ...rows] = csv.trimEnd().split('\n')
  expect(header).to.equal('time,open,high,low,close,volume')
  // `from` inclusive, `to` exclusive: one row per interval, none missing, none twice, in time order.
  expect(rows.length).to.equal((to - from) / stepMs)
  rows.forEach((row, i) => {
    const [time, ...fields] = row.split(',')
    expect(Date.parse(time ?? ''), row).to.equal(from + i * stepMs)
    expect(fields.length, row).to.equal(5)
    // Exact decimal strings: digits and one point, never exponent notation.
    for (const f of fields) expect(f, row).to.match(PRICE)
    const [open, high, low, close] = fields.map((f) => new Decimal(f))
    expect(low!.lte(Decimal.min(open!, close!)) && high!.gte(Decimal.max(open!, close!)), row).to.equal(true)
  })
}

describe('examples/history-to-csv', function () {
  this.timeout(75_000)

  it('writes 30 hours of Bybit 1m candles to stdout, across pages of at most 1000', async () => {
    const from = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR
    const to = from + 30 * HOUR
    const { code, stdout, stderr } = await runExample([
      'examples/history-to-csv.ts',
      '--from',
      new Date(from).toISOString(),
      '--to',
      new Date(to).toISOString(),
    ])
    expect(code, stderr).to.equal(0)
    parseCsv(stdout, from, to, 60_000)
    // not a terminal: one progress line per page, on stderr
    expect(stderr.trimEnd().split('\n')).to.deep.equal([
      `[${'#'.repeat(17)}${'.'.repeat(13)}]  56%  1000 rows, 1 pages up to ${new Date(from + 999 * 60_000).toISOString()}`,
      `[${'#'.repeat(30)}] 100%  1800 rows, 2 pages up to ${new Date(to - 60_000).toISOString()}`,
    ])
  })

  it('refuses a start before the venue has candles, naming its first, and a time it cannot read', async () => {
    const early = await runExample([
      'examples/history-to-csv.ts',
      '--from',
      '2020-01-01',
      '--to',
      '2020-01-02',
    ])
    expect(early.code).to.equal(1)
    expect(early.stderr).to.contain('bybit has no BTC/USDT 1m candles before 2020-01-02T00:00:00.000Z')
    const unread = await runExample(['examples/history-to-csv.ts', '--from', 'yesterday'])
    expect(unread.code).to.equal(1)
    expect(unread.stderr).to.contain('from "yesterday" is not a time')
  })

  it('writes Binance 1h candles to the file given by --out, and nothing to stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rxvenue-csv-'))
    try {
      const file = join(dir, 'candles.csv')
      const from = Math.floor(Date.now() / HOUR) * HOUR - 72 * HOUR
      const to = from + 50 * HOUR
      const { code, stdout, stderr } = await runExample([
        'examples/history-to-csv.ts',
        '--venue',
        'binance',
        '--interval',
        '1h',
        '--from',
        new Date(from).toISOString(),
        '--to',
        new Date(to).toISOString(),
        '--out',
        file,
      ])
      expect(code, stderr).to.equal(0)
      expect(stdout).to.equal('')
      parseCsv(await readFile(file, 'utf8'), from, to, HOUR)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
