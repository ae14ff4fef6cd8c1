/**
 * What one client process of the scale bench measures over its window: CPU, event-loop delay, latency
 * from the feed's send time to the subscriber, heap, RSS, sockets and bytes allocated.
 */
import { getHeapStatistics, GCProfiler } from 'node:v8'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const MAX_MS = 60_000

/**
 * Latencies in whole milliseconds (both ends are `Date.now()`, the send time is the frame's ms
 * timestamp), counted per millisecond: recording allocates nothing.
 *
 * @example
 * const h = new LatencyHistogram()
 * h.record(Date.now() - frame.ts)
 * h.summary() // { count, p50, p99, p999, max } in ms
 */
export class LatencyHistogram {
  private counts = new Uint32Array(MAX_MS + 1)
  private n = 0
  private top = 0

  record(ms: number): void {
    const i = ms <= 0 ? 0 : ms >= MAX_MS ? MAX_MS : ms | 0
    this.counts[i] = (this.counts[i] as number) + 1
    this.n += 1
    if (i > this.top) this.top = i
  }

  reset(): void {
    this.counts.fill(0)
    this.n = 0
    this.top = 0
  }

  summary(): LatencySummary {
    const at = (q: number): number => {
      const rank = Math.ceil(q * this.n)
      let seen = 0
      for (let i = 0; i <= this.top; i++) {
        seen += this.counts[i] as number
        if (seen >= rank) return i
      }
      return this.top
    }
    return { count: this.n, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: this.top }
  }
}

/** Latency quantiles in ms. */
export interface LatencySummary {
  readonly count: number
  readonly p50: number
  readonly p99: number
  readonly p999: number
  readonly max: number
}

/** What a client reports for its window. */
export interface WindowResult {
  readonly seconds: number
  /** CPU time (user + system, every thread) over the window, as % of one core. */
  readonly cpuPercent: number
  readonly cpuUs: number
  /** Of `cpuUs`: in user mode (JavaScript, GC threads) and in the kernel (socket reads). */
  readonly userUs: number
  readonly systemUs: number
  /** Time spent in garbage collection pauses (ms), from V8's GC profiler. */
  readonly gcPauseMs: number
  /** The same by kind of collection (`Scavenge`, `MarkSweepCompact`, …): how many, their time and the longest (ms). */
  readonly gcByType: Record<string, { count: number; ms: number; maxMs: number }>
  /** Event-loop delay over the window, ms. */
  readonly loopDelay: { readonly p99: number; readonly max: number }
  readonly latency: LatencySummary
  /** Book updates that reached a subscriber (the latency samples). */
  readonly updates: number
  /** Bytes the JS heap allocated over the window (from the heap used before and after each GC). */
  readonly allocatedBytes: number
  readonly gcs: number
  readonly heapUsedMB: number
  readonly rssMB: number
  /** TCP sockets open at the end (WebSocket and HTTP keep-alive connections). */
  readonly sockets: number
}

/**
 * Starts measuring now; `end()` returns the figures. Allocation is the heap's growth between garbage
 * collections, summed: what each collection found in use before it ran, less what was in use after the
 * one before.
 *
 * @example
 * const w = startWindow(histogram)
 * await whileRunning(60_000)
 * console.log(w.end().cpuPercent)
 */
export function startWindow(latency: LatencyHistogram): { end(): WindowResult } {
  latency.reset()
  const loop = monitorEventLoopDelay({ resolution: 10 })
  const gc = new GCProfiler()
  loop.enable()
  gc.start()
  const usedAtStart = getHeapStatistics().used_heap_size
  const cpu = process.cpuUsage()
  const t0 = performance.now()
  return {
    end: (): WindowResult => {
      const used = process.cpuUsage(cpu)
      const seconds = (performance.now() - t0) / 1000
      const usedAtEnd = getHeapStatistics().used_heap_size
      const profile = gc.stop()
      loop.disable()
      let allocated = 0
      let gcPauseUs = 0
      let after = usedAtStart
      const gcByType: Record<string, { count: number; ms: number; maxMs: number }> = {}
      for (const s of profile?.statistics ?? []) {
        gcPauseUs += s.cost
        const kind = (gcByType[s.gcType] ??= { count: 0, ms: 0, maxMs: 0 })
        kind.count += 1
        kind.ms += s.cost / 1000
        kind.maxMs = Math.max(kind.maxMs, s.cost / 1000)
        allocated += Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - after)
        after = s.afterGC.heapStatistics.usedHeapSize
      }
      allocated += Math.max(0, usedAtEnd - after)
      const memory = process.memoryUsage()
      const cpuUs = used.user + used.system
      return {
        seconds,
        cpuPercent: cpuUs / 1e4 / seconds,
        cpuUs,
        userUs: used.user,
        systemUs: used.system,
        gcPauseMs: gcPauseUs / 1000,
        gcByType,
        loopDelay: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
        latency: latency.summary(),
        updates: latency.summary().count,
        allocatedBytes: allocated,
        gcs: profile?.statistics.length ?? 0,
        heapUsedMB: memory.heapUsed / 2 ** 20,
        rssMB: memory.rss / 2 ** 20,
        sockets: process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length,
      }
    },
  }
}
