import type { SchedulerLike } from 'rxjs'
import { silentLogger } from '../../lib/core/logging.js'
import { Decimal } from '../../lib/core/decimal.js'
import type { OrderRequest, UnifiedSymbol } from '../../lib/core/model.js'
import { createMockVenue, type MockFees, type MockVenue } from '../../lib/venues/mock/index.js'
import { createClient, type Client } from '../../streams/client.js'

export const T: UnifiedSymbol = 'TST/USD'

/** A quiet mock market: bids 100 × 1, 99.5 × 2; asks 101 × 1, 102 × 2, 103 × 5. Tick 0.5, lot 0.001. */
export function quietMock(
  options: { scheduler?: SchedulerLike; fees?: MockFees; id?: string; placementWindowMs?: number } = {},
): MockVenue {
  return createMockVenue({
    id: options.id,
    placementWindowMs: options.placementWindowMs,
    scheduler: options.scheduler,
    fees: options.fees,
    intervalMs: 1_000_000_000, // the market moves only when a test says so
    instruments: [{ symbol: T, tickSize: '0.5', lotSize: '0.001', maxSize: '1000' }],
    balances: { USD: '100000', TST: '100' },
    script: {
      [T]: [
        {
          snapshot: true,
          bids: [
            ['100', '1'],
            ['99.5', '2'],
          ],
          asks: [
            ['101', '1'],
            ['102', '2'],
            ['103', '5'],
          ],
        },
      ],
    },
  })
}

/** A client whose `mock` venue is the given one. */
export function clientOf(mock: MockVenue, scheduler?: SchedulerLike): Client {
  return createClient({ drivers: { mock }, logger: silentLogger, scheduler })
}

/** A limit buy of {@link T} with the given client order id, price and quantity. */
export function limitBuy(clientOrderId: string, price: string, quantity: string): OrderRequest {
  return {
    symbol: T,
    side: 'buy',
    type: 'limit',
    price: new Decimal(price),
    quantity: new Decimal(quantity),
    clientOrderId,
  }
}
