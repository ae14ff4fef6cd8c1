/**
 * Bybit's WebSocket requests, public and private alike: `{op, args, req_id}`.
 * https://bybit-exchange.github.io/docs/v5/ws/connect
 */
import { readJson } from '../kit/json.js'

/**
 * Reads a request: `op` as text, `args` as sent, the topics when `args` is a non-empty list of texts,
 * and the `req_id` to echo (an empty object when there is none); `undefined` when not a JSON object.
 */
export function readOp(text: string) {
  const parsed = readJson(text)
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const { op, args, req_id } = parsed as { op?: unknown; args?: unknown; req_id?: unknown }
  const topics =
    Array.isArray(args) && args.length > 0 && args.every((a) => typeof a === 'string') ? args : undefined
  return {
    op: String(op ?? ''),
    args,
    topics: topics as string[] | undefined,
    reqId: typeof req_id === 'string' ? { req_id } : {},
  }
}
