/**
 * A scheduler for a client under test whose time the test moves. Sockets and HTTP stay real; only the
 * client's own timers and clock (rate windows, stale windows, backoff, heartbeats) read this one. So a
 * test makes "later" happen by saying so, never by waiting for the machine's clock, and a loaded
 * machine cannot make a timer fire early or late relative to the test's steps.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs'

/** Options of {@link TestClock}. */
export interface TestClockOptions {
  /** The clock's time at start, epoch ms. */
  readonly at: number
  /**
   * `true`: time also passes with the machine's clock, and {@link TestClock.advance} jumps ahead of it
   * (a silence of minutes in an instant). `false`: time stands still until advanced. Default false.
   */
  readonly running?: boolean | undefined
}

/** A timer waiting in a {@link TestClock}. */
interface Timer {
  due: number
  seq: number
  run(): void
}

class Action<T> extends Subscription implements SchedulerAction<T>, Timer {
  due = 0
  seq = 0

  constructor(
    private readonly clock: TestClock,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
    private state: T | undefined,
  ) {
    super(() => clock.cancel(this))
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this
    this.state = state
    this.clock.enqueue(this, delay)
    return this
  }

  run(): void {
    if (!this.closed) this.work.call(this, this.state)
  }
}

/**
 * A scheduler whose `now()` the test moves. Work due now runs on the next turn of the event loop, work
 * for later when the clock gets there: by {@link TestClock.advance}, or, when `running`, also as the
 * machine's time passes.
 *
 * @example
 * const clock = new TestClock({ at: Date.UTC(2025, 5, 2, 11, 59, 57, 500) })
 * const client = createClient({ venues: { binance: { ...venue, scheduler: clock } } })
 * clock.advance(2500) // the client's next minute begins now
 */
export class TestClock implements SchedulerLike {
  private readonly running: boolean
  private readonly origin = Date.now()
  private at: number
  private queue: Timer[] = []
  private seq = 0
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(options: TestClockOptions) {
    this.at = options.at
    this.running = options.running ?? false
  }

  now(): number {
    return this.running ? this.at + (Date.now() - this.origin) : this.at
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new Action<T>(this, work, state).schedule(state, delay)
  }

  /** Moves the clock `ms` ahead and runs what fell due, in order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance needs ms >= 0, got ${ms}`)
    this.at += ms
    this.arm()
  }

  /** Timers waiting for their time. */
  get pending(): number {
    return this.queue.length
  }

  /** @internal */
  enqueue(action: Timer, delay: number): void {
    this.cancel(action)
    action.due = this.now() + Math.max(0, delay)
    action.seq = ++this.seq
    this.queue.push(action)
    this.queue.sort((a, b) => a.due - b.due || a.seq - b.seq)
    this.arm()
  }

  /** @internal */
  cancel(action: Timer): void {
    const i = this.queue.indexOf(action)
    if (i < 0) return
    this.queue.splice(i, 1)
    if (this.queue.length === 0) this.disarm()
  }

  private arm(): void {
    this.disarm()
    const next = this.queue[0]
    if (next === undefined) return
    const wait = next.due - this.now()
    if (wait > 0 && !this.running) return
    this.timer = setTimeout(() => this.fire(), Math.max(0, wait))
    // Only the client's work waits here; its sockets keep the process alive while they are open.
    this.timer.unref()
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private fire(): void {
    this.timer = undefined
    const now = this.now()
    const due: Timer[] = []
    for (let next = this.queue[0]; next !== undefined && next.due <= now; next = this.queue[0]) {
      due.push(next)
      this.queue.shift()
    }
    for (const action of due) action.run()
    this.arm()
  }
}
