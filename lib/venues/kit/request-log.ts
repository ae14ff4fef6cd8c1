/**
 * Every REST request of a driver at debug, as sent (signed), and its answer's status and time: what
 * `RXVENUE_LOG=rest:debug` shows. The logger redacts: secret-named headers, query parameters and body
 * fields, and the driver's keys and recent signatures, never reach a line.
 */
import { isObservable, tap } from 'rxjs'
import type { Logger } from '../../core/logging.js'
import type { HttpResponse, HttpTransport } from '../../transport/http.js'

/**
 * `transport` with each request and answer written to `logger` at debug; nothing more than a level check
 * while debug is off.
 *
 * @example
 * const transport = logRequests(createUndiciTransport(), ctx.logger.child('rest'))
 */
export function logRequests(transport: HttpTransport, logger: Logger): HttpTransport {
  return {
    request: (request, signal) => {
      if (!logger.isLevelEnabled('debug')) return transport.request(request, signal)
      const { method, url, headers, body } = request
      logger.debug(`${method} ${url}`, body === undefined ? { headers } : { headers, body })
      const started = Date.now()
      const answered = (response: HttpResponse) =>
        logger.debug(`${response.status} ${method} ${url} in ${Date.now() - started} ms`)
      const sent = transport.request(request, signal)
      return isObservable(sent) ? sent.pipe(tap(answered)) : sent.then((r) => (answered(r), r))
    },
    ...(transport.close === undefined ? {} : { close: () => transport.close?.() ?? Promise.resolve() }),
  }
}
