/**
 * Places and tracks a limit order on the built-in Bybit simulator, then lets the market fill it.
 *
 *   node --import tsx examples/place-order.ts
 */
import { firstValueFrom, filter } from 'rxjs'
import { Decimal, createClient, roundToTick } from '../index.js'
import { startSimulator } from '../lib/testing/index.js'

const sim = await startSimulator({ venues: ['bybit'], seed: 42 })
const client = createClient(sim.clientOptions())
const account = client.account('bybit')

const updates = account
  .orderUpdates$()
  .subscribe((o) =>
    console.log(
      `order ${o.clientOrderId}: ${o.status}, filled ${o.filledQuantity.toString()} of ${o.quantity.toString()}`,
    ),
  )
const fills = account
  .fills$()
  .subscribe((f) =>
    console.log(
      `fill ${f.quantity.toString()} @ ${f.price.toString()}, fee ${f.fee.toString()} ${f.feeAsset}`,
    ),
  )

// A bid one tick below the best bid rests in the book.
const instruments = await firstValueFrom(client.instruments('bybit'))
const btc = instruments.find((i) => i.symbol === 'BTC/USDT')
const best = sim.venue('bybit').book('BTC/USDT').bids[0]
if (btc === undefined || best === undefined) throw new Error('the simulated market is empty')
const price = roundToTick(best.price.minus(btc.tickSize), btc.tickSize, 'floor')
const order = await firstValueFrom(
  account.placeOrder({
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'limit',
    price,
    quantity: new Decimal('0.01'),
  }),
)
console.log(`placed ${order.clientOrderId} at ${price.toString()}: ${order.status}`)

// The market trades through the order; the private stream reports the fill.
const filled = firstValueFrom(
  account
    .orderUpdates$()
    .pipe(filter((o) => o.clientOrderId === order.clientOrderId && o.status === 'filled')),
)
sim.venue('bybit').fillOrder({ orderLinkId: order.clientOrderId })
const done = await filled
console.log(`done: ${done.status}, average price ${done.averagePrice?.toString() ?? '-'}`)
const usdt = await firstValueFrom(account.balances())
console.log(`USDT free ${usdt.find((b) => b.asset === 'USDT')?.free.toString() ?? '-'}`)

updates.unsubscribe()
fills.unsubscribe()
await client.close()
await sim.close()
