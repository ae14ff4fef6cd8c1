/**
 * The trading soak (scripts/trading-soak-core.ts) on the simulated Coinbase and Coinbase Prime, on a
 * short budget and without faults: it trades BTC/USD there, amends on Prime, and every check passes.
 */
import { expect } from 'chai'
import { createOrderManager, type OrderManager } from '../../lib/orders/index.js'
import { memoryStore } from '../../lib/store/index.js'
import { startSimulator, type Simulator } from '../../lib/testing/index.js'
import { createClient, type Client } from '../../streams/client.js'
import { symbolOf, type LedgerVenue } from '../../scripts/trading-ledger.js'
import { runTradingSoak } from '../../scripts/trading-soak-core.js'
import {
  soakAbsentAfterMs,
  soakClientOptions,
  soakSimulatorOptions,
} from '../../scripts/trading-soak-setup.js'

describe('trading soak on coinbase and prime', function () {
  this.timeout(60_000)
  let sim: Simulator
  let client: Client
  let manager: OrderManager

  afterEach(async () => {
    await manager?.close()
    await client?.close()
    await sim?.close()
  })

  it('passes a short run without faults, every position equal to the ledger', async () => {
    const venues: readonly LedgerVenue[] = ['coinbase', 'prime']
    sim = await startSimulator(soakSimulatorOptions(venues, 5))
    client = createClient(soakClientOptions(sim, venues))
    manager = createOrderManager({
      client,
      store: memoryStore(),
      venues,
      markets: venues.map((v) => [v, symbolOf(v)] as const),
      risk: { killSwitch: { cancelOpenOrders: true } },
      absentAfterMs: soakAbsentAfterMs(venues),
    })
    await manager.ready()
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
})
