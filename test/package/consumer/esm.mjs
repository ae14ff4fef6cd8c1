// An ESM program using the packed package: a book and the instruments (REST, the undici transport)
// from the simulator, printed as JSON.
import { firstValueFrom } from 'rxjs'
import { createClient, isVenueError, Decimal } from 'rxvenue'
import { createMockVenue } from 'rxvenue/mock'
import { startSimulator } from 'rxvenue/testing'

const sim = await startSimulator({ venues: ['bybit'], seed: 7 })
const client = createClient(sim.clientOptions())
try {
  const book = await firstValueFrom(client.orderBook$('bybit', 'BTC/USDT', { depth: 1 }))
  const instruments = await firstValueFrom(client.instruments$('bybit'))
  const mock = createMockVenue({ seed: 1 })
  await mock.close()
  console.log(
    JSON.stringify({
      bid: book.bids[0]?.price.toString(),
      ask: book.asks[0]?.price.toString(),
      instruments: instruments.length,
      decimal: new Decimal('0.1').plus('0.2').toString(),
      branded: isVenueError(new Error('no')),
    }),
  )
} finally {
  await client.close()
  await sim.close()
}
