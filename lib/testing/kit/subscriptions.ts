/**
 * Subscription bookkeeping of a simulated feed: which connection holds which topic, both ways round,
 * so a publication finds its subscribers and a closing connection leaves every topic.
 */

const NONE: ReadonlySet<never> = new Set()

/**
 * Topics held by connections `C`.
 *
 * @example
 * const subs = new Subscriptions<Conn>()
 * subs.add(conn, 'orderbook.50.BTCUSDT')
 * for (const c of subs.subscribers('orderbook.50.BTCUSDT')) hub.send(c, text)
 * subs.drop(conn) // on close
 */
export class Subscriptions<C> {
  // Topics stay keyed once seen, so publications keep the order in which topics were first taken.
  private readonly byTopic = new Map<string, Set<C>>()
  private readonly byConn = new Map<C, Set<string>>()

  /** `conn` holds `topic` from now on. */
  add(conn: C, topic: string): void {
    let conns = this.byTopic.get(topic)
    if (conns === undefined) this.byTopic.set(topic, (conns = new Set()))
    conns.add(conn)
    let topics = this.byConn.get(conn)
    if (topics === undefined) this.byConn.set(conn, (topics = new Set()))
    topics.add(topic)
  }

  /** `conn` no longer holds `topic`; false when it did not. */
  remove(conn: C, topic: string): boolean {
    this.byTopic.get(topic)?.delete(conn)
    return this.byConn.get(conn)?.delete(topic) ?? false
  }

  /** Forgets a connection and everything it held. */
  drop(conn: C): void {
    for (const topic of this.of(conn)) this.byTopic.get(topic)?.delete(conn)
    this.byConn.delete(conn)
  }

  /** The topics `conn` holds, in the order it took them. */
  of(conn: C): ReadonlySet<string> {
    return this.byConn.get(conn) ?? NONE
  }

  /** The connections holding `topic`, in the order they took it. */
  subscribers(topic: string): ReadonlySet<C> {
    return this.byTopic.get(topic) ?? NONE
  }

  /** True when some connection holds `topic`. */
  has(topic: string): boolean {
    return this.subscribers(topic).size > 0
  }

  /** Every topic some connection holds, in the order topics were first taken. */
  topics(): string[] {
    return [...this.byTopic].filter(([, conns]) => conns.size > 0).map(([topic]) => topic)
  }
}
