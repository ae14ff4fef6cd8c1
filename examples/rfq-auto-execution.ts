/**
 * An RFQ auto-execution strategy with a price limit: it streams firm quotes from FalconX
 * (`rfq.quotes$`, a fresh one before each expires), buys on each quote whose ask is at or below
 * `--limit`, and stops after `--executions` executions (or `--max-quotes` quotes). It runs against the
 * built-in FalconX simulator.
 *
 *   node --import tsx examples/rfq-auto-execution.ts --limit 66000 --executions 3
 */
import { parseArgs } from 'node:util'
import { concatMap, EMPTY, lastValueFrom, scan, take, takeWhile, tap } from 'rxjs'
import { Decimal, createClient, hasRfq, type RfqExecution, type RfqQuote } from 'rxvenue'
import { startSimulator } from 'rxvenue/testing'

const USAGE = `usage: rfq-auto-execution [--limit USD] [--executions n] [--quantity BTC] [--every-ms ms] [--max-quotes n]
  --limit       buy when a quote's ask is at or below this price (default 70000)
  --executions  stop after this many executions (default 3)
  --quantity    BTC asked for on each quote (default 0.01)
  --every-ms    ask for a fresh quote this often, at the latest shortly before each expires (default 500)
  --max-quotes  stop after this many quotes however many executed (default 50)`

function options() {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', default: false },
      limit: { type: 'string', default: '70000' },
      executions: { type: 'string', default: '3' },
      quantity: { type: 'string', default: '0.01' },
      'every-ms': { type: 'string', default: '500' },
      'max-quotes': { type: 'string', default: '50' },
    },
  })
  const limit = new Decimal(values.limit)
  const quantity = new Decimal(values.quantity)
  const executions = Number(values.executions)
  const everyMs = Number(values['every-ms'])
  const maxQuotes = Number(values['max-quotes'])
  if (!limit.isFinite() || limit.lte(0)) throw new Error('--limit takes a price in USD > 0')
  if (!quantity.isFinite() || quantity.lte(0)) throw new Error('--quantity takes an amount of BTC > 0')
  if (!Number.isInteger(executions) || executions < 1) throw new Error('--executions takes an integer >= 1')
  if (!(everyMs > 0)) throw new Error('--every-ms takes a number of ms > 0')
  if (!Number.isInteger(maxQuotes) || maxQuotes < 1) throw new Error('--max-quotes takes an integer >= 1')
  return { help: values.help, limit, quantity, executions, everyMs, maxQuotes }
}

let args: ReturnType<typeof options>
try {
  args = options()
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`)
  process.exit(2)
}
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}

// The market moves every 20 ms; quotes live 2 s on the simulator's clock.
const sim = await startSimulator({ venues: ['falconx'], seed: 42, tickMs: 20, falconx: { quoteTtlMs: 2000 } })
const falconx = sim.venue('falconx')
const client = createClient(sim.clientOptions())
const venue = client.venue('falconx')
if (!hasRfq(venue)) throw new Error('the FalconX venue needs a key, secret and passphrase for RFQ')
const { rfq } = venue
const btc0 = falconx.balance('BTC').total

// The whole strategy: each quote is accepted on the buy side when its ask is within the limit.
const decide = (quote: RfqQuote) => {
  const ask = quote.ask
  if (ask === undefined || ask.gt(args.limit)) {
    console.log(`skip ${quote.id}: ask ${ask?.toString() ?? '-'} above the limit ${args.limit.toString()}`)
    return EMPTY
  }
  console.log(
    `quote ${quote.id}: ask ${ask.toString()}, ${quote.expiresAt.getTime() - falconx.now()} ms left`,
  )
  return rfq.accept(quote, 'buy')
}

const executed = await lastValueFrom(
  rfq
    .quotes$({ symbol: 'BTC/USD', side: 'two-way', quantity: args.quantity }, { everyMs: args.everyMs })
    .pipe(
      take(args.maxQuotes),
      // one quote at a time: a new one waits until the last accept is resolved
      concatMap(decide),
      tap((x: RfqExecution) =>
        console.log(
          `bought ${x.fill.quantity.toString()} BTC @ ${x.fill.price.toString()} (quote ${x.quote.id})`,
        ),
      ),
      scan((n) => n + 1, 0),
      takeWhile((n) => n < args.executions, true),
    ),
  { defaultValue: 0 },
)

const fills = falconx.executions()
console.log(`done: ${executed} executions; the simulator executed ${fills.length}`)
console.log(`BTC ${btc0.toString()} -> ${falconx.balance('BTC').total.toString()}`)
await client.close()
await sim.close()
