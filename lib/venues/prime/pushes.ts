/**
 * The portfolio's `orders` channel on the kit's order channel: order updates, and the venue's fills
 * behind each rise of an order's running totals (the channel carries no fills).
 * https://docs.cdp.coinbase.com/prime/websocket-feed/channels
 */
import { concatMap, first, map, type Observable } from 'rxjs'
import type { Fill, UnifiedSymbol } from '../../core/model.js'
import { factsChannel } from '../kit/trading/order-facts.js'
import type { TradingParts } from '../kit/trading/surface.js'
import { totalsChannelPushes } from '../kit/trading/totals-channel.js'
import { PrimeOrdersFrame } from './codecs.js'
import type { PrimeContext } from './context.js'
import { PRIME_WORDS, pushedFacts } from './mappers.js'
import { primeSubscriber } from './sign.js'

/**
 * The pushes of a portfolio: `orders` subscribed with the portfolio id and every listed product, and
 * `heartbeats`. `fills$` emits the fills `fillsOf` lists for an order at each rise of its totals, so a
 * fill carries the trade id fill history gives it.
 */
export function createPrimePushes(
  ctx: PrimeContext,
  fillsOf?: (orderId: string, symbol: UnifiedSymbol) => Observable<readonly Fill[]>,
): TradingParts['pushes'] {
  let portfolioId = ''
  let productIds: readonly string[] = []
  if (ctx.key === undefined) throw new RangeError('the prime orders channel needs an API key')
  const subscription = primeSubscriber(ctx, ctx.key)
  return totalsChannelPushes(ctx, {
    socket: 'private',
    url: () => ctx.options.privateWsUrl ?? ctx.options.wsUrl,
    channel: 'orders',
    codec: PrimeOrdersFrame,
    message: (op, channel) =>
      channel === 'orders' ? subscription(op, channel, productIds, portfolioId) : subscription(op, channel),
    // the portfolio and its products are known before the channel is asked for
    prepare: () =>
      ctx.portfolio().pipe(
        concatMap((id) => {
          portfolioId = id
          return ctx.symbols().pipe(first())
        }),
        map((symbols) => (productIds = symbols.instruments().map((i) => i.venueSymbol))),
      ),
    ...factsChannel(PRIME_WORDS, pushedFacts),
    fillsOf,
  })
}
