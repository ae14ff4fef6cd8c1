export * from './order-book.js'
export * from './client.js'
