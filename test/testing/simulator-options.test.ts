import { expect } from 'chai'
import { generateKeyPairSync } from 'node:crypto'
import { VenueError } from '../../lib/core/errors.js'
import {
  DEFAULT_BINANCE_INSTRUMENTS,
  DEFAULT_BYBIT_INSTRUMENTS,
  DEFAULT_COINBASE_INSTRUMENTS,
  DEFAULT_FALCONX_INSTRUMENTS,
  DEFAULT_FORDEFI_VAULTS,
  DEFAULT_PRIME_INSTRUMENTS,
  startSimulator,
  type SimulatedVenue,
  type SimulatorOptions,
  type SimulatorOptionsOf,
  type VenueSimulatorHandle,
} from '../../lib/testing/index.js'
import { SIMULATORS } from '../../lib/testing/simulators.js'

/** Every option of `O`, none left out: a new option fails to compile here until it is given below. */
type Every<O> = { readonly [K in keyof O]-?: Exclude<O[K], undefined> }

const T = Date.UTC(2024, 0, 2, 3, 4, 5)
const p256Pem = (): string =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString()

const shared = {
  seed: 7,
  referenceSeed: 8,
  host: '127.0.0.1',
  port: 0,
  apiKey: 'sim-options-key',
  tickMs: 'manual',
  clock: { at: T, running: false },
} as const
const market = {
  secret: 'sim-options-secret',
  balances: { USDT: '500', USD: '500', BTC: '1' },
  fees: { maker: '0', taker: '0.002' },
  levels: 10,
  klineHistoryMs: 3_600_000,
} as const

/** Each simulator with every option it documents. */
const EVERY: { readonly [V in SimulatedVenue]: Every<SimulatorOptionsOf<V>> } = {
  bybit: { ...shared, ...market, instruments: DEFAULT_BYBIT_INSTRUMENTS, rateLimits: { create: 2 } },
  binance: {
    ...shared,
    ...market,
    ed25519PublicKey: generateKeyPairSync('ed25519')
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString(),
    instruments: DEFAULT_BINANCE_INSTRUMENTS,
    rateLimits: { requestWeightPerMinute: 100 },
    streams: { pingIntervalMs: 5_000 },
  },
  coinbase: {
    ...shared,
    ...market,
    apiKey: 'organizations/sim/apiKeys/sim-options',
    secret: p256Pem(),
    instruments: DEFAULT_COINBASE_INSTRUMENTS,
    aliases: [{ symbol: 'BTC/USDC', of: 'BTC/USD' }],
    rateLimits: { publicPerSecond: 5 },
    heartbeatMs: 'manual',
  },
  prime: {
    ...shared,
    ...market,
    instruments: DEFAULT_PRIME_INSTRUMENTS,
    rateLimits: { perSecond: 5 },
    passphrase: 'sim-options-pass',
    serviceAccountId: 'sim-options-svc',
    portfolios: ['sim-options-portfolio'],
    quoteTtlMs: 2_000,
    heartbeatMs: 'manual',
  },
  falconx: {
    ...shared,
    ...market,
    secret: Buffer.from('sim options secret').toString('base64'),
    instruments: DEFAULT_FALCONX_INSTRUMENTS,
    passphrase: 'sim-options-pass',
    quoteTtlMs: 2_000,
    spreadBps: 10,
    rateLimits: { perSecond: 5 },
  },
  fordefi: {
    ...shared,
    secret: p256Pem(),
    vaults: DEFAULT_FORDEFI_VAULTS,
    autoApproveMs: 50,
    timings: { signMs: 5 },
    feeWei: '21000',
  },
}

const VENUES = SIMULATORS.map((m) => m.id)

/** The VenueError `started` fails with; a simulator it started after all is closed and the test fails. */
async function refusal(started: Promise<{ close(): Promise<void> }>): Promise<VenueError> {
  const outcome = await started.then(
    async (sim) => {
      await sim.close()
      return undefined
    },
    (e: unknown) => e,
  )
  expect(outcome, 'refused').to.be.instanceOf(VenueError)
  expect(outcome).to.have.property('kind', 'invalid-request')
  return outcome as VenueError
}

describe('simulator options', () => {
  describe('startSimulator', () => {
    it('refuses an option it lacks, with the closest ones', async () => {
      const error = await refusal(startSimulator({ venues: ['bybit'], sed: 42 } as SimulatorOptions))
      expect(error.message).to.equal('startSimulator: unknown option sed; did you mean seed?')
      const venue = await refusal(
        startSimulator({ venues: ['bybit'], bybitt: { seed: 2 } } as SimulatorOptions),
      )
      expect(venue.message).to.equal('startSimulator: unknown option bybitt; did you mean bybit?')
    })

    it("says where a venue's option goes when it is given at the top level", async () => {
      const clock = await refusal(
        startSimulator({ venues: ['coinbase', 'bybit'], clock: { at: T } } as SimulatorOptions),
      )
      expect(clock.message).to.equal(
        'startSimulator: clock is an option of each venue: give it as coinbase: { clock }',
      )
      const own = await refusal(
        startSimulator({ venues: ['bybit', 'coinbase', 'prime'], heartbeatMs: 'manual' } as SimulatorOptions),
      )
      expect(own.message).to.equal(
        'startSimulator: heartbeatMs is an option of coinbase and prime: give it as coinbase: { heartbeatMs }',
      )
      const elsewhere = await refusal(
        startSimulator({ venues: ['fordefi'], balances: { USD: '1' } } as SimulatorOptions),
      )
      expect(elsewhere.message).to.match(
        /^startSimulator: balances is not an option of startSimulator or fordefi/,
      )
    })

    it('refuses options of a venue that is not in venues: they would be ignored', async () => {
      const error = await refusal(startSimulator({ venues: ['bybit'], binance: { seed: 2 } }))
      expect(error.message).to.equal(
        'startSimulator: binance: { … } is given but venues does not list binance (it lists: bybit), so they would be ignored: add binance to venues, or leave its options out',
      )
      const none = await refusal(startSimulator({ venues: [], prime: {} }))
      expect(none.message).to.match(
        /^startSimulator: prime: \{ … \} is given but venues does not list prime \(it lists: none\)/,
      )
    })

    it('refuses venues that are not a list, and venue options that are not an object', async () => {
      const venues = await refusal(startSimulator({ venues: 'bybit' } as unknown as SimulatorOptions))
      expect(venues.message).to.match(/^startSimulator: venues must be a list of venue ids/)
      const own = await refusal(
        startSimulator({ venues: ['bybit'], bybit: 5 } as unknown as SimulatorOptions),
      )
      expect(own.message).to.equal('startSimulator: bybit must be an object, got 5')
    })

    it('takes keys set to undefined', async () => {
      const sim = await startSimulator({
        venues: ['bybit'],
        binance: undefined,
        clock: undefined,
        sed: undefined,
        bybit: { seed: 3, clok: undefined },
      } as SimulatorOptions)
      const restUrl = sim.venue('bybit').clientOptions().restUrl
      await sim.close()
      expect(restUrl).to.match(/^http:\/\/127\.0\.0\.1:/)
    })

    it('keeps the shared seed for a venue whose own seed is set to undefined', async () => {
      const plain = await startSimulator({ venues: ['bybit'], seed: 42 })
      const unset = await startSimulator({ venues: ['bybit'], seed: 42, bybit: { seed: undefined } })
      const [want, got] = [plain, unset].map((sim) => sim.venue('bybit').clientOptions().apiKey)
      await Promise.all([plain.close(), unset.close()])
      expect(got).to.equal(want)
    })
  })

  describe('each venue simulator', () => {
    for (const m of SIMULATORS) {
      const start = m.start as (options: object) => Promise<VenueSimulatorHandle>

      it(`${m.id}: refuses a misspelt option, naming the closest`, async () => {
        const alone = await refusal(start({ seed: 2, clok: { at: T } }))
        expect(alone.message).to.equal(`${m.id}: unknown option clok; did you mean clock?`)
        expect(alone.venue).to.equal(m.id)
        const within = await refusal(
          startSimulator({ venues: [m.id], [m.id]: { tikMs: 'manual' } } as SimulatorOptions),
        )
        expect(within.message).to.equal(`${m.id}: unknown option tikMs; did you mean tickMs?`)
      })

      it(`${m.id}: takes every option it documents`, async () => {
        const sim = await start(EVERY[m.id])
        await sim.close()
        expect(sim.id).to.equal(m.id)
      })
    }

    it('all together under startSimulator, each with every option it documents', async () => {
      const sim = await startSimulator({ venues: VENUES, ...EVERY })
      const ids = VENUES.map((id) => sim.venue(id).id)
      await sim.close()
      expect(ids).to.deep.equal(VENUES)
    })
  })
})
