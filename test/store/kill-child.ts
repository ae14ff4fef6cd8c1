/**
 * The child of the kill test: places orders k = next..total−1 through an order manager on a SQLite
 * store, one at a time, each priced `base − k` ticks (so the price tells which k an order is). It says
 * `journaled k` once order k's intent is on disk and `acked k` once the venue answered, and after each
 * waits for `go` on stdin: the parent kills it at either point, or while the request is in flight.
 * The next k is the one after the last the journal holds as used, so an intent whose outcome a crash hid
 * is never placed again: the manager settles it with the venue.
 */
import { createInterface } from 'node:readline'
import { firstValueFrom } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { silentLogger } from '../../lib/core/logging.js'
import { createOrderManager } from '../../lib/orders/index.js'
import { sqliteStore, type OrderStore } from '../../lib/store/index.js'
import { createClient } from '../../streams/client.js'

const [path = '', optionsJson = '{}', base = '0', total = '0'] = process.argv.slice(2)
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const go = async () => {
  await lines.next()
}
const say = (line: string) => process.stdout.write(`${line}\n`)

const inner = sqliteStore(path)
const store: OrderStore = {
  ...inner,
  saveIntent: async (intent) => {
    await inner.saveIntent(intent)
    if (intent.state !== 'pending') return
    say(`journaled ${intent.clientOrderId.slice(2)}`)
    await go()
  },
}
const client = createClient({ ...(JSON.parse(optionsJson) as object), logger: silentLogger })
const manager = createOrderManager({ client, store, venues: ['bybit'], absentAfterMs: 1500 })
await manager.ready()
// the k after the last the journal holds as used (the store answers for the records it does not load);
// one before it found absent is free again, but left as it is
let k = Number(total)
while (k > 0 && inner.hasOrder?.('bybit', `k-${k - 1}`) !== true) k--
say(`ready ${k}`)
for (; k < Number(total); k++) {
  const price = new Decimal(base).minus(new Decimal('0.1').times(k))
  await firstValueFrom(
    manager.place('bybit', {
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      price,
      quantity: new Decimal('0.0001'),
      clientOrderId: `k-${k}`,
    }),
  )
  say(`acked ${k}`)
  await go()
}
say('done')
await manager.close()
await client.close()
process.exit(0)
