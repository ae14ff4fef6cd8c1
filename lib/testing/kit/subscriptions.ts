/**
 * Subscription bookkeeping of a simulated feed: which connection holds which topic, both ways round,
 * so a publication finds its subscribers and a closing connection leaves every topic.
 */

const NONE: ReadonlySet<never> = new Set()

/**
 * How a venue checks a subscribe or unsubscribe request, as data: each refusal it has is checked in
 * the order below and words its answer from the topics that broke the rule.
 *
 * @example
 * const rules: SubscribeRules = {
 *   serves: (topic) => grammar.parse(topic) !== undefined,
 *   unknown: (topics) => `error:handler not found,topic:${topics.join(',')}`,
 *   twice: (topics) => `error:already subscribed,topic:${topics.join(',')}`,
 * }
 */
export interface SubscribeRules {
  /** Whether the venue serves a topic. */
  serves(topic: string): boolean
  /** Unsubscribing, first: topics the connection does not hold, when the venue refuses those. */
  readonly notHeld?: ((topics: readonly string[]) => string) | undefined
  /** Topics the venue does not serve. */
  unknown(topics: readonly string[]): string
  /** Subscribing: topics held already or named twice, when the venue refuses those. */
  readonly twice?: ((topics: readonly string[]) => string) | undefined
  /** Subscribing, last: the most topics one connection may hold. */
  readonly most?: { readonly topics: number; refuse(): string } | undefined
}

/**
 * What a subscribe or unsubscribe request did: refused (in the venue's words), or applied.
 *
 * @example
 * const change: SubscriptionChange = subs.change(conn, true, topics, rules)
 * if (change.refused === undefined) for (const t of change.added) welcome(conn, t)
 */
export interface SubscriptionChange {
  readonly refused: string | undefined
  /** Subscribing: the topics the connection did not hold before, in request order. */
  readonly added: readonly string[]
}

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

  /** A subscribe (or unsubscribe) request of `conn` for `topics`: checked by the venue's rules, then applied. */
  change(conn: C, subscribe: boolean, topics: readonly string[], rules: SubscribeRules): SubscriptionChange {
    const held = this.of(conn)
    const broken = (
      refuse: ((found: string[]) => string) | undefined,
      breaks: (t: string, i: number) => boolean,
    ) => {
      const found = refuse === undefined ? [] : topics.filter(breaks)
      return found.length === 0 ? undefined : refuse?.(found)
    }
    const unknown = () => broken(rules.unknown, (t) => !rules.serves(t))
    const added = subscribe ? topics.filter((t) => !held.has(t)) : []
    const tooMany = rules.most !== undefined && held.size + new Set(added).size > rules.most.topics
    const refused = subscribe
      ? (unknown() ??
        broken(rules.twice, (t, i) => held.has(t) || topics.indexOf(t) !== i) ??
        (tooMany ? rules.most?.refuse() : undefined))
      : (broken(rules.notHeld, (t) => !held.has(t)) ?? unknown())
    if (refused !== undefined) return { refused, added: [] }
    for (const t of topics) {
      if (subscribe) this.add(conn, t)
      else this.remove(conn, t)
    }
    return { refused: undefined, added }
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
