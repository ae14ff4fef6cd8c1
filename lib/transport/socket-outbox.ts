import type { SchedulerLike, Subscription } from 'rxjs'

/** What an outgoing frame is for; decides when it may leave and what survives a reconnect. */
export type OutboxKind = 'subscribe' | 'unsubscribe' | 'send' | 'heartbeat' | 'auth'

interface Item {
  readonly kind: OutboxKind
  readonly text: string
}

/**
 * The outgoing queue of one managed socket: holds frames until the connection may carry them and spaces
 * them to at most `perSecond` frames in any one-second window (venues drop connections that send more
 * control messages than that). Waiting happens on the scheduler, so virtual time drives it in tests.
 *
 * Heartbeat and auth frames may leave as soon as the socket is open; everything else waits until the
 * connection is ready (authenticated).
 *
 * @example
 * const outbox = new Outbox(5, asyncScheduler)
 * outbox.attach((text) => ws.next(text))
 * outbox.markReady()
 * outbox.push('subscribe', '{"op":"subscribe","args":["tickers.BTCUSDT"]}')
 */
export class Outbox {
  private items: Item[] = []
  private sentAt: number[] = []
  private write: ((text: string) => void) | undefined
  private ready = false
  private wake: Subscription | undefined

  constructor(
    private readonly perSecond: number | undefined,
    private readonly scheduler: SchedulerLike,
  ) {
    if (perSecond !== undefined && !(perSecond >= 1)) throw new RangeError('perSecond must be at least 1')
  }

  /** Queues a frame and sends what may be sent now. */
  push(kind: OutboxKind, text: string): void {
    this.items.push({ kind, text })
    this.drain()
  }

  /** A connection opened: heartbeat and auth frames may flow through `write`. */
  attach(write: (text: string) => void): void {
    this.write = write
    this.ready = false
    this.drain()
  }

  /** The connection is ready: every kind may flow. */
  markReady(): void {
    this.ready = true
    this.drain()
  }

  /**
   * The connection is gone: drops the queued frames whose kind `keep` rejects, forgets the rate window
   * (venues count per connection) and cancels a pending wake-up.
   */
  detach(keep: (kind: OutboxKind) => boolean): void {
    this.write = undefined
    this.ready = false
    this.items = this.items.filter((i) => keep(i.kind))
    this.sentAt = []
    this.wake?.unsubscribe()
    this.wake = undefined
  }

  /** Frames waiting to be sent. */
  get size(): number {
    return this.items.length
  }

  private mayLeave(kind: OutboxKind): boolean {
    return this.ready || kind === 'heartbeat' || kind === 'auth'
  }

  private drain(): void {
    for (;;) {
      const write = this.write
      if (!write || this.wake) return
      const index = this.items.findIndex((i) => this.mayLeave(i.kind))
      if (index < 0) return
      if (this.perSecond !== undefined) {
        const now = this.scheduler.now()
        while (this.sentAt.length > 0 && (this.sentAt[0] ?? now) <= now - 1000) this.sentAt.shift()
        if (this.sentAt.length >= this.perSecond) {
          this.sleep((this.sentAt[0] ?? now) + 1000 - now)
          return
        }
        this.sentAt.push(now)
      }
      const [item] = this.items.splice(index, 1)
      if (item) write(item.text)
    }
  }

  private sleep(ms: number): void {
    let woke = false
    const wake = this.scheduler.schedule(() => {
      woke = true
      this.wake = undefined
      this.drain()
    }, ms)
    // a synchronous scheduler has already run the wake-up
    if (!woke) this.wake = wake
  }
}
