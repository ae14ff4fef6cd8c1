/**
 * Cancel and amend that wait to settle, for one account: the venue, the account's scheduler and symbol
 * map and the order lookup are given once, each command then only the venue's own request (Prime,
 * Coinbase).
 */
import type { VenueId } from '../../../core/model.js'
import type { DriverAccount } from './driver-account.js'
import {
  settledAmend,
  settledCancel,
  type SettledCommandSource,
  type SettleOptions,
} from './settled-commands.js'
import type { TradingParts } from './surface.js'

/**
 * The settled commands of one account, each made of the venue's request.
 *
 * @example
 * const settled: AccountSettling = accountSettling('prime', account, queries.lookup, options)
 * const cancel = settled.cancel((ref, _symbols, sendBy) => cancelById(ref, sendBy))
 */
export interface AccountSettling {
  /** The trading surface's cancel (the kit's `settledCancel`) over the venue's cancel. */
  cancel(request: SettledCommandSource['cancel']): TradingParts['cancel']
  /** The trading surface's amend (the kit's `settledAmend`) over the venue's amend. */
  amend(request: SettledCommandSource['amend']): NonNullable<TradingParts['amend']>
}

/**
 * Cancel and amend on `account`: each waits, as `options` time it, until `lookup` shows what it did;
 * the symbol map is the account's, before the command's deadline.
 *
 * @example
 * const settled = accountSettling('coinbase', account, queries.lookup, { settleLookups: 2 })
 * const parts = { cancel: settled.cancel((ref, _symbols, sendBy) => idOf(ref).pipe(concatMap((id) => cancelById(id, sendBy)))) }
 */
export function accountSettling(
  venue: VenueId,
  account: Pick<DriverAccount, 'api' | 'scheduler'>,
  lookup: SettledCommandSource['lookup'],
  options: SettleOptions = {},
): AccountSettling {
  const source = {
    venue,
    scheduler: account.scheduler,
    symbolsBy: (sendBy: number) => account.api.symbolsBy(sendBy),
    lookup,
  }
  return {
    cancel: (cancel) => settledCancel({ ...source, cancel }, options),
    amend: (amend) => settledAmend({ ...source, amend }, options),
  }
}
