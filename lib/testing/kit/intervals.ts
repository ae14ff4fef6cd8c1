/**
 * A venue's candle intervals by its own names (`60`, `1h`, `ONE_HOUR`) and their lengths; a name the
 * venue does not serve is refused in its words.
 */
import type { VenueError } from '../../core/errors.js'
import type { SeriesInterval } from '../../sim/candle-series.js'

/**
 * One minute in ms, the unit interval tables are written in.
 *
 * @example
 * const lengths = { '1': MINUTE, '60': 60 * MINUTE, D: 1440 * MINUTE, M: 'month' }
 */
export const MINUTE = 60_000

/**
 * A venue's interval names.
 *
 * @example
 * const intervals = new IntervalNames({ '1h': 60 * MINUTE, '1M': 'month' }, () => binanceError('badInterval'))
 * intervals.find('1h') // 3_600_000
 * intervals.of('2h')   // throws -1120
 */
export class IntervalNames {
  constructor(
    /** Each name's length: ms, or `'month'` for calendar months. */
    readonly lengths: Readonly<Record<string, SeriesInterval>>,
    private readonly refuse: (name: unknown) => VenueError,
  ) {}

  /** The length of a name, or `undefined` for one the venue does not serve. */
  find(name: unknown): SeriesInterval | undefined {
    return typeof name === 'string' && Object.hasOwn(this.lengths, name) ? this.lengths[name] : undefined
  }

  /**
   * The length of a name.
   *
   * @throws VenueError the venue's refusal of a name it does not serve.
   */
  of(name: unknown): SeriesInterval {
    const length = this.find(name)
    if (length === undefined) throw this.refuse(name)
    return length
  }
}
