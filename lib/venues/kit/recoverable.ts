import { isVenueError } from '../../core/errors.js'

/**
 * A failure a long-lived stream outlives: retryable, or the breaker failing fast until its next probe.
 *
 * @example
 * retry({ delay: (e) => (recoverable(e) ? timer(1000) : throwError(() => e)) })
 */
export function recoverable(error: unknown): boolean {
  return isVenueError(error) && (error.retryable || error.kind === 'circuit-open')
}
