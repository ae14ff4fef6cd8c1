import { expect } from 'chai'
import { asyncScheduler, BehaviorSubject, NEVER, Observable, Subject, timer, type Subscriber } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import type { ManagedSocket, SocketEvent, SocketState, TopicOptions } from '../../lib/transport/socket.js'
import { createSocketPool, REOPENED, type SocketPool } from '../../lib/transport/socket-pool.js'

interface Frame {
  readonly stream: string
  readonly id: number
}

/** A managed socket the test drives: it opens, drops and delivers frames when told. */
class FakeSocket implements ManagedSocket {
  readonly log: string[] = []
  private readonly events = new Subject<SocketEvent>()
  private readonly states = new BehaviorSubject<SocketState>('idle')
  private readonly live = new Map<
    string,
    { options: TopicOptions<unknown>; subscriber: Subscriber<unknown> }
  >()
  private attempts = 0
  readonly events$ = this.events.asObservable()
  readonly state$ = this.states.asObservable()
  readonly messages$ = NEVER

  get state(): SocketState {
    return this.states.value
  }

  topics(): string[] {
    return [...this.live.keys()]
  }

  topic$<T>(key: string, options: TopicOptions<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      this.log.push(`+${key}`)
      this.live.set(key, {
        options: options as TopicOptions<unknown>,
        subscriber: subscriber as Subscriber<unknown>,
      })
      return () => {
        this.log.push(`-${key}`)
        this.live.delete(key)
        if (this.live.size === 0 && this.state !== 'closed') this.states.next('idle')
      }
    })
  }

  open(): void {
    this.attempts += 1
    this.states.next('open')
    this.events.next({ type: 'open', at: asyncScheduler.now(), attempt: this.attempts })
  }

  drop(): void {
    this.events.next({ type: 'closed', at: asyncScheduler.now(), code: 1006, reason: '', wasClean: false })
    this.states.next('reconnecting')
  }

  deliver(frame: Frame): void {
    for (const { options, subscriber } of [...this.live.values()]) {
      if (options.filter?.(frame) === true) subscriber.next(frame)
    }
  }

  fail(key: string, error: Error): void {
    this.live.get(key)?.subscriber.error(error)
  }

  send(): void {}

  stats() {
    return { messages: 0, lastMessageAt: undefined, reconnects: 0 }
  }

  close(): void {
    this.log.push('close')
    this.states.next('closed')
    for (const { subscriber } of [...this.live.values()]) subscriber.complete()
    this.live.clear()
  }

  /** Its connection's close is done when the test says (`closeDone`). */
  closeDone: () => void = () => undefined
  private readonly gone = new Promise<void>((resolve) => (this.closeDone = resolve))
  whenClosed(): Promise<void> {
    return this.gone
  }
}

function setup(options: { max?: number; plannedReconnectMs?: number; handoverTimeoutMs?: number } = {}): {
  pool: SocketPool<Frame>
  sockets: FakeSocket[]
  retiring: (() => boolean)[]
  unwatched: number[]
} {
  const sockets: FakeSocket[] = []
  const retiring: (() => boolean)[] = []
  const unwatched: number[] = []
  const pool = createSocketPool<Frame>({
    connect: () => {
      const socket = new FakeSocket()
      sockets.push(socket)
      return socket
    },
    topic: (name) => ({ filter: (f): f is Frame => (f as Frame).stream === name }),
    eventKey: (f) => f.id,
    maxStreamsPerConnection: options.max ?? 2,
    plannedReconnectMs: options.plannedReconnectMs,
    handoverTimeoutMs: options.handoverTimeoutMs ?? 1000,
    scheduler: asyncScheduler,
    watch: (socket, isRetiring) => {
      const n = sockets.indexOf(socket as FakeSocket)
      retiring[n] = isRetiring
      return () => unwatched.push(n)
    },
    closedError: () => new Error('pool closed'),
  })
  return { pool, sockets, retiring, unwatched }
}

/** What a stream's subscriber saw, as text: frame ids, `R` for REOPENED, `|` and `#` for its end. */
function record(pool: SocketPool<Frame>, name: string): string[] {
  const seen: string[] = []
  pool.stream$(name).subscribe({
    next: (item) => seen.push(item === REOPENED ? 'R' : String(item.id)),
    error: (e: unknown) => seen.push(`#${(e as Error).message}`),
    complete: () => seen.push('|'),
  })
  return seen
}

function virtual(run: () => void): void {
  new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  }).run(run)
}

describe('socket pool', () => {
  it('puts streams on a connection until it is full, then opens another; a stream is shared by name', () => {
    const { pool, sockets } = setup({ max: 2 })
    const a1 = record(pool, 'a')
    const a2 = record(pool, 'a')
    record(pool, 'b')
    record(pool, 'c')
    expect(sockets).to.have.length(2)
    expect(sockets[0]?.topics()).to.deep.equal(['a', 'b'])
    expect(sockets[1]?.topics()).to.deep.equal(['c'])
    expect(pool.streamsPerConnection()).to.deep.equal([2, 1])
    sockets[0]?.deliver({ stream: 'a', id: 1 })
    sockets[0]?.deliver({ stream: 'b', id: 1 })
    expect([a1, a2]).to.deep.equal([['1'], ['1']])
  })

  it('takes a stream off when its last subscriber leaves, and gives the room to the next stream', () => {
    const { pool, sockets } = setup({ max: 2 })
    const a = pool.stream$('a').subscribe()
    const again = pool.stream$('a').subscribe()
    record(pool, 'b')
    a.unsubscribe()
    expect(sockets[0]?.topics()).to.deep.equal(['a', 'b'])
    again.unsubscribe()
    expect(sockets[0]?.log).to.deep.equal(['+a', '+b', '-a'])
    record(pool, 'c')
    expect(sockets).to.have.length(1)
    expect(pool.streamsPerConnection()).to.deep.equal([2])
  })

  it('counts open connections, and after a reconnect tells that connection’s streams and accepts ids from the start', () => {
    const { pool, sockets } = setup({ max: 1 })
    const a = record(pool, 'a')
    const b = record(pool, 'b')
    const [first, second] = sockets as [FakeSocket, FakeSocket]
    first.open()
    second.open()
    expect(pool.connections()).to.equal(2)
    first.deliver({ stream: 'a', id: 7 })
    first.drop()
    expect(pool.connections()).to.equal(1)
    first.open()
    first.deliver({ stream: 'a', id: 3 })
    second.deliver({ stream: 'b', id: 5 })
    expect(a).to.deep.equal(['7', 'R', '3'])
    expect(b).to.deep.equal(['5'])
    expect(pool.connections()).to.equal(2)
  })

  it('hands a connection over after plannedReconnectMs: duplicates dropped by id, the old one closed once every stream delivered', () => {
    let a: string[] = []
    let b: string[] = []
    virtual(() => {
      const { pool, sockets, retiring, unwatched } = setup({ max: 5, plannedReconnectMs: 1000 })
      a = record(pool, 'a')
      b = record(pool, 'b')
      const old = sockets[0] as FakeSocket
      old.open()
      old.deliver({ stream: 'a', id: 1 })
      timer(1000).subscribe(() => {
        const next = sockets[1] as FakeSocket
        expect(retiring[0]?.(), 'the old one is retiring').to.equal(true)
        expect(retiring[1]?.()).to.equal(false)
        expect(next.topics()).to.deep.equal(['a', 'b'])
        next.open()
        old.deliver({ stream: 'a', id: 2 })
        next.deliver({ stream: 'a', id: 2 })
        next.deliver({ stream: 'a', id: 3 })
        old.deliver({ stream: 'a', id: 3 })
        expect(old.log.includes('close'), 'b has not delivered on the new one').to.equal(false)
        old.deliver({ stream: 'b', id: 10 })
        next.deliver({ stream: 'b', id: 10 })
        expect(old.log.at(-1)).to.equal('close')
        expect(unwatched).to.deep.equal([0])
        expect(pool.streamsPerConnection()).to.deep.equal([2])
      })
      timer(5000).subscribe(() => pool.close())
    })
    expect(a).to.deep.equal(['1', '2', '3', '|'])
    expect(b).to.deep.equal(['10', '|'])
  })

  it('closes the old connection after handoverTimeoutMs when a stream never delivers on the new one', () => {
    virtual(() => {
      const { pool, sockets } = setup({ max: 5, plannedReconnectMs: 1000, handoverTimeoutMs: 300 })
      const a = record(pool, 'a')
      record(pool, 'b')
      const old = sockets[0] as FakeSocket
      old.open()
      const closedAt: number[] = []
      timer(1001).subscribe(() => {
        ;(sockets[1] as FakeSocket).open()
        ;(sockets[1] as FakeSocket).deliver({ stream: 'a', id: 4 })
      })
      timer(1299).subscribe(() => old.log.includes('close') && closedAt.push(1299))
      timer(1301).subscribe(() => old.log.includes('close') && closedAt.push(1301))
      timer(2000).subscribe(() => {
        expect(closedAt, 'closed at 1 300').to.deep.equal([1301])
        expect(a).to.deep.equal(['4'])
        expect(pool.streamsPerConnection()).to.deep.equal([2])
        pool.close()
      })
    })
  })

  it('plans no handover for a connection without streams, nor without plannedReconnectMs', () => {
    virtual(() => {
      const planned = setup({ max: 5, plannedReconnectMs: 1000 })
      const sub = planned.pool.stream$('a').subscribe()
      planned.sockets[0]?.open()
      timer(500).subscribe(() => sub.unsubscribe())
      const unplanned = setup({ max: 5 })
      record(unplanned.pool, 'a')
      unplanned.sockets[0]?.open()
      timer(100_000).subscribe(() => {
        expect(planned.sockets).to.have.length(1)
        expect(unplanned.sockets).to.have.length(1)
        planned.pool.close()
        unplanned.pool.close()
      })
    })
  })

  it('a refused stream fails its subscribers; the next subscriber subscribes it again', () => {
    const { pool, sockets } = setup()
    const a = record(pool, 'a')
    sockets[0]?.fail('a', new Error('refused'))
    expect(a).to.deep.equal(['#refused'])
    record(pool, 'a')
    expect(sockets[0]?.log).to.deep.equal(['+a', '-a', '+a'])
  })

  it('close completes every stream, closes every connection, and refuses later subscribers', () => {
    const { pool, sockets, unwatched } = setup({ max: 1 })
    const a = record(pool, 'a')
    const b = record(pool, 'b')
    pool.close()
    expect([a, b]).to.deep.equal([['|'], ['|']])
    expect(sockets.map((s) => s.log.at(-1))).to.deep.equal(['close', 'close'])
    expect(unwatched).to.deep.equal([0, 1])
    expect(record(pool, 'c')).to.deep.equal(['#pool closed'])
  })

  it('whenClosed resolves once every connection it closed is done closing', async () => {
    const { pool, sockets } = setup({ max: 1 })
    record(pool, 'a')
    record(pool, 'b')
    pool.close()
    let done = false
    const closed = pool.whenClosed().then(() => (done = true))
    sockets[0]?.closeDone()
    await Promise.resolve()
    await Promise.resolve()
    expect(done, 'one connection still closing').to.equal(false)
    sockets[1]?.closeDone()
    await closed
    expect(done).to.equal(true)
  })
})
