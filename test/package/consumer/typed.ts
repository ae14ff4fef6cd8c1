// Type-checked under node10, node16 and bundler resolution: the root and every subpath resolve with types.
import { createClient, isErrorKind, type OrderBook, type VenueError } from 'rxvenue'
import { createMockVenue, type MockVenue } from 'rxvenue/mock'
import { startSimulator, type Simulator } from 'rxvenue/testing'

export async function firstBid(): Promise<string | undefined> {
  const sim: Simulator = await startSimulator({ venues: ['bybit'], seed: 7 })
  const client = createClient(sim.clientOptions())
  const mock: MockVenue = createMockVenue({ seed: 1 })
  const books: OrderBook[] = []
  const sub = client.orderBook$('bybit', 'BTC/USDT').subscribe({
    next: (book) => books.push(book),
    error: (e: unknown) => {
      if (isErrorKind(e, 'network')) console.error((e as VenueError).retryable)
    },
  })
  sub.unsubscribe()
  await mock.close()
  await client.close()
  await sim.close()
  return books[0]?.bids[0]?.price.toFixed(2)
}
