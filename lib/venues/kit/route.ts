/**
 * How a socket finds a frame's subscribers: one map lookup by a key the venue's frame carries.
 */

/**
 * The routing key of a frame that is an object with a string `field` (Bybit's `topic`, Binance's
 * `stream`), else `undefined`: the `route` of a socket whose topics that field names.
 *
 * @example
 * openVenueSocket(ctx, 'private', { url, route: routeBy('topic') })
 */
export function routeBy(field: string): (frame: unknown) => string | undefined {
  return (frame) => {
    if (typeof frame !== 'object' || frame === null) return undefined
    const key = (frame as Record<string, unknown>)[field]
    return typeof key === 'string' ? key : undefined
  }
}
