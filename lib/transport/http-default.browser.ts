import type { HttpTransport } from './http.js'
import { createFetchTransport } from './http-fetch.js'

/**
 * The transport a client or driver makes when given none, in a browser bundle: `fetch`. The package's
 * `browser` field puts this file in place of `http-default.ts`.
 *
 * @example
 * const transport = options.transport ?? createDefaultTransport()
 */
export function createDefaultTransport(): HttpTransport {
  return createFetchTransport()
}
