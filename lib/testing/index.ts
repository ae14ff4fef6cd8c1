/**
 * `rxvenue/testing`: what users need to test their own strategies offline. Today the in-process mock
 * venue; the loopback venue simulators join it.
 * @module
 */
export * from '../venues/mock/index.js'
