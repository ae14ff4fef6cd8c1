/**
 * The RFQ kit: the request-for-quote surface a venue's {@link RfqWire} is made into.
 * @module
 */
export * from './accept.js'
export * from './quote-stream.js'
export * from './remaining.js'
export * from './request-check.js'
export * from './surface.js'
