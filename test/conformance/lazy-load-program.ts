/**
 * Imports the package root, then makes a client, then uses Bybit, writing a line `-- <step>` into the
 * load log (see record-loads.mjs) after each step, so the modules each step loaded can be told apart.
 *
 *   RXVENUE_LOAD_LOG=<file> node --import tsx --import ./test/conformance/record-loads.mjs test/conformance/lazy-load-program.ts
 */
import { appendFileSync } from 'node:fs'
import { createServer } from 'node:net'

const log = process.env['RXVENUE_LOAD_LOG'] as string
const step = (name: string) => appendFileSync(log, `-- ${name}\n`)

// a port nothing listens on: the driver's connection is refused, which it reports as an event
const server = createServer()
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address() as { port: number }
await new Promise((resolve) => server.close(resolve))
step('start')

const { createClient, silentLogger } = await import('rxvenue')
step('import')

const { firstValueFrom } = await import('rxjs')
const client = createClient({
  venues: { bybit: { restUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` } },
  logger: silentLogger,
})
client.venue('bybit')
step('client')

const event = firstValueFrom(client.events$())
const trades = client.trades$('bybit', 'BTC/USDT').subscribe({ error: () => undefined })
await event
step('bybit')

trades.unsubscribe()
await client.close()
