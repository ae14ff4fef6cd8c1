/**
 * Pooled connections with a planned handover: streams spread over as few connections as the venue's
 * per-connection limit allows, each stream shared by its subscribers, and each connection replaced before
 * the venue's cut-off without a gap.
 */
import { Observable, Subject, Subscription, type SchedulerLike } from 'rxjs'
import type { Logger } from '../core/logging.js'
import type { ManagedSocket, TopicOptions } from './socket.js'

/**
 * Sent to a stream's subscribers when its connection opened again after a drop: events may have been
 * missed meanwhile (a book must resync).
 *
 * @example
 * pool.stream$('btcusdt@depth@100ms').subscribe((item) => item === REOPENED ? resync() : apply(item))
 */
export const REOPENED: unique symbol = Symbol('reopened')

/**
 * What a venue tells {@link createSocketPool}.
 *
 * @example
 * const config: SocketPoolConfig<Frame> = {
 *   connect: () => createSocket({ url, subscriptions, route: (f) => (f as Frame).stream }),
 *   eventKey: (f) => f.id, maxStreamsPerConnection: 1024, plannedReconnectMs: 23 * 3_600_000,
 *   handoverTimeoutMs: 60_000, scheduler: asyncScheduler,
 * }
 */
export interface SocketPoolConfig<F> {
  /** Makes one connection of the pool; it connects when its first stream is subscribed. */
  connect(): ManagedSocket
  /**
   * How a stream is picked out of its connection's frames and (un)subscribed. Default: by the socket's
   * `route` (a frame's routing key is the stream's name), with the venue's batch messages.
   */
  topic?(name: string): TopicOptions<F>
  /**
   * The id by which a stream's events are ordered: an event at or below the last one delivered (the copy
   * a second connection brings during a handover) is dropped. Ids start over after a reconnect.
   */
  eventKey(frame: F): number
  readonly maxStreamsPerConnection: number
  /** A connection is replaced this long after it opened. Default: never. */
  readonly plannedReconnectMs?: number | undefined
  /** Longest time the old connection stays open during a handover, waiting for streams to deliver. */
  readonly handoverTimeoutMs: number
  readonly scheduler: SchedulerLike
  readonly logger?: Logger | undefined
  /**
   * Sees every connection the pool makes (to report its events and health); the returned function is
   * called when the connection is dropped from the pool. `retiring()` is true once a handover has begun
   * on it: its end is planned, not a failure.
   */
  watch?(socket: ManagedSocket, retiring: () => boolean): () => void
  /** The error of a stream subscribed after `close`. */
  closedError(): Error
}

/**
 * Streams over pooled connections (see {@link createSocketPool}).
 *
 * @example
 * const trades$ = pool.stream$('btcusdt@trade').pipe(filter((item) => item !== REOPENED))
 */
export interface SocketPool<F> {
  /**
   * One stream's frames, with {@link REOPENED} after each reconnect of its connection; shared by name:
   * the first subscriber puts the stream on a connection, the last takes it off.
   */
  stream$(name: string): Observable<F | typeof REOPENED>
  /** Connections open now. */
  connections(): number
  /** The streams each connection of the pool carries now. */
  streamsPerConnection(): readonly number[]
  /** Takes every stream off and closes every connection; later subscribers fail with `closedError`. */
  close(): void
  /** Resolves once every connection the pool closed has closed (see `ManagedSocket.whenClosed`). */
  whenClosed(): Promise<void>
}

interface Slot {
  readonly socket: ManagedSocket
  readonly streams: Set<string>
  /** The pool's watch of the socket (open and down), and the venue's. */
  readonly owned: Subscription
  /** Counted in `connections()`. */
  open: boolean
  retiring: boolean
  planned: Subscription | undefined
}

interface Hub<F> {
  readonly name: string
  readonly subject: Subject<F | typeof REOPENED>
  readonly wires: Map<Slot, Subscription>
  refs: number
  /** The highest event id delivered: a second connection's copy of an event is dropped. */
  lastKey: number
}

/**
 * Opens nothing until a stream is subscribed. A stream goes on the first connection with room (at most
 * `maxStreamsPerConnection` streams each); when none has room, a new connection opens. A connection whose
 * streams all left goes idle (its socket closes) and takes the next stream.
 *
 * `plannedReconnectMs` after a connection opened, its streams move: a new connection subscribes them all,
 * and the old one closes once each stream has delivered on the new one (or after `handoverTimeoutMs`).
 * While both are open every event arrives twice; the copy is dropped by {@link SocketPoolConfig.eventKey},
 * so the subscribers see one unbroken stream.
 *
 * ```
 * old:     --1--2--3--4|                 planned reconnect at 2; closed once the new one delivered 3
 * new:            --3--4--5--6
 * stream:  --1--2--3--4--5--6
 * ```
 *
 * @example
 * const pool = createSocketPool(config)
 * pool.stream$('btcusdt@trade').subscribe((item) => item !== REOPENED && print(item))
 * pool.close()
 */
export function createSocketPool<F>(config: SocketPoolConfig<F>): SocketPool<F> {
  const slots: Slot[] = []
  const hubs = new Map<string, Hub<F>>()
  let up = 0
  let closed = false

  const openSlot = (): Slot => {
    const socket = config.connect()
    const slot: Slot = {
      socket,
      streams: new Set(),
      owned: new Subscription(),
      open: false,
      retiring: false,
      planned: undefined,
    }
    // the venue hears of an open before the streams hear of the reconnect
    const unwatch = config.watch?.(socket, () => slot.retiring)
    if (unwatch !== undefined) slot.owned.add(unwatch)
    slot.owned.add(watch(slot))
    slots.push(slot)
    return slot
  }

  // sockets closed and not yet done closing
  const closing = new Set<ManagedSocket>()
  const closeSlot = (slot: Slot): void => {
    const i = slots.indexOf(slot)
    if (i >= 0) slots.splice(i, 1)
    down(slot)
    slot.owned.unsubscribe()
    slot.socket.close()
    closing.add(slot.socket)
    void slot.socket.whenClosed().then(() => closing.delete(slot.socket))
  }

  const down = (slot: Slot): void => {
    slot.planned?.unsubscribe()
    slot.planned = undefined
    if (!slot.open) return
    slot.open = false
    up -= 1
  }

  /** Counts the connection while open, plans its handover, and tells its streams of a reconnect. */
  const watch = (slot: Slot): Subscription => {
    const sub = slot.socket.events$.subscribe((event) => {
      if (event.type === 'closed' || event.type === 'stale' || event.type === 'reconnecting') down(slot)
      if (event.type !== 'open') return
      if (!slot.open) {
        slot.open = true
        up += 1
      }
      slot.planned?.unsubscribe()
      const after = config.plannedReconnectMs
      if (after !== undefined) slot.planned = config.scheduler.schedule(() => handover(slot), after)
      if (event.attempt <= 1) return
      for (const name of slot.streams) {
        const hub = hubs.get(name)
        if (hub === undefined) continue
        hub.lastKey = -Infinity
        hub.subject.next(REOPENED)
      }
    })
    sub.add(
      slot.socket.state$.subscribe((state) => {
        if (state === 'idle' || state === 'closed') down(slot)
      }),
    )
    return sub
  }

  /** Moves every stream of `old` onto a new connection, then closes `old` once each delivered there. */
  const handover = (old: Slot): void => {
    old.planned = undefined
    if (old.retiring || old.streams.size === 0) return
    old.retiring = true
    config.logger?.info('planned reconnect', { streams: old.streams.size })
    const next = openSlot()
    const waiting = new Set(old.streams)
    let timeout: Subscription | undefined = undefined
    const finish = (): void => {
      timeout?.unsubscribe()
      if (!slots.includes(old)) return
      for (const name of old.streams) {
        const hub = hubs.get(name)
        hub?.wires.get(old)?.unsubscribe()
        hub?.wires.delete(old)
      }
      old.streams.clear()
      closeSlot(old)
    }
    for (const name of [...old.streams]) {
      const hub = hubs.get(name)
      if (hub === undefined) continue
      next.streams.add(name)
      wire(hub, next, () => {
        waiting.delete(name)
        if (waiting.size === 0) finish()
      })
    }
    timeout = config.scheduler.schedule(finish, config.handoverTimeoutMs)
  }

  const wire = (hub: Hub<F>, slot: Slot, delivered?: () => void): void => {
    let first = delivered
    const subject = hub.subject
    hub.wires.set(
      slot,
      slot.socket.topic$<F>(hub.name, config.topic?.(hub.name) ?? {}).subscribe({
        next: (frame) => {
          const key = config.eventKey(frame)
          if (key > hub.lastKey) {
            hub.lastKey = key
            subject.next(frame)
          }
          if (first !== undefined) {
            const done = first
            first = undefined
            done()
          }
        },
        error: (e: unknown) => {
          dispose(hub)
          subject.error(e)
        },
        complete: () => {
          if (hubs.get(hub.name) !== hub || hub.wires.size > 1) return
          dispose(hub)
          subject.complete()
        },
      }),
    )
  }

  const dispose = (hub: Hub<F>): void => {
    if (hubs.get(hub.name) === hub) hubs.delete(hub.name)
    for (const [slot, sub] of hub.wires) {
      slot.streams.delete(hub.name)
      sub.unsubscribe()
    }
    hub.wires.clear()
  }

  return {
    stream$: (name) =>
      new Observable<F | typeof REOPENED>((subscriber) => {
        if (closed) return subscriber.error(config.closedError())
        let hub = hubs.get(name)
        if (hub === undefined) {
          const created: Hub<F> = {
            name,
            subject: new Subject(),
            wires: new Map(),
            refs: 0,
            lastKey: -Infinity,
          }
          hub = created
          hubs.set(name, created)
          let slot = slots.find((s) => !s.retiring && s.streams.size < config.maxStreamsPerConnection)
          slot ??= openSlot()
          slot.streams.add(name)
          wire(created, slot)
        }
        const own = hub
        own.refs += 1
        const sub = own.subject.subscribe(subscriber)
        return () => {
          sub.unsubscribe()
          own.refs -= 1
          if (own.refs === 0) dispose(own)
        }
      }),
    connections: () => up,
    streamsPerConnection: () => slots.map((s) => s.streams.size),
    close: () => {
      if (closed) return
      closed = true
      for (const hub of [...hubs.values()]) {
        dispose(hub)
        hub.subject.complete()
      }
      for (const slot of [...slots]) closeSlot(slot)
    },
    whenClosed: () => Promise.all([...closing].map((socket) => socket.whenClosed())).then(() => undefined),
  }
}
