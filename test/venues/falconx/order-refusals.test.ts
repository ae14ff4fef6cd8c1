/**
 * What FalconX's orders cannot be is refused before sending: a negative or fractional slippage, a
 * slippage on a market order, a limit order whose time in force is not fill-or-kill (left out, it is
 * FOK); and a `platform` option FalconX does not have, when the client is made.
 */
import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import {
  createClient,
  Decimal,
  silentLogger,
  VenueError,
  type Client,
  type VenueTrading,
} from '../../../index.js'
import { FalconxSimulator, type FalconxSimEvent } from '../../../lib/testing/falconx/index.js'
import type { FalconxOrderRequest } from '../../../lib/venues/falconx/trading.js'
import { record, type Recorder } from '../../e2e/support.js'

const d = (s: string) => new Decimal(s)

describe('falconx orders refused before sending', () => {
  let sim: FalconxSimulator
  let client: Client
  let account: VenueTrading
  let events: Recorder<FalconxSimEvent>

  beforeEach(async () => {
    sim = await FalconxSimulator.start({ seed: 8, tickMs: 'manual' })
    events = record(sim.events$)
    client = createClient({
      venues: {
        falconx: { ...sim.clientOptions(), logger: silentLogger, backoff: { initialMs: 5, maxMs: 20 } },
      },
      logger: silentLogger,
    })
    account = client.account('falconx')
  })
  afterEach(async () => {
    events.stop()
    await client.close()
    await sim.close()
  })

  const orderPosts = () => events.seen.filter((e) => e.type === 'request' && e.path === '/v1/order')
  /** The refusal as `kind venue: message`, the message without the order it names (checked here). */
  const refusal = (request: FalconxOrderRequest) =>
    lastValueFrom(account.placeOrder(request)).then(
      () => 'placed',
      (e: unknown) => {
        if (!(e instanceof VenueError)) return String(e)
        // every refusal names the order, a generated id too
        const named = `order ${e.clientOrderId ?? '(none)'}: `
        expect(e.message.startsWith(named), e.message).to.equal(true)
        return `${e.kind} ${e.venue}: ${e.message.slice(named.length)}`
      },
    )
  const base = { symbol: 'BTC/USD' as const, side: 'buy' as const }
  const limit = { ...base, type: 'limit' as const, price: d('50000'), quantity: d('0.1') }

  it('refuses a slippage that is negative, fractional, not a number, beyond 100 %, or on a market order', async () => {
    const prefix = 'invalid-request falconx: falconx order refused before sending: '
    for (const [bps, shown] of [
      [-5, 'number -5'],
      [1.5, 'number 1.5'],
      ['5', 'string "5"'],
      [10_001, 'number 10001'],
    ] as const) {
      expect(await refusal({ ...limit, timeInForce: 'FOK', slippageBps: bps as number })).to.equal(
        `${prefix}slippageBps must be a whole number of basis points from 0 to 10000, got ${shown}`,
      )
    }
    expect(await refusal({ ...base, type: 'market', quantity: d('0.1'), slippageBps: 5 })).to.equal(
      `${prefix}slippageBps applies to fill-or-kill limit orders only, not to a market order`,
    )
    expect(orderPosts()).to.deep.equal([])
  })

  it('refuses a limit order that is not fill-or-kill; without a time in force it is FOK', async () => {
    for (const tif of ['GTC', 'IOC', 'PostOnly'] as const) {
      expect(await refusal({ ...limit, timeInForce: tif })).to.equal(
        `invalid-request falconx: falconx order refused before sending: timeInForce must be one of FOK, got string "${tif}": FalconX limit orders are fill-or-kill (left out, it is FOK)`,
      )
    }
    expect(orderPosts()).to.deep.equal([])
    const order = await lastValueFrom(
      account.placeOrder({ ...limit, price: d('1'), clientOrderId: 'no-tif' }),
    )
    expect(order.timeInForce).to.equal('FOK')
    expect(orderPosts()).to.have.length(1)
  })

  it('refuses a platform FalconX does not have when the client is made', () => {
    for (const [platform, shown] of [
      [42, 'number 42'],
      ['', 'string ""'],
      ['spot', 'string "spot"'],
    ] as const) {
      const made = () =>
        createClient({ venues: { falconx: { ...sim.clientOptions(), platform: platform as never } } })
      expect(made)
        .to.throw(VenueError, `falconx: platform must be one of api, browser, margin, got ${shown}`)
        .with.property('venue', 'falconx')
    }
    const margin = createClient({ venues: { falconx: { ...sim.clientOptions(), platform: 'margin' } } })
    return margin.close()
  })
})
