/**
 * The Coinbase account as the trading parts use it: the signed API, the private rate window every
 * signed request spends, and the balances of `GET /accounts`, paged.
 * https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/accounts/list-accounts
 */
import { map, toArray, type Observable } from 'rxjs'
import { Decimal } from '../../core/decimal.js'
import type { Balance, Timestamped } from '../../core/model.js'
import type { RateCost } from '../../transport/rate-limit.js'
import { balanceOf } from '../kit/balance.js'
import { cursorPages } from '../kit/cursor-pages.js'
import { timestampedMs } from '../kit/timestamps.js'
import type { DriverAccount } from '../kit/trading/driver-account.js'
import { CoinbaseAccountPage, type CoinbaseAccountRecord } from './private-codecs.js'

/**
 * The REST prefix of every Advanced Trade endpoint.
 *
 * @example
 * send(`${COINBASE_API_PREFIX}/accounts`, CoinbaseAccountPage)
 */
export const COINBASE_API_PREFIX = '/api/v3/brokerage'

/** What one signed request spends: nothing of the public window, which is per IP and for public endpoints. */
const PRIVATE_COST: RateCost = Object.freeze({ private: 1, requests: 0 })

/**
 * What a signed request to `path` spends: one unit of the private window
 * (`COINBASE_PRIVATE_RATE_WINDOWS`), whatever the endpoint.
 *
 * @example
 * createDriverAccount(ctx, coinbaseRequestCost) // every signed call spends { private: 1, requests: 0 }
 */
export function coinbaseRequestCost(_path: string): RateCost {
  return PRIVATE_COST
}

/**
 * What the Coinbase trading parts take of a driver: the kit's signed API and call, the scheduler, the
 * venue clock (Coinbase's answers carry no time of their own) and the listing.
 *
 * @example
 * const account: CoinbaseAccount = createDriverAccount(ctx, coinbaseRequestCost)
 */
export type CoinbaseAccount = Pick<DriverAccount, 'api' | 'send' | 'scheduler' | 'now' | 'symbols'>

/** Coinbase's largest page of accounts. */
const ACCOUNTS_PAGE = 250
const MAX_PAGES = 100

/**
 * The account's balances, one per currency: every page of `GET /accounts`, the accounts of one
 * currency summed (see {@link toBalances}).
 *
 * @example
 * coinbaseBalances(account).subscribe((all) => console.log(all.find((b) => b.asset === 'USD')?.free.toFixed()))
 */
export function coinbaseBalances(account: CoinbaseAccount): Observable<readonly Balance[]> {
  return cursorPages(
    (cursor) =>
      account.send(`${COINBASE_API_PREFIX}/accounts`, CoinbaseAccountPage, {
        query: { limit: ACCOUNTS_PAGE, cursor },
      }),
    (page) => ({ items: page.accounts, next: page.cursor, more: page.has_next }),
    MAX_PAGES,
  ).pipe(
    toArray(),
    map((records) => toBalances(records, timestampedMs(account.now()))),
  )
}

/**
 * Accounts as {@link Balance}s: `free` is `available_balance`, `locked` the `hold` of open orders,
 * `total` their sum; accounts of one currency (a wallet and a vault, say) add up.
 *
 * @example
 * toBalances(page.accounts, timestampedMs(now)).map((b) => `${b.asset} ${b.total.toFixed()}`)
 */
export function toBalances(accounts: readonly CoinbaseAccountRecord[], at: Timestamped): Balance[] {
  const sums = new Map<string, { free: Decimal; locked: Decimal }>()
  for (const a of accounts) {
    const sum = sums.get(a.currency) ?? { free: new Decimal(0), locked: new Decimal(0) }
    sums.set(a.currency, {
      free: sum.free.plus(a.available_balance.value),
      locked: sum.locked.plus(a.hold.value),
    })
  }
  return [...sums].map(([asset, { free, locked }]) => balanceOf('coinbase', asset, free, locked, at))
}
