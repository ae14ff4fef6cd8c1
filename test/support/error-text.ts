import { inspect } from 'node:util'

/**
 * Everything a caller could see of an error, as one text: `String`, JSON and `util.inspect` of it and
 * of each error in its cause chain, with messages and stacks. A secret absent from this text is shown
 * nowhere an error goes.
 */
export function errorText(e: unknown): string {
  const parts = [String(e), JSON.stringify(e), inspect(e, { depth: 10 })]
  let cause: unknown = e
  for (let depth = 0; cause instanceof Error && depth < 10; depth++) {
    parts.push(cause.message, cause.stack ?? '', JSON.stringify(cause), inspect(cause, { depth: 10 }))
    cause = cause.cause
  }
  if (cause !== undefined) parts.push(inspect(cause, { depth: 10 }))
  return parts.join('\n')
}
