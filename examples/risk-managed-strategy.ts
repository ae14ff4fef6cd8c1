/**
 * A market-making sketch under pre-trade risk on the built-in Bybit and Binance simulators: it quotes a
 * bid below the market on each venue through the order manager, meets the risk limits (an order too
 * large, a price far from the mid, one order too many), then trips the kill switch, which cancels
 * every open order and refuses new ones.
 *
 *   node --import tsx examples/risk-managed-strategy.ts
 */
import { filter, firstValueFrom } from 'rxjs'
import {
  Decimal,
  RiskRejectedError,
  createClient,
  createOrderManager,
  memoryStore,
  roundToTick,
  type OrderRequest,
  type VenueId,
} from 'rxvenue'
import { startSimulator } from 'rxvenue/testing'
import { commandLine } from './support/cli.js'

commandLine(
  'usage: risk-managed-strategy   (on the built-in Bybit and Binance simulators; takes no flags)',
  {},
)

// the simulated markets move every 100 ms (a Binance book shows once its first update follows the snapshot)
const sim = await startSimulator({ venues: ['bybit', 'binance'], seed: 7 })
const client = createClient(sim.clientOptions())
const venues = ['bybit', 'binance'] as const
const orders = createOrderManager({
  client,
  store: memoryStore(),
  risk: {
    maxOrderQuantity: '0.05',
    priceBand: '0.02', // a limit price within 2% of the mid
    maxOpenOrders: 2,
    killSwitch: { cancelOpenOrders: true },
  },
  venues,
  markets: venues.map((v) => [v, 'BTC/USDT'] as const),
})
orders.events$
  .pipe(filter((e) => e.type === 'kill-switch'))
  .subscribe(() => console.log('kill switch tripped'))
await orders.ready()

/** A bid `ticks` ticks below the venue's best bid. */
const bidBelow = (venue: (typeof venues)[number], ticks: number, quantity: string): OrderRequest => {
  const best = sim.venue(venue).book('BTC/USDT').bids[0]
  if (best === undefined) throw new Error(`the simulated ${venue} market is empty`)
  const tick = new Decimal('0.01')
  const price = roundToTick(best.price.minus(tick.times(ticks)), tick, 'floor')
  return { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price, quantity: new Decimal(quantity) }
}

/** Places through the manager; a risk refusal is printed with its rule, limit and value. */
const place = async (venue: VenueId, request: OrderRequest): Promise<void> => {
  try {
    const ack = await firstValueFrom(orders.place(venue, request))
    console.log(`${venue}: placed ${ack.quantity.toString()} at ${request.price?.toString()}: ${ack.status}`)
  } catch (e) {
    if (!(e instanceof RiskRejectedError)) throw e
    console.log(`${venue}: refused by ${e.rule} (limit ${e.limit}, would be ${e.value})`)
  }
}

// The book of each venue is known before an order is checked against its mid.
await Promise.all(venues.map((v) => firstValueFrom(client.orderBook$(v, 'BTC/USDT'))))

await place('bybit', bidBelow('bybit', 10, '0.01'))
await place('binance', bidBelow('binance', 10, '0.01'))
await place('bybit', bidBelow('bybit', 10, '0.5')) // too large
const far = bidBelow('bybit', 0, '0.01')
await place('bybit', { ...far, price: far.price?.times('0.9') }) // 10% below the market
await place('binance', bidBelow('binance', 20, '0.01')) // a third open order

const open = await firstValueFrom(orders.openOrders$())
console.log(`open orders: ${open.length}`)
const canceled = await firstValueFrom(orders.kill('drawdown'))
console.log(`canceled by the kill switch: ${canceled.length}`)
await place('bybit', bidBelow('bybit', 10, '0.01'))
console.log(`open orders: ${(await firstValueFrom(orders.openOrders$())).length}`)

await orders.close()
await client.close()
await sim.close()
