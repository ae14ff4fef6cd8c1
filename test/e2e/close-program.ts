/**
 * Subscribes every stream function of every venue, closes the client (before the first value, or once
 * every stream has delivered one), and prints how each stream ended as JSON on stdout. It never calls
 * `process.exit`: the test that runs it checks that the process ends by itself.
 *
 *   node --import tsx test/e2e/close-program.ts <before|after> <client|default>
 *
 * Venues: the simulated Bybit and Binance, and the mock. With `default`, the top-level functions and
 * `closeDefaultClient()` are used, pointed at the simulator through the documented environment
 * variables; with `client`, a client of its own.
 */
import type { Observable } from 'rxjs'
import * as rxvenue from 'rxvenue'
import { createClient, silentLogger, type Client, type VenueId } from 'rxvenue'
import { startSimulator, type Simulator } from 'rxvenue/testing'

type Outcome = 'complete' | 'pending' | `error: ${string}`

const [mode, face] = process.argv.slice(2) as ['before' | 'after', 'client' | 'default']
const venues = ['bybit', 'binance', 'mock'] as const satisfies readonly VenueId[]
const symbol = 'BTC/USDT'
const to = new Date()
const from = new Date(to.getTime() - 3_600_000)
const top = face === 'default'

const sim: Simulator = await startSimulator({ venues: ['bybit', 'binance'], seed: 5, tickMs: 20 })
const simulated = sim.clientOptions().venues
let client: Client
if (top) {
  for (const id of ['bybit', 'binance'] as const) {
    const up = id.toUpperCase()
    process.env[`RXVENUE_${up}_REST_URL`] = simulated[id]?.restUrl
    process.env[`RXVENUE_${up}_WS_URL`] = simulated[id]?.wsUrl
  }
  client = rxvenue.defaultClient()
} else {
  client = createClient({
    venues: { ...simulated, mock: { seed: 5, intervalMs: 20 } },
    logger: silentLogger,
  })
}
const api = top ? rxvenue : client

const streams: Record<string, Observable<unknown>> = {}
for (const id of venues) {
  const venue = client.venue(id)
  const add = (name: string, stream$: Observable<unknown>) => (streams[`${id} ${name}`] = stream$)
  add('orderBook$', api.orderBook$(id, symbol))
  add('bookChanges$', api.bookChanges$(id, symbol))
  add('trades$', api.trades$(id, symbol))
  add('ticker$', api.ticker$(id, symbol))
  add('candles$', api.candles$(id, symbol, '1m'))
  add('instruments$', api.instruments$(id))
  add('history.candles', api.history.candles(id, symbol, { interval: '1m', from, to }))
  if (venue.capabilities.history.trades) add('history.trades', api.history.trades(id, symbol, { from, to }))
  add('bestBidAsk$', api.bestBidAsk$([[id, symbol]]))
  add('mergedBook$', api.mergedBook$([[id, symbol]]))
  add('spread$', api.spread$([id, symbol], [id, symbol]))
  add('health$', api.health$(id))
  if (venue.trading !== undefined) {
    const account = client.account(id)
    add('account.orderUpdates$', account.orderUpdates$())
    add('account.fills$', account.fills$())
    add('account.balanceUpdates$', account.balanceUpdates$())
  }
}
streams['events$'] = api.events$()

// streams that only speak on a change of the account may not deliver before a close "after values"
const quiet = (name: string) => name === 'events$' || name.includes(' account.')

const outcomes: Record<string, Outcome> = {}
const delivered = new Set<string>()
let allDelivered: () => void = () => undefined
const waiting = new Promise<void>((resolve) => (allDelivered = resolve))
const check = () => {
  const needed = Object.keys(streams).filter((n) => !quiet(n))
  if (needed.every((n) => delivered.has(n) || outcomes[n] !== 'pending')) allDelivered()
}
for (const [name, stream$] of Object.entries(streams)) {
  outcomes[name] = 'pending'
  stream$.subscribe({
    next: () => {
      delivered.add(name)
      check()
    },
    error: (e: unknown) => {
      outcomes[name] = `error: ${e instanceof Error ? e.message : String(e)}`
      check()
    },
    complete: () => {
      outcomes[name] = 'complete'
      check()
    },
  })
}

if (mode === 'after') await waiting
const deliveredBeforeClose = [...delivered].sort()
const endedBeforeClose = Object.keys(outcomes).filter((n) => outcomes[n] !== 'pending')
if (top) await rxvenue.closeDefaultClient()
else await client.close()
await sim.close()
// what has not ended once everything is closed never will
await new Promise((resolve) => setImmediate(resolve))
process.stdout.write(`${JSON.stringify({ outcomes, deliveredBeforeClose, endedBeforeClose })}\n`)
