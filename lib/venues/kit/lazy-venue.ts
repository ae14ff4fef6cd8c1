/**
 * A venue whose driver code is loaded on first use: what a venue module hands out, so that importing the
 * package loads no driver (and no matching engine) until a venue is used.
 */
import { defer, from, Observable, switchMap, type SchedulerLike } from 'rxjs'
import type { SequenceRule } from '../../book/sequence-rule.js'
import { VenueError } from '../../core/errors.js'
import type { VenueId } from '../../core/model.js'
import type { VenueCapabilities } from '../contract/capabilities.js'
import type { VenueHealthSnapshot } from '../contract/health.js'
import type { Venue } from '../contract/venue.js'

/**
 * What is known of a driver before its code is loaded.
 *
 * @example
 * lazyVenue({ id: 'bybit', capabilities, surfaces: { trading: hasKeys } }, () => import('./driver.js').then((m) => m.createBybitDriver(options)))
 */
export interface LazyVenueShape {
  readonly id: VenueId
  readonly capabilities: VenueCapabilities
  readonly bookSequence?: SequenceRule | undefined
  /** Which account surfaces the driver will have (the venue offers them and credentials were given). */
  readonly surfaces: { readonly trading?: boolean; readonly rfq?: boolean; readonly custody?: boolean }
  /** The driver's scheduler, for the time of a health sample taken before it is loaded. */
  readonly scheduler?: SchedulerLike | undefined
  /** The trading surface's `placementWindowMs` (see `VenueTrading`), known before the driver loads. */
  readonly placementWindowMs?: number | undefined
  /** Values of the driver's synchronous members (not returning an Observable) before it is loaded. */
  readonly unloaded?: Readonly<Record<string, unknown>> | undefined
}

/** Methods of a surface that exist only when their capability flag says so. */
const OPTIONAL: Readonly<Record<string, (caps: VenueCapabilities) => boolean>> = {
  amendOrder: (c) => c.trading?.amend === true,
  cancelAllOrders: (c) => c.trading?.cancelAll === true,
  positions: (c) => c.trading?.positions === true,
  abort: (c) => c.custody?.abort === true,
}

/**
 * A {@link Venue} that loads its driver the first time a stream or request is subscribed (or `events$`
 * is watched). Until then `health()` reports nothing and `close()` has nothing to release. Every
 * Observable member waits for the load, then is the driver's own; once loaded, members are the driver's
 * directly, so timing is the driver's.
 *
 * @example
 * const venue = lazyVenue(shape, load)
 * venue.trades$('BTC/USDT').subscribe(print) // loads the driver, then subscribes
 */
export function lazyVenue<V extends Venue>(shape: LazyVenueShape, load: () => Promise<V>): V {
  let loading: Promise<V> | undefined
  let driver: V | undefined
  let closed = false
  const closedError = () =>
    new VenueError({ kind: 'invalid-request', venue: shape.id, message: `${shape.id} venue is closed` })
  const ensure = (): Promise<V> => {
    if (loading === undefined) {
      if (closed) return Promise.reject(closedError())
      loading = load().then((d) => (driver = d))
    }
    return loading
  }
  /** A member that returns an Observable, called on the driver once it is loaded. */
  const deferred =
    (pick: (d: V) => unknown, name: string) =>
    (...args: unknown[]): Observable<unknown> =>
      defer(() => {
        if (driver !== undefined) return call(pick(driver), name, args)
        // once loaded, the driver's stream is subscribed with the subscriber itself: no step per value
        return new Observable<unknown>((subscriber) => {
          ensure().then(
            (d) => {
              if (subscriber.closed) return
              let stream: Observable<unknown>
              try {
                stream = call(pick(d), name, args)
              } catch (e) {
                subscriber.error(e)
                return
              }
              stream.subscribe(subscriber)
            },
            (e: unknown) => subscriber.error(e),
          )
        })
      })
  const surface = (name: 'trading' | 'rfq' | 'custody'): object =>
    new Proxy(
      {},
      {
        get: (_, prop) => {
          if (typeof prop !== 'string' || prop === 'then') return undefined
          if (prop === 'placementWindowMs') return name === 'trading' ? shape.placementWindowMs : undefined
          const optional = OPTIONAL[prop]
          if (optional !== undefined && !optional(shape.capabilities)) return undefined
          return deferred((d) => (d as unknown as Record<string, unknown>)[name], prop)
        },
      },
    )
  const surfaces = {
    trading: shape.surfaces.trading === true ? surface('trading') : undefined,
    rfq: shape.surfaces.rfq === true ? surface('rfq') : undefined,
    custody: shape.surfaces.custody === true ? surface('custody') : undefined,
  }
  const events$: Venue['events$'] = defer(() => from(ensure())).pipe(switchMap((d) => d.events$))
  return new Proxy({} as V, {
    get: (_, prop) => {
      if (typeof prop !== 'string') return undefined
      switch (prop) {
        case 'id':
          return shape.id
        case 'capabilities':
          return shape.capabilities
        case 'bookSequence':
          return shape.bookSequence
        case 'trading':
        case 'rfq':
        case 'custody':
          return surfaces[prop]
        case 'events$':
          return driver !== undefined ? driver.events$ : events$
        case 'health':
          return (): VenueHealthSnapshot => driver?.health?.() ?? unloadedHealth(shape.scheduler)
        case 'close':
          return async (): Promise<void> => {
            closed = true
            const pending = loading
            // a driver that failed to load has nothing to release: its failure reached its streams
            if (pending !== undefined)
              await pending.then(
                (d) => d.close(),
                () => undefined,
              )
          }
        case 'then':
          return undefined
        default: {
          if (driver !== undefined) {
            const member = (driver as unknown as Record<string, unknown>)[prop]
            return typeof member === 'function' ? member.bind(driver) : member
          }
          if (shape.unloaded !== undefined && Object.hasOwn(shape.unloaded, prop)) return shape.unloaded[prop]
          return deferred((d) => d, prop)
        }
      }
    },
  })
}

function call(target: unknown, name: string, args: readonly unknown[]): Observable<unknown> {
  const member = (target as Record<string, unknown> | undefined)?.[name]
  if (typeof member !== 'function') {
    throw new VenueError({ kind: 'invalid-request', message: `${name} is not a function of this venue` })
  }
  return member.apply(target, args) as Observable<unknown>
}

function unloadedHealth(scheduler: SchedulerLike | undefined): VenueHealthSnapshot {
  return {
    at: scheduler?.now() ?? Date.now(),
    connections: [],
    rest: { requests: 0, failures: 0, lastLatencyMs: undefined, latencyMs: undefined },
    rateLimit: undefined,
    breaker: undefined,
    // not loaded yet: nothing has been tried, so nothing was reached
    reachedAt: undefined,
  }
}
