import type { HttpTransport } from './http.js'
import { createUndiciTransport } from './http-undici.js'

/**
 * The transport a client or driver makes when given none: undici in Node.js. Browser bundles get
 * `http-default.browser.ts` instead (the package's `browser` field), so they never see undici.
 *
 * @example
 * const transport = options.transport ?? createDefaultTransport()
 */
export function createDefaultTransport(): HttpTransport {
  return createUndiciTransport()
}
