/**
 * A thing whose state moves on with the simulated clock, as a REST-polled workflow does (a quote that
 * expires, a custody transaction going from approval to the chain): each stage is reached some ms
 * after the one before, or when the test releases it; a client polling sees whatever stage the clock
 * has reached, and the test moves the clock.
 */

/**
 * One stage of a timeline: `afterMs` after the stage before, or `'held'` until {@link Timeline.release}.
 *
 * @example
 * const approval: Stage<'waiting_for_approval' | 'approved'> = { state: 'approved', afterMs: 'held' }
 */
export interface Stage<S extends string> {
  readonly state: S
  readonly afterMs: number | 'held'
}

/**
 * A workflow's states over simulated time.
 *
 * @example
 * const tx = new Timeline('waiting_for_approval', clock.now(), [
 *   { state: 'approved', afterMs: 'held' },   // until the test approves it
 *   { state: 'signed', afterMs: 500 },
 *   { state: 'completed', afterMs: 12_000 },
 * ])
 * tx.release(clock.now())   // approved now; signed 500 ms later
 * tx.at(clock.now())        // what GET /transactions/{id} shows
 */
export class Timeline<S extends string> {
  private readonly released: number[] = []
  private ended: { readonly state: S; readonly at: number } | undefined

  constructor(
    private readonly first: S,
    private readonly startedAt: number,
    private readonly stages: readonly Stage<S>[],
  ) {}

  /** The state at `now`. */
  at(now: number): S {
    if (this.ended !== undefined && now >= this.ended.at) return this.ended.state
    return this.walk(now).state
  }

  /** Releases the held stage the timeline is waiting at, at `now`; false when it is not waiting at one. */
  release(now: number): boolean {
    const { waiting } = this.walk(now)
    if (!waiting) return false
    this.released.push(now)
    return true
  }

  /** Ends the timeline at `now` in `state` (aborted, cancelled, expired early), whatever comes next. */
  end(state: S, now: number): void {
    this.ended ??= { state, at: now }
  }

  private walk(now: number): { readonly state: S; readonly waiting: boolean } {
    let state = this.first
    let at = this.startedAt
    let holds = 0
    for (const stage of this.stages) {
      if (stage.afterMs === 'held') {
        const released = this.released[holds++]
        if (released === undefined) return { state, waiting: true }
        at = Math.max(at, released)
      } else at += stage.afterMs
      if (at > now) return { state, waiting: false }
      state = stage.state
    }
    return { state, waiting: false }
  }
}
