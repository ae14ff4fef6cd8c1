/**
 * One transaction's workflow over the simulator's clock: waiting for approval until approved (by the
 * test, or after a delay), then each stage some ms after the one before; every state reached is kept
 * with its time, as Fordefi's `state_changes` list them.
 */

/**
 * One stage: reached `afterMs` after the stage before, or `'held'` until {@link TransactionFlow.approve}.
 *
 * @example
 * const stage: FlowStage = { state: 'signed', afterMs: 200 }
 */
export interface FlowStage {
  readonly state: string
  readonly afterMs: number | 'held'
}

/**
 * The states a transaction went through, reached lazily as the clock passes them.
 *
 * @example
 * const flow = new TransactionFlow(now, [{ state: 'approved', afterMs: 'held' }, { state: 'signed', afterMs: 200 }])
 * flow.approve(now)
 * flow.state(now + 200) // 'signed'
 */
export class TransactionFlow {
  private readonly reached: { state: string; at: number }[]
  private next = 0
  private releasedAt: number | undefined

  constructor(
    createdAt: number,
    private readonly stages: readonly FlowStage[],
  ) {
    this.reached = [{ state: 'waiting_for_approval', at: createdAt }]
  }

  /** The state at `now`. */
  state(now: number): string {
    return this.history(now).at(-1)?.state ?? 'waiting_for_approval'
  }

  /** Every state reached by `now`, oldest first, with its time. */
  history(now: number): readonly { readonly state: string; readonly at: number }[] {
    while (this.next < this.stages.length) {
      const stage = this.stages[this.next] as FlowStage
      const last = (this.reached.at(-1) as { at: number }).at
      let at: number
      if (stage.afterMs === 'held') {
        if (this.releasedAt === undefined) break
        at = Math.max(last, this.releasedAt)
      } else at = last + stage.afterMs
      if (at > now) break
      this.reached.push({ state: stage.state, at })
      this.next++
    }
    return this.reached
  }

  /** Releases the held stage the flow waits at; false when it is not waiting at one. */
  approve(now: number): boolean {
    this.history(now)
    if (this.stages[this.next]?.afterMs !== 'held' || this.releasedAt !== undefined) return false
    this.releasedAt = now
    return true
  }

  /** Ends the flow in `state` at `now` (rejected, aborted), whatever came next. */
  end(state: string, now: number): void {
    this.history(now)
    this.reached.push({ state, at: now })
    this.next = this.stages.length
  }
}
