export * from './decimal.js'
export * from './errors.js'
export * from './redact.js'
export * from './model.js'
