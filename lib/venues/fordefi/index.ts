/**
 * The Fordefi custody driver: `createFordefiVenue`, `verifyFordefiWebhook`, and the types the package
 * root names.
 * @module
 */
export { createFordefiVenue, type FordefiVenue } from './driver.js'
export type { FordefiOptions, FordefiWebhookDelivery } from './options.js'
export { verifyFordefiWebhook } from './sign.js'
