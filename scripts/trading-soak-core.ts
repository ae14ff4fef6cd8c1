/**
 * The trading soak's run: seeded random actions of the order manager on the venues' simulators
 * (Bybit and Binance, Coinbase and Prime; one lane a venue, side by side) with seeded faults, checked while it runs (one order a
 * client order id at each venue; the manager's open orders are the venue's within a settle time) and at
 * the end (nothing open after cancel-all; positions and PnL equal to the simulators' ledgers). The
 * script (`scripts/trading-soak.ts`) and its test drive it.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { filter, firstValueFrom, Subscription, timeout, type Observable } from 'rxjs'
import { Decimal } from '../lib/core/decimal.js'
import { isVenueError } from '../lib/core/errors.js'
import type { ManagedPosition, OrderManager } from '../lib/orders/index.js'
import { createPrng } from '../lib/sim/prng.js'
import type { Simulator } from '../lib/testing/index.js'
import type { Client } from '../streams/client.js'
import {
  agreesWithLedger,
  fillOrder,
  ledgerPosition,
  LOT,
  randomOrder,
  symbolOf,
  totals,
  venueOpenOrders,
  venueOrders,
  type LedgerSimulator,
  type LedgerVenue,
} from './trading-ledger.js'

/** Options of {@link runTradingSoak}. */
export interface TradingSoakOptions {
  readonly sim: Simulator
  /** The client the manager trades through (its books and instruments are read here too). */
  readonly client: Pick<Client, 'orderBook$' | 'instruments$' | 'events$'>
  readonly manager: OrderManager
  readonly venues: readonly LedgerVenue[]
  readonly seed: number
  /** How long the actions run, ms. */
  readonly durationMs: number
  /** Faults injected between the actions. Default true. */
  readonly faults?: boolean | undefined
  /** How long the manager and a venue may disagree about an open order once the venue is healthy. Default 5 000. */
  readonly settleMs?: number | undefined
  /** The manager's `absentAfterMs`: a placement in doubt may stay `pending-new` this long more. Default 15 000. */
  readonly absentAfterMs?: number | undefined
  /** How often the open orders are compared, ms. Default 1 000. */
  readonly checkEveryMs?: number | undefined
  /** Heap samples (after a forced GC, when `global.gc` exists) every this many ms. Default 60 000. */
  readonly heapEveryMs?: number | undefined
  /** Each action as it ends, for finding what led to a failure. */
  readonly trace?: ((line: string) => void) | undefined
  /** Progress lines. */
  readonly log?: ((line: string) => void) | undefined
}

/** What {@link runTradingSoak} saw. */
export interface TradingSoakReport {
  readonly ranMs: number
  /** Each action, fault and refusal, counted. */
  readonly counts: ReadonlyMap<string, number>
  /** Every failed check, once each; empty when the soak passed. */
  readonly failures: readonly string[]
  /** Open-order comparisons made. */
  readonly comparisons: number
  /** The longest comparison (the soak's own work on the event loop), ms. */
  readonly slowestCheckMs: number
  readonly loopDelayMs: { readonly max: number; readonly p99: number; readonly mean: number }
  /** Heap used after a forced GC, MB, each `heapEveryMs` and at the end; empty without `--expose-gc`. */
  readonly heapMb: readonly { readonly atMs: number; readonly mb: number }[]
  /** Per venue: fills, fees, the manager's position and PnL against the ledger's. */
  readonly positions: readonly string[]
}

const ZERO = new Decimal(0)
/** Kinds a command may fail with under the injected faults, with nothing wrong. */
const REFUSALS = ['insufficient-funds', 'not-found', 'circuit-open', 'risk-rejected']
const RETRYABLE = ['timeout', 'network', 'temporary', 'decode', 'rate-limit', 'clock-skew']
const ACTION_LIMIT_MS = 90_000
/** Comparisons between two walks over every order for duplicate client order ids. */
const DUPLICATES_EVERY = 30
/** The venues whose orders are amended (Bybit's amend, Prime's edit); elsewhere an amend is a cancel. */
const AMENDS: ReadonlySet<LedgerVenue> = new Set(['bybit', 'prime'])
const gc = (globalThis as { gc?: () => void }).gc

/** Runs the soak; resolves with its report (never rejects on a failed check: see `failures`). */
export async function runTradingSoak(options: TradingSoakOptions): Promise<TradingSoakReport> {
  const { sim, client, manager, venues, seed } = options
  const settleMs = options.settleMs ?? 5_000
  const absentAfterMs = options.absentAfterMs ?? 15_000
  const withFaults = options.faults ?? true
  const log = options.log ?? (() => undefined)
  const venue = (v: LedgerVenue): LedgerSimulator => sim.venue(v)
  const started = Date.now()
  const elapsed = () => Date.now() - started

  const counts = new Map<string, number>()
  const count = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1)
  const failures = new Set<string>()
  const fail = (why: string) => {
    if (!failures.has(why)) log(`FAIL ${(elapsed() / 1000).toFixed(1)} s: ${why}`)
    failures.add(why)
  }
  const onRejection = (e: unknown) => fail(`unhandled rejection: ${describe(e)}`)
  const onException = (e: unknown) => fail(`uncaught exception: ${describe(e)}`)
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  const loop = monitorEventLoopDelay({ resolution: 10 })
  const heapMb: { atMs: number; mb: number }[] = []
  const traced = new Subscription()
  const sampleHeap = () => {
    if (gc === undefined) return
    loop.disable() // a forced GC is the soak's own pause, not the loop's
    gc()
    heapMb.push({ atMs: elapsed(), mb: process.memoryUsage().heapUsed / 2 ** 20 })
    loop.enable()
  }

  try {
    await manager.ready()
    await Promise.all(venues.map((v) => firstValueFrom(client.orderBook$(v, symbolOf(v)))))
    const ticks = new Map<LedgerVenue, Decimal>()
    for (const v of venues) {
      const instrument = (await firstValueFrom(client.instruments$(v))).find((i) => i.symbol === symbolOf(v))
      if (instrument === undefined) throw new Error(`${v} lists no ${symbolOf(v)}`)
      ticks.set(v, instrument.tickSize)
    }
    const before = new Map(venues.map((v) => [v, totals(venue(v).balances())]))
    const { trace } = options
    if (trace !== undefined) {
      const line = (venue: string, text: string) => trace(`${elapsed()} ${venue} - ${text}`)
      traced.add(
        client.events$().subscribe((e) => {
          if (e.type === 'connected')
            line(e.venue, `connected ${e.channel}${e.reconnect ? ' (reconnect)' : ''}`)
          else if (e.type === 'disconnected' || e.type === 'circuit')
            line(e.venue, `${e.type} ${JSON.stringify(e)}`)
        }),
      )
      traced.add(
        manager.events$.subscribe((e) => {
          if (e.type === 'reconciled') line(e.venue, `reconciled (${e.reason}): ${e.differences}`)
          else if (e.type === 'reconcile-failed')
            line(e.venue, `reconcile failed: ${e.error.kind} ${e.error.message}`)
          else if (e.type === 'difference') line(e.venue, `difference ${e.kind} ${e.clientOrderId ?? ''}`)
        }),
      )
    }
    loop.enable()

    // --- the continuous checks ---
    /** Since when each disagreement (`venue id: what`) has been seen. */
    const disagreeing = new Map<string, number>()
    /** When each venue was last hit by a fault that cuts its streams (a silence's end, a drop). */
    const healthySince = new Map<LedgerVenue, number>(venues.map((v) => [v, 0]))
    let comparisons = 0
    /** Every client order id is one order at its venue (a walk over every order: now and then). */
    const noDuplicates = () => {
      loop.disable() // the soak's own walk, not the SDK's delay
      for (const v of venues) {
        const ids = new Map<string, number>()
        for (const o of venueOrders(venue(v), v))
          ids.set(o.clientOrderId, (ids.get(o.clientOrderId) ?? 0) + 1)
        for (const [id, n] of ids) if (n > 1) fail(`${v} ${id} is ${n} orders at the venue`)
      }
      loop.enable()
    }
    let slowestCheckMs = 0
    const compare = (final: boolean) => {
      if (final || comparisons % DUPLICATES_EVERY === 0) noDuplicates()
      const from = performance.now()
      comparisons++
      const open = manager.state.openOrders()
      const now = elapsed()
      const seen = new Set<string>()
      for (const v of venues) {
        const venueOpen = venueOpenOrders(venue(v), v)
        const mine = new Map(open.filter((o) => o.venue === v).map((o) => [o.clientOrderId, o]))
        const note = (key: string, graceMs: number) => {
          seen.add(key)
          const since = Math.max(disagreeing.get(key) ?? now, healthySince.get(v) ?? 0)
          if (!disagreeing.has(key)) disagreeing.set(key, now)
          if (final || now - since > graceMs) fail(key)
        }
        for (const id of venueOpen) {
          if (!mine.has(id)) note(`${v} ${id}: open at the venue, not in the manager`, settleMs)
        }
        for (const [id, o] of mine) {
          if (venueOpen.has(id)) continue
          // a placement in doubt is `pending-new` until the venue has it or surely never will
          const grace = o.status === 'pending-new' ? absentAfterMs + settleMs : settleMs
          note(`${v} ${id}: ${o.status} in the manager, not open at the venue`, grace)
        }
      }
      for (const key of [...disagreeing.keys()]) if (!seen.has(key)) disagreeing.delete(key)
      slowestCheckMs = Math.max(slowestCheckMs, performance.now() - from)
    }
    const checker = setInterval(() => {
      try {
        compare(false)
      } catch (e) {
        fail(`the check failed: ${describe(e)}`)
      }
    }, options.checkEveryMs ?? 1_000)
    const heapTimer = setInterval(sampleHeap, options.heapEveryMs ?? 60_000)

    // --- the actions, a lane a venue ---
    const silences: Promise<void>[] = []
    const lane = async (v: LedgerVenue, index: number) => {
      const prng = createPrng(seed * 31 + index)
      const sim = venue(v)
      const symbol = symbolOf(v)
      const amends = AMENDS.has(v)
      let clockShift = 0
      let killedFor = 0
      for (let i = 0; elapsed() < options.durationMs; i++) {
        // a trader's pace, not a loop's: 20 or so actions a second a venue
        await new Promise((resolve) => setTimeout(resolve, prng.int(5, 80)))
        const r = prng.next()
        const pickOpen = () => {
          const mine = manager.state.openOrders().filter((o) => o.venue === v && o.status !== 'pending-new')
          return mine[prng.int(0, mine.length - 1)]
        }
        let what = 'nothing'
        /** The order a cancel or an amend names. */
        let target: string | undefined
        try {
          if (killedFor > 0 && --killedFor === 0) {
            manager.risk.reset('soak')
            count('kill switch reset')
          }
          if (r < 0.45) {
            what = 'placed'
            const request = randomOrder(prng, sim, ticks.get(v) ?? ZERO, `soak-${seed}-${v}-${i}`, symbol)
            const fault = withFaults ? prng.next() : 1
            if (fault < 0.04) {
              sim.faults.loseNextResponse()
              count('fault: answer lost')
            } else if (fault < 0.06) {
              sim.faults.spoilNextOrderAnswer(fault < 0.05 ? 'html' : 'truncated')
              count('fault: answer spoiled')
            }
            await act(manager.place(v, request))
          } else if (r < 0.6) {
            what = 'canceled'
            const open = pickOpen()
            if (open === undefined) continue
            target = open.clientOrderId
            await act(manager.cancel(v, open.clientOrderId))
          } else if (r < 0.68) {
            const open = pickOpen()
            if (open === undefined) continue
            target = open.clientOrderId
            if (!amends || open.price === undefined) {
              what = 'canceled'
              await act(manager.cancel(v, open.clientOrderId))
            } else {
              what = 'amended'
              const tick = ticks.get(v) ?? ZERO
              const change = prng.next()
              const changes =
                change < 0.5
                  ? { price: open.price.plus(tick.times(prng.int(-3, 3) || 1)) }
                  : // more, never less: the venue may have filled more than the manager has heard yet
                    { quantity: open.quantity.plus(LOT.times(prng.int(1, 10))) }
              await act(manager.amend(v, open.clientOrderId, changes))
            }
          } else if (r < 0.78) {
            what = 'partial fill'
            const resting = pickOpen()
            if (resting === undefined) continue
            const left = resting.quantity.minus(resting.filledQuantity)
            const part = Decimal.max(LOT, left.div(prng.int(2, 4)).toDecimalPlaces(3, Decimal.ROUND_DOWN))
            fillOrder(sim, v, resting.clientOrderId, Decimal.min(part, left))
          } else if (r < 0.88) {
            what = 'market trade'
            sim.trade({
              symbol,
              side: prng.next() < 0.5 ? 'buy' : 'sell',
              qty: LOT.times(prng.int(1, 40)),
            })
          } else if (r < 0.89) {
            what = 'cancel-all'
            await act(manager.cancelAll({ venue: v }))
          } else if (r < 0.893) {
            if (killedFor > 0) continue
            what = 'kill switch'
            await act(manager.kill(`soak ${v} ${i}`))
            killedFor = prng.int(1, 6)
          } else if (!withFaults) {
            what = 'market trade'
            sim.trade({
              symbol,
              side: prng.next() < 0.5 ? 'buy' : 'sell',
              qty: LOT.times(prng.int(1, 5)),
            })
          } else if (r < 0.898) {
            what = 'fault: sockets dropped'
            sim.faults.dropSockets()
            healthySince.set(v, elapsed())
          } else if (r < 0.9) {
            if (sim.faults.silenced) continue
            // an outage: the open sockets fall silent (for longer than the client's staleAfterMs, so it
            // replaces them) and new connections are refused. A connection let in during a silence
            // would lose what the simulator drops meanwhile (its auth answer, order pushes) and live on
            // with its pongs answered: a loss no client can notice on a live connection
            const ms = prng.int(3_000, 5_000)
            what = 'fault: silence'
            healthySince.set(v, elapsed() + ms)
            sim.faults.refuseConnections()
            silences.push(
              sim.faults.silence(ms).then(() => {
                sim.faults.acceptConnections()
                healthySince.set(v, elapsed())
              }),
            )
          } else if (r < 0.915) {
            const status = [429, 500, 502, 503][prng.int(0, 3)] ?? 503
            what = `fault: HTTP ${status}`
            sim.faults.failNext(prng.int(1, 2), status)
            // enough of them open the breaker, which holds back the reconciliation a while
            healthySince.set(v, elapsed())
          } else if (r < 0.917) {
            // a step of the venue's clock, and later one back: the client resyncs on a skew refusal
            const ms = clockShift === 0 ? prng.int(1_000, 3_000) * (prng.next() < 0.5 ? -1 : 1) : -clockShift
            clockShift += ms
            what = 'fault: clock step'
            sim.faults.shiftClock(ms)
          } else {
            what = 'market trade'
            sim.trade({
              symbol,
              side: prng.next() < 0.5 ? 'buy' : 'sell',
              qty: LOT.times(prng.int(1, 10)),
            })
          }
          count(what)
          options.trace?.(`${elapsed()} ${v} ${i} ${what}`)
        } catch (e) {
          options.trace?.(`${elapsed()} ${v} ${i} ${what}: ${describe(e)}`)
          if (!isVenueError(e)) {
            fail(`${v} step ${i} (${what}): ${describe(e)}`)
            continue
          }
          const unsettled = RETRYABLE.includes(e.kind)
          // a cancel or amend of an order the market finished meanwhile is `invalid-request` (the
          // VenueTrading contract) where the venue does not answer `not-found`
          const late =
            e.kind === 'invalid-request' && target !== undefined && !venueOpenOrders(sim, v).has(target)
          if (unsettled || REFUSALS.includes(e.kind)) count(`${what}: ${e.kind}`)
          else if (late) count(`${what}: finished meanwhile`)
          else fail(`${v} step ${i} (${what}): ${e.kind}: ${e.message}`)
        }
      }
      if (killedFor > 0) manager.risk.reset('soak ends')
      if (clockShift !== 0) sim.faults.shiftClock(-clockShift)
    }
    const sampled = setTimeout(() => log(`${(elapsed() / 1000).toFixed(0)} s: ${summary(counts)}`), 0)
    const progress = setInterval(() => log(`${(elapsed() / 1000).toFixed(0)} s: ${summary(counts)}`), 60_000)
    await Promise.all(venues.map((v, index) => lane(v, index)))
    clearInterval(progress)
    clearTimeout(sampled)
    for (const v of venues) venue(v).faults.resume()
    await Promise.all(silences)

    // --- the end: nothing open, positions and PnL as the ledgers give them ---
    await act(manager.cancelAll())
    const quiet = Date.now() + absentAfterMs + settleMs
    while (Date.now() < quiet) {
      const venueOpen = venues.flatMap((v) => [...venueOpenOrders(venue(v), v)])
      if (venueOpen.length === 0 && manager.state.openOrders().length === 0) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    clearInterval(checker)
    compare(true)

    const expected = (p: ManagedPosition) =>
      ledgerPosition(p, before.get(p.venue as LedgerVenue) ?? new Map(), venue(p.venue as LedgerVenue))
    let last: readonly ManagedPosition[] = []
    const settled = await firstValueFrom(
      manager.positions$().pipe(
        filter((all) => {
          last = all
          return all.every((p) => agreesWithLedger(p, expected(p)))
        }),
        timeout({ first: 30_000, with: async () => last }),
      ),
    )
    const positions: string[] = []
    for (const v of venues) {
      const p = settled.find((q) => q.venue === v && q.symbol === symbolOf(v))
      if (p === undefined) {
        const gained = [...totals(venue(v).balances())].filter(
          ([a, t]) => !t.eq(before.get(v)?.get(a) ?? ZERO),
        )
        if (gained.length > 0)
          fail(`${v}: no position in the manager, the ledger moved ${gained.map(([a]) => a).join(', ')}`)
        positions.push(`${v}: no fills`)
        continue
      }
      const x = expected(p)
      const base = p.quantity.minus(p.fees[p.base] ?? ZERO)
      if (!base.eq(x.base))
        fail(`${v}: base gained ${base.toFixed()} in the manager, ${x.base.toFixed()} in the ledger`)
      if (!p.pnl.eq(x.pnl))
        fail(
          `${v}: PnL ${p.pnl.toFixed()} in the manager, ${x.pnl.toFixed()} in the ledger at ${p.mark?.toFixed()}`,
        )
      const fees = Object.entries(p.fees).map(([a, f]) => `${f.toFixed()} ${a}`)
      positions.push(
        `${v}: ${p.fills} fills, fees ${fees.join(', ')}; base ${base.toFixed()} ${p.base}, PnL ${p.pnl.toFixed(4)} ${p.quote} (ledger ${x.base.toFixed()}, ${x.pnl.toFixed(4)})`,
      )
    }
    for (const v of venues) {
      if (
        !venue(v)
          .balances()
          .every((b) => b.locked.isZero())
      )
        fail(`${v}: funds still locked after cancel-all`)
    }
    clearInterval(heapTimer)
    sampleHeap()
    loop.disable()
    return {
      ranMs: elapsed(),
      counts,
      failures: [...failures],
      comparisons,
      slowestCheckMs,
      loopDelayMs: { max: loop.max / 1e6, p99: loop.percentile(99) / 1e6, mean: loop.mean / 1e6 },
      heapMb,
      positions,
    }
  } finally {
    traced.unsubscribe()
    loop.disable()
    process.off('unhandledRejection', onRejection)
    process.off('uncaughtException', onException)
  }
}

/** A command's outcome, given up on after {@link ACTION_LIMIT_MS}: a command that hangs is a failure. */
function act<T>(command: Observable<T>): Promise<T> {
  return firstValueFrom(
    command.pipe(
      timeout({
        first: ACTION_LIMIT_MS,
        with: () => {
          throw new Error(`a command did not answer within ${ACTION_LIMIT_MS} ms`)
        },
      }),
    ),
  )
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e)
}

/** `name n` of each count, most first. */
export function summary(counts: ReadonlyMap<string, number>): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')
}
