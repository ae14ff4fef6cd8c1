/**
 * What a piece of work has for a venue's subscribers, by topic: queued as the engine reports it, taken
 * whole once the work ends (the simulator's `flush`), so a step's pushes go out together and in order.
 */

/**
 * Items queued per topic until taken.
 *
 * @example
 * const outbox = new Outbox<'order' | 'execution'>()
 * outbox.add('order', socketOrder(entry))            // as the engine reports it
 * privateSocket.push('order', outbox.take('order'))  // in flush: every item since the last take
 */
export class Outbox<K extends string> {
  private readonly items = new Map<K, unknown[]>()

  /** Queues an item of `topic`. */
  add(topic: K, item: unknown): void {
    let list = this.items.get(topic)
    if (list === undefined) this.items.set(topic, (list = []))
    list.push(item)
  }

  /** The items of `topic` queued since the last take, oldest first. */
  take(topic: K): unknown[] {
    const list = this.items.get(topic) ?? []
    this.items.delete(topic)
    return list
  }
}
