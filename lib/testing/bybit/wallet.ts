/**
 * The unified account's wallet in Bybit's shape, for `/v5/account/wallet-balance` and the private
 * `wallet` topic. Spot only: no borrowing, margin or PnL, so those fields are zero.
 * https://bybit-exchange.github.io/docs/v5/account/wallet-balance
 */
import { Decimal } from '../../core/decimal.js'
import type { Balance } from '../../core/model.js'
import { plain, rounded } from './wire.js'

const ZERO = new Decimal(0)
const USD_DP = 8

/** A coin's USD price, or `undefined` when the simulator cannot value it. */
export type UsdPrice = (coin: string) => Decimal | undefined

/**
 * One coin of the wallet: `walletBalance` and `equity` are what the account holds (free plus what
 * open orders lock), `locked` what open spot orders hold, `availableToWithdraw` the free part.
 */
function walletCoin(balance: Balance, usd: UsdPrice): Record<string, string> {
  const price = usd(balance.asset)
  return {
    coin: balance.asset,
    equity: plain(balance.total),
    usdValue: price === undefined ? '0' : rounded(balance.total.mul(price), USD_DP),
    walletBalance: plain(balance.total),
    // held by open spot orders (documented on the wallet-balance page; the older fixtures predate it)
    locked: plain(balance.locked),
    availableToWithdraw: plain(balance.free),
    availableToBorrow: '0',
    borrowAmount: '0',
    accruedInterest: '0',
    totalOrderIM: '0',
    totalPositionIM: '0',
    totalPositionMM: '0',
    unrealisedPnl: '0',
    cumRealisedPnl: '0',
    bonus: '0',
  }
}

/** The account entry of a wallet answer, totals in USD. */
export function walletAccount(
  balances: readonly Balance[],
  usd: UsdPrice,
  forSocket: boolean,
): Record<string, unknown> {
  const total = balances.reduce((sum, b) => sum.plus(b.total.mul(usd(b.asset) ?? ZERO)), ZERO)
  const free = balances.reduce((sum, b) => sum.plus(b.free.mul(usd(b.asset) ?? ZERO)), ZERO)
  const totalText = rounded(total, USD_DP)
  const account: Record<string, unknown> = {
    totalEquity: totalText,
    accountIMRate: '0',
    totalMarginBalance: totalText,
    totalInitialMargin: '0',
    accountType: 'UNIFIED',
    totalAvailableBalance: rounded(free, USD_DP),
    accountMMRate: '0',
    totalPerpUPL: '0',
    totalWalletBalance: totalText,
    totalMaintenanceMargin: '0',
    coin: balances.map((b) => walletCoin(b, usd)),
  }
  if (forSocket) account.accountLTV = '0'
  return account
}
