/**
 * What the parts of Bybit trading share: the signed requests of one account, and the unit each order of
 * this client was sent in (a spot market buy's `qty` may count either coin).
 */
import type { Observable } from 'rxjs'
import type * as t from 'io-ts'
import type { Order } from '../../core/model.js'
import type { SymbolMap } from '../../core/symbols.js'
import type { RateCost, RatePriority } from '../../transport/rate-limit.js'
import { createSignedApi, type SignedApi } from '../kit/trading/signed-api.js'
import { bybitRequestCost, type BybitContext } from './context.js'
import type { BybitOrderRecord } from './private-codecs.js'
import { toOrder, type QtyUnit } from './private-mappers.js'

/** Query parameters of a signed request. */
export type Query = Readonly<Record<string, string | number | undefined>>

/**
 * One signed request, beyond its path and codec.
 *
 * @example
 * account.send('/v5/order/cancel', OrderAckAnswer, { method: 'POST', body, cost: { cancels: 1 } }, sendBy)
 */
export interface Call {
  readonly method?: 'GET' | 'POST'
  readonly query?: Query
  /** Sent as JSON. */
  readonly body?: object
  /** Default: one unit of the path's window (see `bybitRequestCost`). */
  readonly cost?: RateCost
  /** History waits with market data (`data`); everything else of the account goes ahead of it. */
  readonly priority?: RatePriority
}

/**
 * One Bybit account, as its trading parts use it.
 *
 * @example
 * const account = createBybitAccount(ctx)
 * account.send('/v5/account/wallet-balance', WalletAnswer, { query: { accountType: 'UNIFIED' } })
 */
export interface BybitAccount {
  readonly ctx: BybitContext
  /** The kit's signed requests (clock measured first, a timestamp refusal sent once more, deadlines). */
  readonly api: SignedApi
  /** A signed request; `sendBy` is an order command's deadline. */
  send<A>(path: string, codec: t.Decoder<unknown, A>, call?: Call, sendBy?: number): Observable<A>
  /** Remembers the unit an order is sent in. */
  sentIn(clientOrderId: string, unit: QtyUnit): void
  /** A record in the model's terms (see `toOrder`), read in the unit this client sent it in. */
  toOrder(record: BybitOrderRecord, symbols: SymbolMap): Order | undefined
}

/** Orders whose unit is remembered; the oldest is forgotten first. */
const MEMORY = 10_000

/**
 * The account of a context with credentials.
 *
 * @example
 * const account = createBybitAccount(createBybitContext({ apiKey, secret }))
 */
export function createBybitAccount(ctx: BybitContext): BybitAccount {
  const rest = ctx.privateRest
  if (rest === undefined) throw new RangeError('bybit trading needs an API key and secret')
  const api = createSignedApi({
    venue: 'bybit',
    rest,
    clock: ctx.clock,
    scheduler: ctx.scheduler,
    logger: ctx.logger,
    symbols: () => ctx.symbols(),
    orderDeadlineMs: ctx.options.orderDeadlineMs,
  })
  const units = new Map<string, QtyUnit>()
  return {
    ctx,
    api,
    send: (path, codec, call = {}, sendBy) =>
      api.send(
        {
          method: call.method ?? 'GET',
          path,
          query: call.query,
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          codec,
          cost: call.cost ?? bybitRequestCost(path),
          priority: call.priority,
        },
        sendBy,
      ),
    sentIn: (clientOrderId, unit) => {
      units.delete(clientOrderId)
      units.set(clientOrderId, unit)
      if (units.size > MEMORY) units.delete(units.keys().next().value ?? '')
    },
    toOrder: (record, symbols) => toOrder(record, symbols, units.get(record.orderLinkId)),
  }
}
