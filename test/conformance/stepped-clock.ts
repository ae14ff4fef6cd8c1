/**
 * A scheduler whose time stands still until the test moves it, and which has run everything that fell
 * due by the time {@link SteppedClock.advance} returns: a test can tell "nothing more happens until time
 * passes" from "something is about to happen".
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs'

/** A piece of work waiting in a {@link SteppedClock}. */
interface Timer {
  due: number
  seq: number
  run(): void
}

class Action<T> extends Subscription implements SchedulerAction<T>, Timer {
  due = 0
  seq = 0

  constructor(
    private readonly clock: SteppedClock,
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
 * Work due now runs on the next turn of the event loop (as with a real clock); work for later runs
 * within the {@link SteppedClock.advance} that reaches its time, in order.
 *
 * @example
 * const clock = new SteppedClock(Date.UTC(2025, 5, 2, 11, 59, 57))
 * const client = createClient({ venues: { binance: { ...venue, scheduler: clock } } })
 * clock.advance(1500) // the limiter's next window has opened, and what it released is sent
 */
export class SteppedClock implements SchedulerLike {
  private at: number
  private queue: Timer[] = []
  private seq = 0
  private soon: ReturnType<typeof setTimeout> | undefined

  constructor(at: number) {
    this.at = at
  }

  now(): number {
    return this.at
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new Action<T>(this, work, state).schedule(state, delay)
  }

  /** Moves the clock `ms` ahead, running whatever falls due on the way, at its time. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance needs ms >= 0, got ${ms}`)
    const target = this.at + ms
    for (let next = this.queue[0]; next !== undefined && next.due <= target; next = this.queue[0]) {
      this.queue.shift()
      this.at = Math.max(this.at, next.due)
      next.run()
    }
    this.at = target
  }

  /** @internal */
  enqueue(action: Timer, delay: number): void {
    this.cancel(action)
    action.due = this.at + Math.max(0, delay)
    action.seq = ++this.seq
    this.queue.push(action)
    this.queue.sort((a, b) => a.due - b.due || a.seq - b.seq)
    if (action.due <= this.at) this.soon ??= setTimeout(() => this.runDue(), 0)
  }

  /** @internal */
  cancel(action: Timer): void {
    const i = this.queue.indexOf(action)
    if (i >= 0) this.queue.splice(i, 1)
  }

  private runDue(): void {
    this.soon = undefined
    for (let next = this.queue[0]; next !== undefined && next.due <= this.at; next = this.queue[0]) {
      this.queue.shift()
      next.run()
    }
  }
}
