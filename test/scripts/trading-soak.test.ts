/**
 * The trading soak's run (scripts/trading-soak-core.ts) on a short budget: it passes when the manager
 * and the venues agree (Bybit and Binance, Coinbase and Prime), and its checks report an order the
 * manager was never told of.
 */
import { expect } from 'chai'
import { filter } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import { createOrderManager, type OrderManager, type OrderManagerClient } from '../../lib/orders/index.js'
import { memoryStore } from '../../lib/store/index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createClient, type Client } from '../../streams/client.js'
import { SYMBOL, symbolOf, type LedgerVenue } from '../../scripts/trading-ledger.js'
import { runTradingSoak } from '../../scripts/trading-soak-core.js'
import {
  soakAbsentAfterMs,
  soakClientOptions,
  soakSimulatorOptions,
} from '../../scripts/trading-soak-setup.js'

describe('trading soak', function () {
  this.timeout(60_000)
  let sim: Simulator
  let client: Client
  let manager: OrderManager

  afterEach(async () => {
    await manager?.close()
    await client?.close()
    await sim?.close()
  })

  /** The manager over `client`, as the soak script makes it. */
  const start = async (venues: readonly LedgerVenue[], managed?: (client: Client) => OrderManagerClient) => {
    sim = await startSimulator(soakSimulatorOptions(venues, 5))
    client = createClient(soakClientOptions(sim, venues))
    manager = createOrderManager({
      client: managed?.(client) ?? client,
      store: memoryStore(),
      venues,
      markets: venues.map((v) => [v, symbolOf(v)] as const),
      risk: { killSwitch: { cancelOpenOrders: true } },
      absentAfterMs: soakAbsentAfterMs(venues),
    })
    await manager.ready()
  }

  it('passes a short run without faults, every position equal to the ledger', async () => {
    await start(['bybit', 'binance'])
    const report = await runTradingSoak({
      sim,
      client,
      manager,
      venues: ['bybit', 'binance'],
      seed: 5,
      durationMs: 1_500,
      faults: false,
      checkEveryMs: 100,
    })
    expect(report.failures).to.deep.equal([])
    expect(report.counts.get('placed') ?? 0).to.be.greaterThan(10)
    expect(report.comparisons).to.be.greaterThan(5)
    expect(report.positions.join('\n')).to.match(/bybit: \d+ fills/)
  })

  it('passes a short run without faults on Coinbase and Prime (BTC/USD, amends on Prime)', async () => {
    const venues: readonly LedgerVenue[] = ['coinbase', 'prime']
    await start(venues)
    const report = await runTradingSoak({
      sim,
      client,
      manager,
      venues,
      seed: 5,
      durationMs: 1_500,
      faults: false,
      checkEveryMs: 100,
      absentAfterMs: soakAbsentAfterMs(venues),
    })
    expect(report.failures).to.deep.equal([])
    expect(report.counts.get('placed') ?? 0).to.be.greaterThan(10)
    expect(report.positions.join('\n')).to.match(/coinbase: \d+ fills, fees [\d.]+ USD/)
    expect(report.positions.join('\n')).to.match(/prime: \d+ fills, fees [\d.]+ USD/)
  })

  it('reports an order open at the venue that the manager never heard of', async () => {
    // the manager's Bybit order stream never shows the planted order, no fault reconnects it, and its
    // cancel-all and kill switch cancel only the orders it knows (not every order of the account)
    const hiding = (c: Client): OrderManagerClient => ({
      orderBook$: (v, s) => c.orderBook$(v, s),
      events$: () => c.events$(),
      account: (v) => {
        const trading = c.account(v)
        return new Proxy(trading, {
          get: (target, key) => {
            if (key === 'cancelAllOrders') return undefined
            if (key === 'orderUpdates$')
              return () => target.orderUpdates$().pipe(filter((o) => o.clientOrderId !== 'planted-1'))
            const value: unknown = Reflect.get(target, key)
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
          },
        })
      },
    })
    await start(['bybit'], hiding)
    const bybit = sim.venue('bybit')
    const bid = bybit.book(SYMBOL, 1).bids[0]?.price ?? new Decimal(0)
    bybit.placeResting({
      symbol: SYMBOL,
      side: 'buy',
      price: bid.times('0.9').toDecimalPlaces(1),
      qty: '0.001',
      orderLinkId: 'planted-1',
    })

    const report = await runTradingSoak({
      sim,
      client,
      manager,
      venues: ['bybit'],
      seed: 5,
      durationMs: 1_000,
      faults: false,
      settleMs: 300,
      absentAfterMs: 1_000,
      checkEveryMs: 100,
    })
    expect(report.failures).to.include('bybit planted-1: open at the venue, not in the manager')
  })
})
