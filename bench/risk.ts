/**
 * Pre-trade risk checks per order (`createRisk(...).check`), with every built-in rule on.
 *
 * ```
 * node --import tsx bench/risk.ts [--ms 1000] [--rounds 5]
 * ```
 *
 * Orders are generated once (seeded): limit buys and sells of BTC/USDT and ETH/USDT on two venues,
 * within every limit, so each check runs every rule to the end (a refusal stops at the first rule and
 * is cheaper). The state answers from maps of Decimals, as the order manager's read model does. Limits
 * are set at all three levels (every venue, a venue, a symbol), so counting rules check three scopes.
 * The order rate is set high enough never to refuse. Prints the median round: checks per second and
 * µs per check; `--with-custom` adds one custom rule.
 */
import { Decimal } from '../lib/core/decimal.js'
import type { Side, UnifiedSymbol, VenueId } from '../lib/core/model.js'
import { createRisk, type RiskOrder, type RiskState } from '../lib/risk/index.js'
import { intOption } from './int-option.js'

const MS = intOption('ms', 1000)
const ROUNDS = intOption('rounds', 5)
const CUSTOM = process.argv.includes('--with-custom')

/** mulberry32: reproducible orders. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const VENUES: VenueId[] = ['bybit', 'binance']
const SYMBOLS: UnifiedSymbol[] = ['BTC/USDT', 'ETH/USDT']
const MIDS: Record<string, Decimal> = { 'BTC/USDT': new Decimal('60000'), 'ETH/USDT': new Decimal('3000') }

const zero = new Decimal(0)

/** The figures of one venue and symbol (or asset), as the order manager's read model keeps them. */
interface Figures {
  mid: Decimal
  position: Decimal
  open: { buy: Decimal; sell: Decimal }
  pnl: Decimal
}
const bySymbol = new Map<VenueId, Map<UnifiedSymbol, Figures>>()
const byAsset = new Map<VenueId, Map<string, { held: Decimal; in: Decimal; out: Decimal }>>()
const venuePnl = new Map<VenueId, Decimal>()
for (const v of VENUES) {
  bySymbol.set(
    v,
    new Map(
      SYMBOLS.map((s) => [
        s,
        {
          mid: MIDS[s] ?? zero,
          position: new Decimal('0.1'),
          open: { buy: new Decimal('0.05'), sell: new Decimal('0.05') },
          pnl: new Decimal('12.5'),
        },
      ]),
    ),
  )
  byAsset.set(
    v,
    new Map(
      ['BTC', 'ETH', 'USDT'].map((a) => [
        a,
        a === 'USDT'
          ? { held: new Decimal('-6000'), in: new Decimal('3000'), out: new Decimal('3000') }
          : { held: new Decimal('0.1'), in: new Decimal('0.05'), out: new Decimal('0.05') },
      ]),
    ),
  )
  venuePnl.set(v, new Decimal('25'))
}
const totalPnl = new Decimal('50')
const figures = (v: VenueId, s: UnifiedSymbol) => bySymbol.get(v)?.get(s)
const asset = (v: VenueId, a: string) => byAsset.get(v)?.get(a)

let clock = 1_700_000_000_000
const state: RiskState = {
  now: () => clock,
  mid: (v, s) => figures(v, s)?.mid,
  position: (v, s) => figures(v, s)?.position ?? zero,
  openQuantity: (v, s, side) => figures(v, s)?.open[side] ?? zero,
  assetPosition: (v, a) => asset(v, a)?.held ?? zero,
  openAssetFlow: (v, a, dir) => asset(v, a)?.[dir] ?? zero,
  openOrderCount: () => 3,
  pnl: (v, s) =>
    v === undefined ? totalPnl : s === undefined ? (venuePnl.get(v) ?? zero) : (figures(v, s)?.pnl ?? zero),
  baseOf: (s) => s.slice(0, s.indexOf('/')),
  quoteOf: (s) => s.slice(s.indexOf('/') + 1),
}

const everything = {
  maxOrderQuantity: '10',
  maxOrderNotional: '1000000',
  maxPosition: '100',
  maxAssetPosition: { BTC: '100', ETH: '1000', USDT: '10000000' },
  priceBand: '0.05',
  maxOpenOrders: 1000,
  maxDailyLoss: '100000',
  maxOrderRate: { orders: 1_000_000_000, perMs: 1000 },
}
const risk = createRisk({
  ...everything,
  venues: Object.fromEntries(
    VENUES.map((v) => [
      v,
      { ...everything, symbols: Object.fromEntries(SYMBOLS.map((s) => [s, everything])) },
    ]),
  ),
  rules: CUSTOM
    ? [
        (o) =>
          o.quantity?.isZero() === true
            ? { rule: 'zero', limit: '0', value: '0', measure: 'quantity' }
            : undefined,
      ]
    : [],
})
risk.startDay(state)

const random = seeded(7)
const orders: RiskOrder[] = Array.from({ length: 4096 }, (_, i) => {
  const symbol = SYMBOLS[i % 2] as UnifiedSymbol
  const mid = MIDS[symbol] ?? zero
  const side: Side = random() < 0.5 ? 'buy' : 'sell'
  const ticks = Math.floor(random() * 200) - 100
  return {
    venue: VENUES[Math.floor(i / 2) % 2] as VenueId,
    symbol,
    side,
    type: 'limit',
    price: mid.plus(new Decimal(ticks).times('0.1')),
    quantity: new Decimal((1 + Math.floor(random() * 100)) / 1000),
    clientOrderId: `bench-${i}`,
  }
})

function round(): number {
  let n = 0
  const start = process.hrtime.bigint()
  const until = start + BigInt(MS) * 1_000_000n
  let now = start
  while (now < until) {
    for (let i = 0; i < 1024; i++) {
      const refused = risk.check(orders[(n + i) & 4095] as RiskOrder, state)
      if (refused !== undefined) throw refused
      clock += 1
    }
    n += 1024
    now = process.hrtime.bigint()
  }
  return Number(now - start) / 1000 / n // µs per check
}

round() // warm-up
const results = Array.from({ length: ROUNDS }, round).sort((a, b) => a - b)
const median = results[Math.floor(results.length / 2)] ?? NaN
console.log(
  `risk check, every built-in rule on${CUSTOM ? ' + one custom rule' : ''}: ` +
    `${Math.round(1 / (median / 1e6)).toLocaleString('en-US')} checks/s, ${median.toFixed(2)} µs per check ` +
    `(median of ${ROUNDS} rounds of ${MS} ms; all rounds ${results.map((r) => r.toFixed(2)).join(', ')})`,
)
