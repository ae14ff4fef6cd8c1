/**
 * A custody transaction followed to its final state: polled with backoff (sooner after a change,
 * slower while nothing moves), fed by pushes where there are any, each state change emitted once; a
 * stuck transaction, an overdue approval and a state the SDK does not know are told on the venue's
 * events.
 */
import { Observable, type SchedulerLike, type Subscription } from 'rxjs'
import { VenueError } from '../../../core/errors.js'
import {
  CUSTODY_FINAL_STATES,
  type CustodyPolling,
  type CustodyTransaction,
  type CustodyWatchOptions,
} from '../../contract/custody.js'
import type { VenueEventBody } from '../lifecycle.js'

/**
 * What {@link watchTransaction} polls and reports with.
 *
 * @example
 * const host: TransactionWatchHost = { get: wire.get, updates$: wire.updates$, scheduler, poll, emit: ctx.emit }
 */
export interface TransactionWatchHost {
  get(id: string): Observable<CustodyTransaction>
  readonly updates$?: Observable<CustodyTransaction> | undefined
  readonly scheduler: SchedulerLike
  readonly poll: CustodyPolling
  emit(event: VenueEventBody): void
}

/**
 * The transaction at each change of its venue state, completing at a final state. A poll that fails
 * with a retryable error is tried again at the next interval; any other error ends the stream.
 *
 * @example
 * watchTransaction('tx-1', host, { approvalTimeoutMs: 600_000 }).subscribe((tx) => console.log(tx.state))
 */
export function watchTransaction(
  id: string,
  host: TransactionWatchHost,
  options: CustodyWatchOptions = {},
): Observable<CustodyTransaction> {
  const { scheduler, poll } = host
  return new Observable<CustodyTransaction>((subscriber) => {
    let last: CustodyTransaction | undefined
    let delay = poll.initialMs
    let overdue: Subscription | undefined
    let request: Subscription | undefined
    let next: Subscription | undefined
    let stuckTold = false

    const armApprovalTimeout = (tx: CustodyTransaction) => {
      const timeout = options.approvalTimeoutMs
      if (timeout === undefined || overdue !== undefined || tx.state !== 'waiting-for-approval') return
      const since = (tx.approvalRequestedAt ?? tx.createdAt).getTime()
      overdue = scheduler.schedule(
        () => {
          if (last?.state !== 'waiting-for-approval') return
          host.emit({
            type: 'custody-alert',
            transactionId: id,
            reason: 'approval-timeout',
            venueState: last.venueState,
          })
          subscriber.next((last = { ...last, approvalOverdue: true }))
        },
        Math.max(0, since + timeout - scheduler.now()),
      )
    }

    /** True when `tx` was a change. */
    const take = (tx: CustodyTransaction): boolean => {
      if (subscriber.closed || tx.id !== id || tx.venueState === last?.venueState) return false
      // a push and a poll may cross: an update older than the last one seen is stale
      if (last !== undefined && tx.timestamp.getTime() < last.timestamp.getTime()) return false
      last = tx
      if (tx.state === 'pending') {
        host.emit({
          type: 'custody-warning',
          transactionId: id,
          venueState: tx.venueState,
          message: `transaction ${id} is in state ${tx.venueState}, unknown to this SDK: shown as pending`,
        })
      }
      if (tx.state === 'stuck' && !stuckTold) {
        stuckTold = true
        host.emit({ type: 'custody-alert', transactionId: id, reason: 'stuck', venueState: tx.venueState })
      }
      subscriber.next(tx)
      if (CUSTODY_FINAL_STATES.includes(tx.state)) subscriber.complete()
      else armApprovalTimeout(tx)
      return true
    }

    const schedule = () => {
      if (subscriber.closed) return
      next = scheduler.schedule(ask, delay)
    }
    const ask = () => {
      request = host.get(id).subscribe({
        next: (tx) => {
          delay = take(tx) ? poll.initialMs : Math.min(poll.maxMs, delay * poll.multiplier)
        },
        error: (e: unknown) => {
          if (!(e instanceof VenueError && e.retryable)) return subscriber.error(e)
          delay = Math.min(poll.maxMs, delay * poll.multiplier)
          schedule()
        },
        complete: schedule,
      })
    }

    const pushed = host.updates$?.subscribe((tx) => {
      if (take(tx)) delay = poll.initialMs
    })
    ask()
    return () => {
      pushed?.unsubscribe()
      request?.unsubscribe()
      next?.unsubscribe()
      overdue?.unsubscribe()
    }
  })
}
