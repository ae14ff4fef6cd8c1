// size: one managed connection: reconnect, subscriptions, routing, heartbeats and health share its state
import {
  BehaviorSubject,
  Observable,
  Subject,
  Subscription,
  asyncScheduler,
  defaultIfEmpty,
  defer,
  distinctUntilChanged,
  from,
  switchMap,
  interval,
  retry,
  take,
  throwError,
  timer,
  type SchedulerAction,
  type SchedulerLike,
  type Subscriber,
} from 'rxjs'
import { webSocket, type WebSocketSubject, type WebSocketSubjectConfig } from 'rxjs/webSocket'
import {
  DecodeError,
  VenueError,
  toVenueError,
  type ErrorKind,
  type VenueErrorOptions,
} from '../core/errors.js'
import { redactText } from '../core/redact.js'
import { unquotedJsonError } from '../codec/decode.js'
import { Backoff, type BackoffOptions } from './backoff.js'
import { Outbox } from './socket-outbox.js'

/**
 * Anything constructible like the standard `WebSocket` (isomorphic-ws, `ws`, a browser's, a test fake):
 * a driver takes one to run its sockets on another implementation than the default isomorphic-ws.
 *
 * @example
 * import WebSocket from 'ws'
 * const bybit = createBybitVenue({ WebSocketCtor: WebSocket })
 */
export type WebSocketCtor = new (url: string, protocols?: string | string[]) => unknown

// isomorphic-ws (ws on Node) is loaded on the first connection, not on import, to keep the import light.
let defaultCtor: Promise<WebSocketCtor> | undefined
const loadWebSocket = (): Promise<WebSocketCtor> =>
  (defaultCtor ??= import('isomorphic-ws').then((m) => m.default as unknown as WebSocketCtor))

/** Whether a message asks the venue to start or stop a topic. */
export type SubscriptionOp = 'subscribe' | 'unsubscribe'

/**
 * Lifecycle of a managed socket: `idle` while nothing holds it open (before the first subscriber, after
 * the last, or after a failure it does not retry), `reconnecting` while it waits out a backoff delay.
 * `closed` is final (after `ManagedSocket.close`).
 *
 * @example
 * health$('bybit').subscribe((h) => {
 *   const down = h.connections.filter((c) => c.state === 'reconnecting').map((c) => c.channel)
 *   if (down.length > 0) console.warn(`reconnecting: ${down.join(', ')}`)
 * })
 */
export type SocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed'

/**
 * A connection URL that subscribes some topics by itself, as Binance's combined streams do
 * (`/stream?streams=btcusdt@trade/ethusdt@trade`): those topics get no subscribe message on the
 * connection it opens.
 *
 * As pinned in `marble-tests/socket.test.ts` (a URL with room for two topics, backoff 1 000 ms):
 *
 * ```
 * server:  -o 18ms x 999ms -o        o open, x dropped
 * sent:    -b-c-e----a 1010ms e      the first URL names A; B, C, E come after it and A leaves at 10;
 *                                    the second URL names B and C, so only E is subscribed again
 * ```
 *
 * @example
 * const url = (topics: readonly string[]): SocketUrl => {
 *   const named = topics.slice(0, 200)
 *   return { url: `wss://stream.binance.com:9443/stream?streams=${named.join('/')}`, topics: named }
 * }
 */
export interface SocketUrl {
  readonly url: string
  /** Keys of live topics the URL subscribes; keys of no live topic are ignored. */
  readonly topics: readonly string[]
}

/** What happened to a managed socket; `at` is the scheduler's time. */
export type SocketEvent =
  | { readonly type: 'connecting'; readonly at: number; readonly url: string; readonly attempt: number }
  | { readonly type: 'open'; readonly at: number; readonly attempt: number }
  /** The connection is usable: open and, where the socket signs in, authenticated; topics go out now. */
  | { readonly type: 'ready'; readonly at: number; readonly attempt: number }
  | {
      readonly type: 'closed'
      readonly at: number
      readonly code: number
      readonly reason: string
      readonly wasClean: boolean
    }
  | {
      readonly type: 'reconnecting'
      readonly at: number
      readonly inMs: number
      readonly attempt: number
      readonly cause: VenueError
    }
  | { readonly type: 'resubscribed'; readonly at: number; readonly topics: readonly string[] }
  | { readonly type: 'stale'; readonly at: number; readonly silentForMs: number }
  | { readonly type: 'error'; readonly at: number; readonly error: VenueError }
  | { readonly type: 'auth'; readonly at: number; readonly ok: boolean; readonly error?: VenueError }

type Unstamped<E> = E extends unknown ? Omit<E, 'at'> : never

/** A venue's answer to a subscribe or unsubscribe message. */
export interface SubscriptionAck {
  readonly ok: boolean
  /** The topic keys answered, when the venue names them. */
  readonly keys?: readonly string[] | undefined
  /** The request id the venue echoes back (the `id` passed to the message builders). */
  readonly id?: number | string | undefined
  /** The venue's explanation of a refusal. */
  readonly reason?: string | undefined
  /** The venue's own error code of a refusal. */
  readonly code?: string | number | undefined
  /**
   * The kind of a refusal (default `invalid-request`): `auth` for one of the credentials, which
   * subscribing again does not cure.
   */
  readonly kind?: ErrorKind | undefined
}

/** Options of {@link createSocket}'s `reconnect`. */
export interface ReconnectConfig {
  /**
   * Delays between attempts. Default: 1 s → 60 s, full jitter. The delays start over from the first
   * once a (re)opened connection, ready (authenticated when it authenticates), delivers a frame to a
   * topic: a connection that drops right after every open keeps backing off, one that delivers data
   * between drops comes back quickly.
   */
  readonly backoff?: Backoff | Omit<BackoffOptions, 'resetAfterMs'>
  /** No frame at all (data, heartbeat, anything) for this long: emit `stale` and reconnect. Off when unset. */
  readonly staleAfterMs?: number
}

/** Options of {@link createSocket}'s `heartbeat`: one or more of the venue's keep-alive habits. */
export interface HeartbeatConfig {
  /** Sends `ping()` this often while the socket is open. */
  readonly intervalMs?: number
  /** The application-level ping the venue expects, e.g. `{ op: 'ping' }`. */
  readonly ping?: () => unknown
  /** The reply to a server ping frame, or `undefined` when the frame is not a ping. */
  readonly pong?: (frame: unknown) => unknown
  /** Recognizes heartbeat frames (the venue's pongs) so they stay out of topic streams. */
  readonly isHeartbeat?: (frame: unknown) => boolean
}

/** Options of {@link createSocket}'s `subscriptions`: how the venue multiplexes topics. */
export interface SubscriptionsConfig {
  /**
   * Builds one message that subscribes or unsubscribes a batch of topic keys. Topics that bring their own
   * `subscribe` / `unsubscribe` in {@link TopicOptions} are sent one by one instead.
   */
  readonly message?: (op: SubscriptionOp, keys: readonly string[], id: number) => unknown
  /** Most keys in one batch message (Bybit: 10). Default: no limit. */
  readonly maxKeysPerMessage?: number
  /** Collects topics added or removed within this window into one batch. Default 0 (the same tick). */
  readonly batchWindowMs?: number
  /** Recognizes the venue's answers to subscription messages; `undefined` for any other frame. */
  readonly matchAck?: (frame: unknown) => SubscriptionAck | undefined
}

/** What an `authenticate` step gets: the connection being authenticated. */
export interface SocketSession {
  /** Sends a message on this connection, ahead of any subscription. */
  send(message: unknown): void
  /** Decoded frames of this connection; completes when the connection ends. */
  readonly frames$: Observable<unknown>
  readonly scheduler: SchedulerLike
  readonly venue: string | undefined
  /** The socket's {@link SocketConfig.secrets}, for the errors the step makes. */
  readonly secrets: Iterable<string> | undefined
}

/** Configuration of {@link createSocket}. Only `url` is required. */
export interface SocketConfig {
  /**
   * Endpoint, or a function asked on every (re)connect with the keys of the topics live at that moment
   * (for URLs carrying fresh tokens, or naming topics). Answering a {@link SocketUrl} says which of
   * those topics the URL subscribes by itself; the others are subscribed by message once it is ready.
   */
  readonly url: string | ((topics: readonly string[]) => string | SocketUrl)
  /** Venue id for errors, e.g. `'bybit'`. */
  readonly venue?: string
  /**
   * Exact values (API key, the signatures sent) scrubbed from every error and event: a venue may echo
   * them in a refusal, a close reason or a malformed frame. Read at each use, so a live list works.
   */
  readonly secrets?: Iterable<string>
  /** Default: isomorphic-ws. */
  readonly WebSocketCtor?: WebSocketCtor
  /** Timers and timestamps. Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike
  /** Outgoing message → text. Default: strings as they are, anything else `JSON.stringify`. */
  readonly encode?: (message: unknown) => string
  /**
   * Incoming text → frame. Default `JSON.parse`. Throwing marks the frame malformed: it becomes an
   * `error` event (a `DecodeError` unless a `VenueError` was thrown) and the stream goes on.
   */
  readonly decode?: (text: string) => unknown
  readonly reconnect?: ReconnectConfig
  readonly heartbeat?: HeartbeatConfig
  readonly subscriptions?: SubscriptionsConfig
  /**
   * The routing key of a frame (Bybit's `topic`, Binance's `stream`), `undefined` for a frame of no
   * topic. With it, a frame reaches its topics by one map lookup, whatever the number of topics, instead
   * of being offered to every topic's filter.
   */
  readonly route?: (frame: unknown) => string | undefined
  /** Most outgoing frames in any one-second window, e.g. Binance's 5; extra frames wait their turn. */
  readonly maxMessagesPerSecond?: number
  /**
   * Largest incoming frame: bytes of a binary frame, characters of a text one. A larger frame is
   * refused before it is decoded: an `error` event (kind `decode`, retryable), and the connection is
   * dropped and reconnected, so the venue's topics start over (books from a fresh snapshot). With `ws`
   * (the default on Node) it is also `ws`'s `maxPayload`, so the frame is refused before it is
   * buffered. Default: no limit.
   */
  readonly maxFrameBytes?: number
  /**
   * Runs after every (re)connect, before any subscription; resolves by emitting or completing. An error
   * of a non-retryable kind (`auth`) ends the socket and errors every subscriber; others reconnect.
   * See {@link authByMessage}.
   */
  readonly authenticate?: (session: SocketSession) => Observable<unknown>
}

/** How one topic is selected and (un)subscribed. */
export interface TopicOptions<T> {
  /**
   * Picks this topic's frames out of the connection's frames, on a socket without
   * {@link SocketConfig.route}: every frame is offered to every such topic.
   */
  readonly filter?: ((frame: unknown) => frame is T) | ((frame: unknown) => boolean) | undefined
  /**
   * On a socket with {@link SocketConfig.route}: the routing key of this topic's frames. Default: the
   * topic's key. Two keys may share a route (an old and a new subscription of one venue topic).
   */
  readonly route?: string | undefined
  /** This topic's own subscribe message, instead of the venue's batch message. */
  readonly subscribe?: (id: number) => unknown
  /** This topic's own unsubscribe message, instead of the venue's batch message. */
  readonly unsubscribe?: (id: number) => unknown
}

/** Health counters of a managed socket. */
export interface SocketStats {
  /** Frames received since the socket was made. */
  readonly messages: number
  /** Scheduler time of the last frame, `undefined` before the first. */
  readonly lastMessageAt: number | undefined
  /**
   * Connections opened again after an earlier one opened and was lost, since the socket was made. The
   * first open after the socket went idle (its last subscriber left) is not a reconnect.
   */
  readonly reconnects: number
}

/** A venue's multiplexed, self-healing WebSocket. See {@link createSocket}. */
export interface ManagedSocket {
  /** Lifecycle and failures, hot; subscribing does not connect. */
  readonly events$: Observable<SocketEvent>
  /** Current state first, then every change; subscribing does not connect. */
  readonly state$: Observable<SocketState>
  /** The current state. */
  readonly state: SocketState
  /** Every decoded frame (heartbeats and acks included); holds the connection open like a topic. */
  readonly messages$: Observable<unknown>
  /**
   * One topic's frames. Subscribers of the same key share one venue subscription; the first one sends
   * the subscribe message (none when the connection URL names the topic), the last one the unsubscribe
   * message (none when it closes the connection, which ends the topic at the venue). A refusal by the
   * venue errors this topic's subscribers with a `VenueError` of kind `invalid-request`. When two calls
   * give different options for a key that is live, the first call's options are used.
   */
  topic$<T>(key: string, options: TopicOptions<T>): Observable<T>
  /**
   * Sends a message (request/response APIs). Waits for the connection to be ready and is kept across
   * reconnects. Throws a `VenueError` (`invalid-request`) when nothing holds the connection open.
   */
  send(message: unknown): void
  /** Health counters. */
  stats(): SocketStats
  /**
   * Closes the connection and completes every stream. Final. Sends no unsubscribe message: the
   * venue ends a closed connection's subscriptions.
   */
  close(): void
  /**
   * Resolves once every connection this socket opened has closed: its closing handshake done, or cut
   * after {@link CLOSE_GRACE_MS}. At once when none is open.
   */
  whenClosed(): Promise<void>
}

/**
 * A managed WebSocket shared by many topic subscriptions: it connects on the first subscriber,
 * multiplexes topics over one connection (reference-counted, batched, rate-limited), keeps it alive
 * with the venue's heartbeat, reconnects with {@link Backoff} after an error, a close or a silent
 * (stale) feed, authenticates and resubscribes every live topic after each reconnect (by message,
 * except the topics a {@link SocketUrl} names), and closes on the last unsubscribe, leaving no socket
 * or timer behind. Control messages never bypass `maxMessagesPerSecond`; none is sent on the way out.
 *
 * Reconnect and resubscribe, as pinned in `marble-tests/socket.test.ts` (backoff 1 000 ms, no jitter):
 *
 * ```
 * server:   -o-a---x 1000ms -o-b          o open, x dropped (1006), a b frames of topic A
 * topic A:  ---a 1007ms b
 * sent:     -(ab) 1004ms (ab)             subscribe A, subscribe B (B is live too); again after reconnect
 * events:   co-----(xr) 996ms C-(OR)      connecting #1, open #1, closed 1006, reconnecting in 1000 #1,
 *                                         connecting #2, open #2, resubscribed [A, B]
 * ```
 *
 * @example
 * const socket = createSocket({
 *   url: 'wss://stream.bybit.com/v5/public/spot',
 *   venue: 'bybit',
 *   reconnect: { staleAfterMs: 30_000 },
 *   heartbeat: { intervalMs: 20_000, ping: () => ({ op: 'ping' }), isHeartbeat: (f) => isPong(f) },
 *   subscriptions: {
 *     message: (op, keys, id) => ({ op, args: keys, req_id: String(id) }),
 *     maxKeysPerMessage: 10,
 *     matchAck: (f) => (isOpReply(f) ? { id: f.req_id, ok: f.success, reason: f.ret_msg } : undefined),
 *   },
 * })
 * socket.topic$('tickers.BTCUSDT', { filter: (f) => isTopic(f, 'tickers.BTCUSDT') }).subscribe(onTicker)
 */
export function createSocket(config: SocketConfig): ManagedSocket {
  return new MultiplexedSocket(config)
}

interface TopicEntry {
  readonly key: string
  readonly options: TopicOptions<unknown>
  /** Replaced, never changed in place, so a frame can be delivered without a copy. */
  subscribers: readonly Subscriber<unknown>[]
}

/** Everything that lives exactly as long as one WebSocket connection. */
interface Connection {
  readonly number: number
  readonly ws: WebSocketSubject<string>
  /** Decoded frames, for `authenticate`. */
  readonly frames: Subject<unknown>
  /** Socket subscription, stale watch, heartbeat, auth: all torn down with the connection. */
  readonly owned: Subscription
  /**
   * Keys the venue holds on this connection: named by its URL, or whose subscribe message went out,
   * and not unsubscribed since.
   */
  readonly wire: Set<string>
  /** Sent subscription messages awaiting their ack, by id. */
  readonly requests: Map<string, { readonly op: SubscriptionOp; readonly keys: readonly string[] }>
  readonly pendingSubscribe: Set<string>
  readonly pendingUnsubscribe: Map<string, TopicOptions<unknown>>
  batch: Subscription | undefined
  open: boolean
  ready: boolean
  live: boolean
  /** Whether a frame reached a topic's subscribers since the connection was ready. */
  delivered: boolean
  lastActivity: number
}

class MultiplexedSocket implements ManagedSocket {
  readonly events$: Observable<SocketEvent>
  readonly state$: Observable<SocketState>
  readonly messages$: Observable<unknown>

  private readonly events = new Subject<SocketEvent>()
  private readonly stateSubject = new BehaviorSubject<SocketState>('idle')
  private readonly scheduler: SchedulerLike
  private readonly backoff: Backoff
  private readonly outbox: Outbox
  private readonly venue: string | undefined
  private readonly topics = new Map<string, TopicEntry>()
  /** Replaced, never changed in place (a frame is delivered without a copy). */
  private listeners: readonly Subscriber<unknown>[] = []
  /** Topics by routing key, on a socket with `route`; each array replaced on change, never changed in place. */
  private readonly routes = new Map<string, readonly TopicEntry[]>()
  /** Topics selected by their filter, on a socket without `route`; replaced on change. */
  private filtered: readonly TopicEntry[] = []
  private holders = 0
  private loop: Subscription | undefined
  private conn: Connection | undefined
  private connections = 0
  private nextId = 0
  private messages = 0
  private lastMessageAt: number | undefined
  private reconnects = 0
  /** Whether a connection of the current loop has opened. */
  private openedInLoop = false
  private closed = false
  // a connection's close not yet done, until its socket reports it (or a bound when none was made)
  private readonly unclosed = new Set<Promise<void>>()

  constructor(private readonly config: SocketConfig) {
    this.scheduler = config.scheduler ?? asyncScheduler
    this.venue = config.venue
    const backoff = config.reconnect?.backoff
    this.backoff =
      backoff instanceof Backoff ? backoff : new Backoff({ scheduler: this.scheduler, ...backoff })
    this.outbox = new Outbox(config.maxMessagesPerSecond, this.scheduler)
    this.events$ = this.events.asObservable()
    this.state$ = this.stateSubject.pipe(distinctUntilChanged())
    this.messages$ = new Observable<unknown>((subscriber) => {
      if (this.closed) return subscriber.error(this.closedError())
      this.listeners = [...this.listeners, subscriber]
      return this.hold(() => (this.listeners = this.listeners.filter((s) => s !== subscriber)))
    })
  }

  get state(): SocketState {
    return this.stateSubject.value
  }

  topic$<T>(key: string, options: TopicOptions<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.closed) return subscriber.error(this.closedError())
      let entry = this.topics.get(key)
      const created = entry === undefined
      if (!entry) {
        entry = { key, options: options as TopicOptions<unknown>, subscribers: [] }
        this.topics.set(key, entry)
        this.index(entry)
      }
      entry.subscribers = [...entry.subscribers, subscriber as Subscriber<unknown>]
      if (created) this.topicAdded(key)
      return this.hold(() => this.topicReleased(key, subscriber as Subscriber<unknown>))
    })
  }

  send(message: unknown): void {
    if (this.closed) throw this.closedError()
    if (!this.loop) {
      throw new VenueError({
        kind: 'invalid-request',
        venue: this.venue,
        message: 'socket is not connected: subscribe to messages$ or a topic before sending',
      })
    }
    this.outbox.push('send', this.encode(message))
  }

  stats(): SocketStats {
    return { messages: this.messages, lastMessageAt: this.lastMessageAt, reconnects: this.reconnects }
  }

  whenClosed(): Promise<void> {
    return Promise.all([...this.unclosed]).then(() => undefined)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    const subscribers = [...this.listeners, ...[...this.topics.values()].flatMap((e) => e.subscribers)]
    this.stop()
    this.clearTopics()
    for (const s of subscribers) s.complete()
    this.stateSubject.complete()
    this.events.complete()
  }

  // ---- holders: topic subscribers and messages$ subscribers keep the connection ----

  private hold(release: () => void): () => void {
    this.holders += 1
    this.start()
    let released = false
    return () => {
      if (released) return
      released = true
      release()
      this.holders -= 1
      if (this.holders === 0 && !this.closed) this.stop()
    }
  }

  private start(): void {
    if (this.loop || this.closed) return
    const loop = new Subscription()
    this.loop = loop
    this.connections = 0
    this.openedInLoop = false
    this.backoff.reset()
    loop.add(
      defer(() => this.connect())
        .pipe(retry({ delay: (e: unknown) => this.reconnectDelay(e) }))
        .subscribe({
          error: (e: unknown) => this.loop === loop && this.fail(toVenueError(e, this.errorOptions)),
        }),
    )
  }

  private stop(): void {
    // Nothing is unsubscribed on the way out: the venues' subscriptions belong to the connection and end
    // with it (Binance, Bybit), so an unsubscribe now would only spend the connection's message budget
    // (Binance closes a connection sending more than 5 a second) without changing what the venue does.
    // Queued and batched messages are dropped with the connection.
    const loop = this.loop
    this.loop = undefined
    loop?.unsubscribe()
    this.outbox.detach(() => false)
    this.setState(this.closed ? 'closed' : 'idle')
  }

  /** The connection gave up for good (a non-retryable error): every holder learns why. */
  private fail(error: VenueError): void {
    this.loop = undefined
    this.outbox.detach(() => false)
    this.setState('idle')
    this.emit({ type: 'error', error })
    const subscribers = [...this.listeners, ...[...this.topics.values()].flatMap((e) => e.subscribers)]
    this.clearTopics()
    for (const s of subscribers) s.error(error)
  }

  private reconnectDelay(e: unknown): Observable<unknown> {
    const error = toVenueError(e, this.errorOptions)
    if (!error.retryable || this.closed) return throwError(() => error)
    const inMs = this.backoff.next()
    this.setState('reconnecting')
    this.emit({ type: 'reconnecting', inMs, attempt: this.backoff.attempt, cause: error })
    return timer(inMs, this.scheduler)
  }

  // ---- one connection ----

  private connect(): Observable<never> {
    const given = this.config.WebSocketCtor
    return given !== undefined
      ? this.connectWith(given)
      : from(loadWebSocket()).pipe(switchMap((ctor) => this.connectWith(ctor)))
  }

  private connectWith(base: WebSocketCtor): Observable<never> {
    const maxFrameBytes = this.config.maxFrameBytes
    const ctor = wsOf(base, maxFrameBytes)
    return new Observable<never>((subscriber) => {
      const number = ++this.connections
      const given = this.config.url
      const target = typeof given === 'function' ? given([...this.topics.keys()]) : given
      const url = typeof target === 'string' ? target : target.url
      this.setState('connecting')
      this.emit({ type: 'connecting', url: redactText(url, this.config.secrets), attempt: number })
      const failed = (error: VenueError): void => {
        if (conn.live) subscriber.error(error)
      }
      let bound: ReturnType<typeof setTimeout> | undefined
      let done = false
      let settle = (): void => undefined
      const gone = new Promise<void>((resolve) => {
        settle = () => {
          done = true
          clearTimeout(bound)
          this.unclosed.delete(gone)
          resolve()
        }
      })
      this.unclosed.add(gone)
      const wsConfig: WebSocketSubjectConfig<string> = {
        url,
        WebSocketCtor: ctor as WebSocketSubjectConfig<string>['WebSocketCtor'],
        serializer: (text) => text,
        // no decoding here: a throw inside rxjs' socket would end the connection
        deserializer: (event) => {
          if (maxFrameBytes !== undefined && frameLength(event.data) > maxFrameBytes)
            throw new FrameTooLarge()
          return toText(event.data)
        },
        openObserver: { next: () => conn.live && this.opened(conn, failed) },
        closeObserver: {
          next: (e) => {
            settle()
            if (conn.live)
              this.emit({
                type: 'closed',
                code: e.code,
                reason: redactText(e.reason, this.config.secrets),
                wasClean: e.wasClean,
              })
          },
        },
      }
      const conn: Connection = {
        number,
        ws: webSocket<string>(wsConfig),
        frames: new Subject<unknown>(),
        owned: new Subscription(),
        wire: new Set(typeof target === 'string' ? [] : target.topics.filter((key) => this.topics.has(key))),
        requests: new Map(),
        pendingSubscribe: new Set(),
        pendingUnsubscribe: new Map(),
        batch: undefined,
        open: false,
        ready: false,
        live: true,
        delivered: false,
        lastActivity: this.scheduler.now(),
      }
      this.conn = conn
      conn.owned.add(this.watchStale(conn, failed))
      conn.owned.add(
        conn.ws.subscribe({
          next: (text) => this.received(conn, text),
          error: (e: unknown) => failed(this.socketFailure(e)),
          complete: () =>
            failed(
              new VenueError({ kind: 'network', venue: this.venue, message: 'socket closed by the server' }),
            ),
        }),
      )
      return () => {
        conn.live = false
        // a constructor that threw made no socket to report its close: wait no longer than a cut one
        if (!done) {
          bound = setTimeout(settle, CLOSE_GRACE_MS + 500)
          ;(bound as { unref?: () => void }).unref?.()
        }
        if (this.conn === conn) this.conn = undefined
        conn.batch?.unsubscribe()
        this.outbox.detach((kind) => kind === 'send')
        conn.frames.complete()
        conn.owned.unsubscribe()
      }
    })
  }

  private opened(conn: Connection, failed: (error: VenueError) => void): void {
    conn.open = true
    conn.lastActivity = this.scheduler.now()
    if (this.openedInLoop) this.reconnects += 1
    this.openedInLoop = true
    this.setState('open')
    this.emit({ type: 'open', attempt: conn.number })
    this.outbox.attach((text) => conn.ws.next(text))
    const { intervalMs, ping } = this.config.heartbeat ?? {}
    if (intervalMs && ping) {
      conn.owned.add(
        interval(intervalMs, this.scheduler).subscribe(() =>
          this.outbox.push('heartbeat', this.encode(ping())),
        ),
      )
    }
    const authenticate = this.config.authenticate
    if (!authenticate) return this.ready(conn)
    const session: SocketSession = {
      send: (message) => conn.live && this.outbox.push('auth', this.encode(message)),
      frames$: conn.frames.asObservable(),
      scheduler: this.scheduler,
      venue: this.venue,
      secrets: this.config.secrets,
    }
    conn.owned.add(
      defer(() => authenticate(session))
        .pipe(take(1), defaultIfEmpty(undefined))
        .subscribe({
          next: () => {
            this.emit({ type: 'auth', ok: true })
            this.ready(conn)
          },
          error: (e: unknown) => {
            const error = toVenueError(e, { ...this.errorOptions, kind: 'auth' })
            this.emit({ type: 'auth', ok: false, error })
            failed(error)
          },
        }),
    )
  }

  private ready(conn: Connection): void {
    conn.ready = true
    // the URL's topics are on the venue already; one released since the connect is pending unsubscribe
    for (const key of this.topics.keys()) if (!conn.wire.has(key)) conn.pendingSubscribe.add(key)
    this.flushBatch(conn)
    this.outbox.markReady()
    // after the topics went out, so that whoever acts on it comes after them
    this.emit({ type: 'ready', attempt: conn.number })
    if (conn.number > 1) this.emit({ type: 'resubscribed', topics: [...this.topics.keys()] })
  }

  private received(conn: Connection, text: string): void {
    if (!conn.live) return
    const now = this.scheduler.now()
    conn.lastActivity = now
    this.messages += 1
    this.lastMessageAt = now
    let frame: unknown
    try {
      frame = (this.config.decode ?? JSON.parse)(text)
    } catch (e) {
      this.emit({ type: 'error', error: decodeFailure(e, text, this.errorOptions) })
      return
    }
    // only `authenticate` watches these, and only while it runs
    if (conn.frames.observed) conn.frames.next(frame)
    const listeners = this.listeners
    for (let i = 0; i < listeners.length; i++) (listeners[i] as Subscriber<unknown>).next(frame)
    let routed = false
    // venue hooks may throw on a frame they do not expect: that frame is an error event, the socket goes on
    try {
      if (this.control(conn, frame)) return
      const route = this.config.route
      if (route !== undefined) {
        const key = route(frame)
        const entries = key === undefined ? undefined : this.routes.get(key)
        if (entries !== undefined) routed = deliver(entries, frame)
      } else {
        const entries = this.filtered
        for (let i = 0; i < entries.length; i++) {
          const entry = entries[i] as TopicEntry
          if (entry.options.filter?.(frame) === true) routed = deliverTo(entry, frame) || routed
        }
      }
    } catch (e) {
      this.emit({ type: 'error', error: toVenueError(e, { ...this.errorOptions, kind: 'decode' }) })
    }
    // Data, not a timer, proves the connection works: a venue that drops every few seconds would
    // otherwise push the delays to the ceiling although each connection served its subscribers.
    if (routed && conn.ready && !conn.delivered) {
      conn.delivered = true
      this.backoff.reset()
    }
  }

  /** Answers heartbeats and takes acks; true when the frame was one of those. */
  private control(conn: Connection, frame: unknown): boolean {
    const heartbeat = this.config.heartbeat
    if (heartbeat !== undefined) {
      const reply = heartbeat.pong?.(frame)
      if (reply !== undefined) {
        this.outbox.push('heartbeat', this.encode(reply))
        return true
      }
      if (heartbeat.isHeartbeat?.(frame) === true) return true
    }
    const ack = this.config.subscriptions?.matchAck?.(frame)
    if (ack === undefined) return false
    this.acknowledged(conn, ack)
    return true
  }

  /** Files a new topic under its route, or among the filtered topics. */
  private index(entry: TopicEntry): void {
    if (this.config.route === undefined) {
      this.filtered = [...this.filtered, entry]
      return
    }
    const route = entry.options.route ?? entry.key
    this.routes.set(route, [...(this.routes.get(route) ?? []), entry])
  }

  /** Forgets a topic that has no subscriber left. */
  private unindex(entry: TopicEntry): void {
    this.topics.delete(entry.key)
    if (this.config.route === undefined) {
      this.filtered = this.filtered.filter((e) => e !== entry)
      return
    }
    const route = entry.options.route ?? entry.key
    const rest = (this.routes.get(route) ?? []).filter((e) => e !== entry)
    if (rest.length > 0) this.routes.set(route, rest)
    else this.routes.delete(route)
  }

  private clearTopics(): void {
    this.topics.clear()
    this.routes.clear()
    this.filtered = []
    this.listeners = []
  }

  private acknowledged(conn: Connection, ack: SubscriptionAck): void {
    const request = ack.id === undefined ? undefined : conn.requests.get(String(ack.id))
    if (ack.id !== undefined) conn.requests.delete(String(ack.id))
    if (ack.ok) return
    const keys = ack.keys ?? request?.keys ?? []
    const op = request?.op ?? 'subscribe'
    const error = new VenueError({
      kind: ack.kind ?? 'invalid-request',
      venue: this.venue,
      code: ack.code,
      message: `${op} ${keys.length ? keys.join(', ') : '(unknown topics)'} refused: ${ack.reason || 'no reason given'}`,
      secrets: this.config.secrets,
    })
    this.emit({ type: 'error', error })
    if (op === 'unsubscribe') return
    for (const key of keys) {
      const entry = this.topics.get(key)
      if (!entry) continue
      this.unindex(entry)
      conn.wire.delete(key)
      conn.pendingSubscribe.delete(key)
      for (const s of entry.subscribers) s.error(error)
    }
  }

  private watchStale(conn: Connection, failed: (error: VenueError) => void): Subscription {
    const staleAfterMs = this.config.reconnect?.staleAfterMs
    if (!staleAfterMs) return Subscription.EMPTY
    const scheduler = this.scheduler
    const stale = (silentForMs: number): void => {
      this.emit({ type: 'stale', silentForMs })
      failed(
        new VenueError({
          kind: 'timeout',
          venue: this.venue,
          message: `no frame for ${silentForMs} ms: stale feed`,
        }),
      )
    }
    // one timer re-armed from the last frame's time, instead of one timer per frame
    return scheduler.schedule(function check(this: SchedulerAction<undefined>) {
      const silent = scheduler.now() - conn.lastActivity
      if (silent >= staleAfterMs) stale(silent)
      else this.schedule(undefined, staleAfterMs - silent)
    }, staleAfterMs)
  }

  // ---- topics on the wire ----

  private topicAdded(key: string): void {
    const c = this.conn
    if (!c) return
    // taken again before its unsubscribe went out: still on the venue
    if (c.pendingUnsubscribe.delete(key)) c.wire.add(key)
    else if (c.ready) {
      c.pendingSubscribe.add(key)
      this.scheduleBatch(c)
    } // else `ready` subscribes every live topic the URL did not name
  }

  private topicReleased(key: string, subscriber: Subscriber<unknown>): void {
    const entry = this.topics.get(key)
    if (entry === undefined || !entry.subscribers.includes(subscriber)) return
    entry.subscribers = entry.subscribers.filter((s) => s !== subscriber)
    if (entry.subscribers.length > 0) return
    this.unindex(entry)
    this.topicRemoved(key, entry.options)
  }

  private topicRemoved(key: string, options: TopicOptions<unknown>): void {
    const c = this.conn
    if (!c || c.pendingSubscribe.delete(key) || !c.wire.delete(key)) return
    c.pendingUnsubscribe.set(key, options)
    if (c.ready) this.scheduleBatch(c) // else `ready` unsubscribes what the URL named and is gone
  }

  private scheduleBatch(c: Connection): void {
    if (c.batch) return
    let ran = false
    const batch = this.scheduler.schedule(() => {
      ran = true
      c.batch = undefined
      this.flushBatch(c)
    }, this.config.subscriptions?.batchWindowMs ?? 0)
    if (!ran) c.batch = batch
  }

  private flushBatch(c: Connection): void {
    if (!c.live || !c.ready) return
    const unsubscribe = [...c.pendingUnsubscribe]
    const subscribe = [...c.pendingSubscribe].flatMap((key): [string, TopicOptions<unknown>][] => {
      const entry = this.topics.get(key)
      return entry ? [[key, entry.options]] : []
    })
    c.pendingUnsubscribe.clear()
    c.pendingSubscribe.clear()
    for (const text of this.subscriptionMessages(c, 'unsubscribe', unsubscribe))
      this.outbox.push('unsubscribe', text)
    for (const text of this.subscriptionMessages(c, 'subscribe', subscribe))
      this.outbox.push('subscribe', text)
  }

  /** Builds (and records for acks) the messages for some topics, and moves them on or off the wire. */
  private subscriptionMessages(
    c: Connection,
    op: SubscriptionOp,
    entries: readonly (readonly [string, TopicOptions<unknown>])[],
  ): string[] {
    const texts: string[] = []
    const request = (keys: readonly string[], build: (id: number) => unknown): void => {
      const id = ++this.nextId
      if (this.config.subscriptions?.matchAck) {
        c.requests.set(String(id), { op, keys })
        // a venue that acks by keys (no id) never clears its requests: forget the oldest
        if (c.requests.size > MAX_PENDING_REQUESTS) c.requests.delete(c.requests.keys().next().value ?? '')
      }
      texts.push(this.encode(build(id)))
    }
    const batched: string[] = []
    for (const [key, options] of entries) {
      const own = options[op]
      if (own) request([key], own)
      else batched.push(key)
      if (op === 'subscribe') c.wire.add(key)
      else c.wire.delete(key)
    }
    const message = this.config.subscriptions?.message
    const size = this.config.subscriptions?.maxKeysPerMessage ?? Infinity
    if (message) {
      for (let i = 0; i < batched.length; i += size) {
        const keys = batched.slice(i, i + size)
        request(keys, (id) => message(op, keys, id))
      }
    }
    return texts
  }

  // ---- small helpers ----

  /** What a failed connection reports; a refused oversized frame is an `error` event too. */
  private socketFailure(e: unknown): VenueError {
    if (!(e instanceof FrameTooLarge || isWsPayloadError(e))) return socketError(e, this.errorOptions)
    const error = new VenueError({
      kind: 'decode',
      retryable: true,
      venue: this.venue,
      message: `a frame over maxFrameBytes (${this.config.maxFrameBytes}) was refused; reconnecting`,
    })
    this.emit({ type: 'error', error })
    return error
  }

  private encode(message: unknown): string {
    if (this.config.encode) return this.config.encode(message)
    return typeof message === 'string' ? message : JSON.stringify(message)
  }

  /** Venue and secrets of every error the socket makes. */
  private get errorOptions(): ErrorOptions {
    return { venue: this.venue, secrets: this.config.secrets }
  }

  private emit(event: Unstamped<SocketEvent>): void {
    this.events.next({ ...event, at: this.scheduler.now() } as SocketEvent)
  }

  private setState(state: SocketState): void {
    if (this.stateSubject.value !== state && !this.stateSubject.closed) this.stateSubject.next(state)
  }

  private closedError(): VenueError {
    return new VenueError({ kind: 'invalid-request', venue: this.venue, message: 'socket was closed' })
  }
}

const MAX_PENDING_REQUESTS = 1024

type ErrorOptions = Pick<VenueErrorOptions, 'venue' | 'secrets'>

/** Thrown by the deserializer at a frame over `maxFrameBytes`; rxjs then ends the connection. */
class FrameTooLarge extends Error {}

/** `ws` refused a frame over its `maxPayload` (and closes with 1009). */
function isWsPayloadError(e: unknown): boolean {
  const cause = (e as { error?: { code?: unknown } } | null)?.error
  return cause?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
}

/**
 * How long a closing handshake may take before the connection is cut. `ws` waits 30 s for the
 * venue's close frame; a venue that stopped reading, or a network gone dead, would hold the socket and
 * with it the process that much longer after `close()`.
 */
export const CLOSE_GRACE_MS = 1_000

/** What {@link wsOf} uses of a `ws` socket. */
interface WsSocket {
  readonly readyState: number
  close(code?: number, reason?: string): void
  terminate(): void
  once(event: 'close', listener: () => void): void
}

/**
 * `ws` (recognized by its `terminate()`) with `maxPayload` set, since rxjs passes the constructor only
 * a URL and protocols, and a close cut after {@link CLOSE_GRACE_MS} when the venue does not answer it;
 * any other constructor (a browser's WebSocket) is left as it is.
 */
function wsOf(ctor: WebSocketCtor, maxPayload: number | undefined): WebSocketCtor {
  if (typeof (ctor.prototype as { terminate?: unknown } | undefined)?.terminate !== 'function') return ctor
  // one class per constructor and limit: the sockets of a process share their shape
  let byLimit = wrapped.get(ctor)
  if (byLimit === undefined) wrapped.set(ctor, (byLimit = new Map()))
  let made = byLimit.get(maxPayload)
  if (made === undefined) byLimit.set(maxPayload, (made = wrap(ctor, maxPayload)))
  return made
}

const wrapped = new WeakMap<WebSocketCtor, Map<number | undefined, WebSocketCtor>>()

function wrap(ctor: WebSocketCtor, maxPayload: number | undefined): WebSocketCtor {
  const Ws = ctor as new (url: string, protocols: unknown, options: { maxPayload?: number }) => WsSocket
  const options = maxPayload === undefined ? {} : { maxPayload }
  return class extends Ws {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, options)
    }

    override close(code?: number, reason?: string): void {
      super.close(code, reason)
      if (this.readyState === 3) return
      const cut = setTimeout(() => this.terminate(), CLOSE_GRACE_MS)
      this.once('close', () => clearTimeout(cut))
    }
  }
}

function frameLength(data: unknown): number {
  if (typeof data === 'string') return data.length
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength
  if (Array.isArray(data)) return data.reduce((n: number, part: unknown) => n + frameLength(part), 0)
  return 0
}

const utf8 = new TextDecoder()

function toText(data: unknown): string {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return utf8.decode(new Uint8Array(data))
  if (ArrayBuffer.isView(data))
    return utf8.decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
  if (Array.isArray(data)) return data.map(toText).join('')
  return String(data)
}

function socketError(e: unknown, options: ErrorOptions): VenueError {
  if (e instanceof VenueError) return e
  const event = (typeof e === 'object' && e !== null ? e : {}) as {
    code?: unknown
    reason?: unknown
    message?: unknown
    error?: unknown
  }
  if (typeof event.code === 'number') {
    const reason = typeof event.reason === 'string' && event.reason ? `: ${event.reason}` : ''
    return new VenueError({
      ...options,
      kind: 'network',
      message: `socket closed (code ${event.code}${reason})`,
    })
  }
  const detail = typeof event.message === 'string' && event.message ? event.message : String(e)
  return new VenueError({
    ...options,
    kind: 'network',
    message: `socket error: ${detail}`,
    cause: event.error ?? e,
  })
}

function decodeFailure(e: unknown, text: string, options: ErrorOptions): VenueError {
  if (e instanceof VenueError) return e
  const error = unquotedJsonError(e)
  return new DecodeError({
    ...options,
    context: `${options.venue ?? 'socket'} frame`,
    paths: [error instanceof Error ? error.message : String(error)],
    raw: text,
    cause: error,
  })
}

/** Hands a frame to every subscriber of the topics; true when one had a subscriber. */
function deliver(entries: readonly TopicEntry[], frame: unknown): boolean {
  let delivered = false
  for (let i = 0; i < entries.length; i++) delivered = deliverTo(entries[i] as TopicEntry, frame) || delivered
  return delivered
}

/** Hands a frame to one topic's subscribers; true when it had any. */
function deliverTo(entry: TopicEntry, frame: unknown): boolean {
  const subscribers = entry.subscribers
  for (let j = 0; j < subscribers.length; j++) (subscribers[j] as Subscriber<unknown>).next(frame)
  return subscribers.length > 0
}
