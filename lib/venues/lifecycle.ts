/**
 * The lifecycle every venue driver shares: its event stream, the things `close()` releases, and the
 * error of a call made after close.
 */
import { Subject, type SchedulerLike } from 'rxjs'
import { VenueError } from '../core/errors.js'
import type { VenueId } from '../core/model.js'
import type { VenueEvent } from './venue.js'

/**
 * A {@link VenueEvent} before the driver stamps it with the venue and the time.
 *
 * @example
 * ctx.emit({ type: 'resync', symbol: 'BTC/USDT', reason: 'gap' })
 */
export type VenueEventBody = VenueEvent extends infer E
  ? E extends VenueEvent
    ? Omit<E, 'venue' | 'at'>
    : never
  : never

/** What a driver's `close()` does besides releasing what was registered with `onClose`. */
export interface CloseSteps {
  /** Runs right after the registered releases start, before anything is awaited. */
  readonly now?: () => void
  /** Runs once the registered releases have finished (close connection pools here). */
  readonly after?: () => Promise<void>
}

/** See {@link createVenueLifecycle}. */
export interface VenueLifecycle {
  /** The venue's events; completed by `close`. */
  readonly events: Subject<VenueEvent>
  /** Stamps an event with the venue and the scheduler's time and sends it, unless closed. */
  emit(event: VenueEventBody): void
  /** Registers something `close` releases; released at once when already closed. */
  onClose(release: () => void | Promise<void>): void
  readonly closed: boolean
  /** The error of a call made after close. */
  closedError(): VenueError
  /** Releases everything registered (last first), runs `steps`, completes `events`. Idempotent. */
  close(steps?: CloseSteps): Promise<void>
}

/**
 * Creates the lifecycle of one driver instance.
 *
 * @example
 * const life = createVenueLifecycle('bybit', asyncScheduler)
 * life.onClose(() => socket.close())
 * await life.close({ after: () => rest.close() })
 */
export function createVenueLifecycle(venue: VenueId, scheduler: SchedulerLike): VenueLifecycle {
  const events = new Subject<VenueEvent>()
  const releases: (() => void | Promise<void>)[] = []
  let closed = false
  return {
    events,
    emit: (event) => {
      if (!events.closed) events.next({ ...event, venue, at: new Date(scheduler.now()) } as VenueEvent)
    },
    onClose: (release) => {
      if (closed) void release()
      else releases.push(release)
    },
    get closed() {
      return closed
    },
    closedError: () =>
      new VenueError({ kind: 'invalid-request', venue, message: `${venue} venue is closed` }),
    close: async (steps = {}) => {
      if (closed) return
      closed = true
      const pending: Promise<void>[] = []
      for (const release of releases.splice(0).reverse()) {
        const done = release()
        if (done instanceof Promise) pending.push(done)
      }
      steps.now?.()
      await Promise.all(pending)
      await steps.after?.()
      events.complete()
    },
  }
}
