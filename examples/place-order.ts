/**
 * Places a limit order on the built-in Bybit simulator and tracks it through `orderUpdates$` and
 * `fills$` to its final state, while the market trades into it.
 *
 *   node --import tsx examples/place-order.ts
 */
import { filter, firstValueFrom, lastValueFrom, takeWhile, tap } from 'rxjs'
import { Decimal, createClient, isTerminal, roundToTick } from 'rxvenue'
import { startSimulator } from 'rxvenue/testing'
import { commandLine } from './support/cli.js'

commandLine('usage: place-order   (on the built-in Bybit simulator; takes no flags)', {})

// 'manual': the market stands still, so the only trades into the order are the ones made below.
const sim = await startSimulator({ venues: ['bybit'], seed: 42, tickMs: 'manual' })
const bybit = sim.venue('bybit')
const client = createClient(sim.clientOptions())
const account = client.account('bybit')

// Our own client order id lets us watch the order before it exists, so no update is missed.
const clientOrderId = 'example-bid-1'
const mine = <T extends { clientOrderId?: string | undefined }>(x: T) => x.clientOrderId === clientOrderId

// Every state of the order until a terminal one (filled, canceled, rejected, expired).
const final = lastValueFrom(
  account.orderUpdates$().pipe(
    filter(mine),
    tap((o) =>
      console.log(`order ${o.status}: filled ${o.filledQuantity.toString()} of ${o.quantity.toString()}`),
    ),
    takeWhile((o) => !isTerminal(o.status), true),
  ),
)
const fills = account
  .fills$()
  .pipe(filter(mine))
  .subscribe((f) =>
    console.log(
      `fill ${f.quantity.toString()} @ ${f.price.toString()}, fee ${f.fee.toString()} ${f.feeAsset}`,
    ),
  )
// The simulator tells when the private stream is live; a real venue gives no such signal.
await Promise.all([bybit.subscribed('order'), bybit.subscribed('execution')])

// A bid one tick below the best bid rests in the book.
const instruments = await firstValueFrom(client.instruments$('bybit'))
const btc = instruments.find((i) => i.symbol === 'BTC/USDT')
const best = bybit.book('BTC/USDT').bids[0]
if (btc === undefined || best === undefined) throw new Error('the simulated market is empty')
const price = roundToTick(best.price.minus(btc.tickSize), btc.tickSize, 'floor')
const ack = await firstValueFrom(
  account.placeOrder({
    symbol: 'BTC/USDT',
    side: 'buy',
    type: 'limit',
    price,
    quantity: new Decimal('0.01'),
    clientOrderId,
  }),
)
console.log(`placed ${ack.clientOrderId} at ${price.toString()}: ${ack.status}`)

// The rest of the market sells into the bid: first part of it, then the remainder.
bybit.fillOrder({ orderLinkId: clientOrderId }, '0.004')
bybit.fillOrder({ orderLinkId: clientOrderId })
const done = await final
console.log(`final: ${done.status}, average price ${done.averagePrice?.toString() ?? '-'}`)

const usdt = (await firstValueFrom(account.balances())).find((b) => b.asset === 'USDT')
console.log(`USDT free ${usdt?.free.toString() ?? '-'}`)

fills.unsubscribe()
await client.close()
await sim.close()
