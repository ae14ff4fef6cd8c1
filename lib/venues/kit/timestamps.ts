import type { RawTimestamp, Timestamped } from '../../core/model.js'

/**
 * A {@link Timestamped} from an epoch-ms number (an answer's server time, a push's creation time).
 *
 * @example
 * timestampedMs(1672125441042) // { timestamp: 2022-12-27T07:17:21.042Z, rawTimestamp: 1672125441042 }
 */
export function timestampedMs(ms: number, raw: RawTimestamp = ms): Timestamped {
  return { timestamp: new Date(ms), rawTimestamp: raw }
}
