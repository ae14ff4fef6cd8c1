/**
 * Bybit's WebSocket requests, public and private alike: `{op, args, req_id}`.
 * https://bybit-exchange.github.io/docs/v5/ws/connect
 */
import { readJson } from '../kit/json.js'

/**
 * One request as read: `op` as text, `args` as sent, the topics when `args` is a non-empty list of
 * texts, and the `req_id` to echo (an empty object when there is none).
 *
 * @example
 * const msg: SocketOp | undefined = readOp('{"op":"subscribe","args":["tickers.BTCUSDT"],"req_id":"1"}')
 * msg?.topics // ['tickers.BTCUSDT']
 */
export interface SocketOp {
  readonly op: string
  readonly args: unknown
  readonly topics: string[] | undefined
  readonly reqId: { readonly req_id?: string }
}

/**
 * Reads a request; `undefined` when it is not a JSON object.
 *
 * @example
 * readOp('{"op":"ping","req_id":"7"}') // { op: 'ping', args: undefined, topics: undefined, reqId: { req_id: '7' } }
 */
export function readOp(text: string): SocketOp | undefined {
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
