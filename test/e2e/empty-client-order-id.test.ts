/**
 * An empty client order id is refused like any other bad id, on every venue and through the order
 * manager: it is never replaced by a generated one, and nothing is sent.
 */
import { expect } from 'chai'
import { lastValueFrom, type Observable } from 'rxjs'
import {
  Decimal,
  createClient,
  createOrderManager,
  memoryStore,
  silentLogger,
  type Client,
  type OrderManager,
} from '../../index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { checkOrderRequest } from '../../lib/venues/kit/trading/order-checks.js'
import { record, type Recorder } from './support.js'

const VENUES = [
  ['bybit', 'BTC/USDT'],
  ['binance', 'BTC/USDT'],
  ['coinbase', 'BTC/USD'],
] as const

/** What the test reads of each simulator's events. */
type SimEvent = { readonly type: string; readonly method?: string }

const REFUSAL =
  'clientOrderId must be 1 to 36 letters, digits, "-" or "_" (leave it out to have one made), got ""'

/** The error an Observable fails with; a value or a completion fails the test. */
async function failureOf(source: Observable<unknown>): Promise<{ kind?: unknown; message?: unknown }> {
  const outcome = await lastValueFrom(source).then(
    (value) => ({ value }),
    (e: unknown) => ({ error: e as { kind?: unknown; message?: unknown } }),
  )
  if ('error' in outcome) return outcome.error
  throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`)
}

const order = (symbol: string) => ({
  symbol,
  side: 'buy',
  type: 'limit',
  price: new Decimal('1000'),
  quantity: new Decimal('0.01'),
  clientOrderId: '',
})

describe('e2e: an empty client order id', () => {
  let sim: Simulator
  let client: Client
  let manager: OrderManager
  let sent: Recorder<SimEvent>[]

  before(async () => {
    sim = await startSimulator({ venues: VENUES.map(([v]) => v), seed: 5 })
    const { venues } = sim.clientOptions()
    client = createClient({ venues, logger: silentLogger })
    manager = createOrderManager({
      client,
      venues: VENUES.map(([v]) => v),
      store: memoryStore(),
      logger: silentLogger,
    })
    sent = VENUES.map(([v]) => record<SimEvent>(sim.venue(v).events$))
  })

  after(async () => {
    await manager.close()
    await client.close()
    for (const r of sent) r.stop()
    await sim.close()
  })

  const posts = () => sent.flatMap((r) => r.seen).filter((e) => e.type === 'request' && e.method === 'POST')

  it('is refused by the shape check, naming the field', () => {
    const offered = { orderTypes: ['limit'], timeInForce: ['GTC'] } as const
    expect(() => checkOrderRequest('bybit', order('BTC/USDT'), offered)).to.throw(
      `bybit order refused before sending: ${REFUSAL}`,
    )
  })

  for (const [venue, symbol] of VENUES) {
    it(`${venue}: placeOrder refuses it (invalid-request) and sends nothing`, async () => {
      const error = await failureOf(client.account(venue).placeOrder(order(symbol) as never))
      expect(error.kind).to.equal('invalid-request')
      expect(String(error.message)).to.contain(REFUSAL)
      expect(posts()).to.deep.equal([])
    })

    it(`${venue}: the order manager refuses it and sends nothing`, async () => {
      const error = await failureOf(manager.place(venue, order(symbol) as never))
      expect(error.kind).to.equal('invalid-request')
      expect(String(error.message)).to.contain(REFUSAL)
      expect(posts()).to.deep.equal([])
    })
  }
})
