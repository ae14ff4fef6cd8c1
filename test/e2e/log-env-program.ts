/**
 * A program with `RXVENUE_LOG` set by its test (log-env.test.ts): against the Bybit simulator it reads a
 * book, places a signed order, and has its sockets dropped once; then it prints the simulator's
 * credentials on a line of its own (`credentials <key> <secret>`) for the test to look for in the log.
 */
import { filter, firstValueFrom } from 'rxjs'
import { Decimal, createClient } from '../../index.js'
import { startSimulator } from '../../lib/testing/index.js'

const sim = await startSimulator({ venues: ['bybit'], seed: 3 })
const options = sim.clientOptions()
const client = createClient(options)
const reconnected = firstValueFrom(
  client.events$().pipe(filter((e) => e.type === 'connected' && e.reconnect && e.channel === 'public')),
)
const book$ = client.orderBook$('bybit', 'BTC/USDT', { depth: 1 })
const watching = book$.subscribe()
await firstValueFrom(book$)
await firstValueFrom(
  client.account('bybit').placeOrder({
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'limit',
    price: new Decimal('1000'),
    quantity: new Decimal('0.01'),
  }),
)
sim.venue('bybit').faults.dropSockets()
await reconnected
watching.unsubscribe()
await client.close()
await sim.close()
const { apiKey, secret } = options.venues.bybit ?? {}
console.error(`credentials ${apiKey} ${secret}`)
