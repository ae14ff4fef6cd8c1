/**
 * Unified symbols (`BASE/QUOTE`) and their mapping to each venue's own instrument ids.
 *
 * Policy: a unified symbol is read case-insensitively and stored upper-case (`btc/usdt` is `BTC/USDT`).
 * Nothing is trimmed: whitespace anywhere is an error, because a stray space means a bug upstream that
 * would otherwise surface later as a confusing "not found". An asset code is 1 to 32 characters of
 * ASCII letters and digits, with `.` or `_` allowed inside (`USDC.E`, `1000PEPE`).
 */
import { VenueError } from './errors.js'
import { didYouMean } from './suggest.js'
import type { Instrument, UnifiedSymbol, VenueId } from './model.js'

/**
 * The two assets of a unified symbol, upper-case, and the normalized symbol itself.
 *
 * @example
 * const { base, quote }: SymbolParts = parseSymbol('eth/usdc') // base 'ETH', quote 'USDC'
 */
export interface SymbolParts {
  readonly base: string
  readonly quote: string
  readonly symbol: UnifiedSymbol
}

const MAX_ASSET_LENGTH = 32

/**
 * Parses and normalizes a unified symbol.
 *
 * @throws VenueError of kind `invalid-request` when `symbol` is not `BASE/QUOTE` (see the module policy).
 * @example
 * parseSymbol('btc/usdt') // { base: 'BTC', quote: 'USDT', symbol: 'BTC/USDT' }
 * parseSymbol('BTCUSDT')  // throws VenueError(invalid-request): invalid symbol "BTCUSDT": expected BASE/QUOTE …
 */
export function parseSymbol(symbol: string): SymbolParts {
  if (typeof symbol !== 'string') throw invalid(String(symbol), 'expected a string like BTC/USDT')
  const slash = symbol.indexOf('/')
  if (slash < 0 || slash !== symbol.lastIndexOf('/')) {
    throw invalid(symbol, 'expected BASE/QUOTE with exactly one "/", e.g. BTC/USDT')
  }
  const base = normalizeAsset(symbol.slice(0, slash), symbol, 'base')
  const quote = normalizeAsset(symbol.slice(slash + 1), symbol, 'quote')
  return { base, quote, symbol: `${base}/${quote}` }
}

/**
 * The canonical spelling of a unified symbol (`btc/usdt` → `BTC/USDT`), so that what a caller typed is
 * never echoed back in another case; anything that is not a valid symbol is returned as given, for the
 * venue's lookup to refuse with its nearest valid symbols.
 *
 * @example
 * canonicalSymbol('btc/usdt') // 'BTC/USDT'
 * canonicalSymbol('BTCUSDT')  // 'BTCUSDT' (not a unified symbol: left for the venue to refuse)
 */
export function canonicalSymbol<S>(symbol: S): S {
  if (typeof symbol !== 'string') return symbol
  try {
    return parseSymbol(symbol).symbol as S
  } catch {
    return symbol
  }
}

/**
 * Builds a unified symbol from its two assets, normalized like {@link parseSymbol}.
 *
 * @throws VenueError of kind `invalid-request` when an asset code is not valid.
 * @example
 * formatSymbol('eth', 'usdc') // 'ETH/USDC'
 */
export function formatSymbol(base: string, quote: string): UnifiedSymbol {
  const label = `${base}/${quote}`
  return `${normalizeAsset(base, label, 'base')}/${normalizeAsset(quote, label, 'quote')}`
}

/**
 * A venue symbol made by joining the two assets, upper-case: `''` for venues like Bybit and Binance
 * (`BTCUSDT`), `'-'` for Coinbase (`BTC-USD`).
 *
 * @example
 * joinedVenueSymbol('BTC', 'USDT', '')  // 'BTCUSDT'
 * joinedVenueSymbol('btc', 'usd', '-')  // 'BTC-USD'
 */
export function joinedVenueSymbol(base: string, quote: string, separator = ''): string {
  const label = `${base}${separator}${quote}`
  return `${normalizeAsset(base, label, 'base')}${separator}${normalizeAsset(quote, label, 'quote')}`
}

/**
 * Splits a venue symbol that has a separator (`BTC-USD`) into a unified symbol. Venues that join
 * without a separator (`BTCUSDT`) cannot be split by text alone: use a {@link SymbolMap}.
 *
 * @throws VenueError of kind `invalid-request` when the separator does not occur exactly once.
 * @example
 * splitVenueSymbol('BTC-USD', '-') // 'BTC/USD'
 */
export function splitVenueSymbol(venueSymbol: string, separator: string): UnifiedSymbol {
  const at = separator === '' ? -1 : venueSymbol.indexOf(separator)
  if (at < 0 || at !== venueSymbol.lastIndexOf(separator)) {
    throw invalid(venueSymbol, `expected exactly one "${separator}" between base and quote`)
  }
  return formatSymbol(venueSymbol.slice(0, at), venueSymbol.slice(at + separator.length))
}

/**
 * One venue's instruments, indexed both ways: unified symbol ↔ venue symbol.
 *
 * Unified lookups accept any case (`btc/usdt`); venue symbols are matched exactly as the venue spells
 * them, since venues differ in case rules.
 *
 * @example
 * const map = new SymbolMap('bybit', instruments)
 * map.toVenue('BTC/USDT')    // 'BTCUSDT'
 * map.fromVenue('BTCUSDT')   // 'BTC/USDT'
 */
export class SymbolMap {
  private readonly bySymbol = new Map<string, Instrument>()
  private readonly byVenueSymbol = new Map<string, Instrument>()

  /**
   * @throws VenueError of kind `invalid-request` when an instrument has an invalid symbol, belongs to
   * another venue, or repeats a unified or venue symbol (an ambiguous map is refused, not guessed).
   */
  constructor(
    readonly venue: VenueId,
    instruments: readonly Instrument[],
  ) {
    for (const given of instruments) {
      const { symbol } = parseSymbol(given.symbol)
      const instrument = given.symbol === symbol ? given : { ...given, symbol }
      if (instrument.venue !== venue) {
        throw new VenueError({
          kind: 'invalid-request',
          venue,
          message: `instrument ${symbol} belongs to ${instrument.venue}, not ${venue}`,
        })
      }
      const sameSymbol = this.bySymbol.get(symbol)
      const sameVenueSymbol = this.byVenueSymbol.get(instrument.venueSymbol)
      const clash = sameSymbol ?? sameVenueSymbol
      if (clash) {
        throw new VenueError({
          kind: 'invalid-request',
          venue,
          message: `ambiguous instruments: ${symbol} (${instrument.venueSymbol}) and ${clash.symbol} (${clash.venueSymbol})`,
        })
      }
      this.bySymbol.set(symbol, instrument)
      this.byVenueSymbol.set(instrument.venueSymbol, instrument)
    }
  }

  /** True when the venue lists `symbol` (unified, any case). */
  has(symbol: string): boolean {
    return this.get(symbol) !== undefined
  }

  /** The instrument for a unified symbol, or `undefined`. */
  get(symbol: string): Instrument | undefined {
    if (typeof symbol !== 'string') return undefined
    const hit = this.bySymbol.get(symbol)
    if (hit !== undefined) return hit
    const slash = symbol.indexOf('/')
    return slash < 0 ? undefined : this.bySymbol.get(symbol.toUpperCase())
  }

  /** The instrument for the venue's own symbol (exact spelling), or `undefined`. */
  getByVenueSymbol(venueSymbol: string): Instrument | undefined {
    return this.byVenueSymbol.get(venueSymbol)
  }

  /**
   * The instrument for a unified symbol.
   *
   * @throws VenueError of kind `invalid-request` when the venue does not list it, naming the closest
   * symbols it does list, or when `symbol` is not a string.
   */
  instrument(symbol: string): Instrument {
    if (typeof symbol !== 'string') {
      throw new VenueError({
        kind: 'invalid-request',
        venue: this.venue,
        message: `a symbol is a string like BTC/USDT, got ${String(symbol)}`,
      })
    }
    const hit = this.get(symbol)
    if (hit === undefined) {
      // A symbol the caller typed is bad input, not a missing resource: name what was probably meant.
      throw new VenueError({
        kind: 'invalid-request',
        venue: this.venue,
        message: `${this.venue} has no symbol ${canonicalSymbol(symbol)}${didYouMean(symbol, [...this.bySymbol.keys()])}`,
      })
    }
    return hit
  }

  /**
   * The venue's symbol for a unified symbol.
   *
   * @throws VenueError of kind `invalid-request` when the venue does not list it (see {@link SymbolMap.instrument}).
   */
  toVenue(symbol: string): string {
    return this.instrument(symbol).venueSymbol
  }

  /**
   * The unified symbol for the venue's own symbol.
   *
   * @throws VenueError of kind `not-found` when the venue does not list it.
   */
  fromVenue(venueSymbol: string): UnifiedSymbol {
    const hit = this.byVenueSymbol.get(venueSymbol)
    if (hit === undefined) throw this.notFound(`venue symbol ${venueSymbol}`)
    return hit.symbol
  }

  /** All instruments, in the order they were given, with their symbols normalized. */
  instruments(): Instrument[] {
    return [...this.bySymbol.values()]
  }

  private notFound(what: string): VenueError {
    return new VenueError({ kind: 'not-found', venue: this.venue, message: `${this.venue} has no ${what}` })
  }
}

function normalizeAsset(asset: string, label: string, part: 'base' | 'quote'): string {
  if (asset.length === 0) throw invalid(label, `${part} asset is empty`)
  if (asset.length > MAX_ASSET_LENGTH)
    throw invalid(label, `${part} asset is longer than ${MAX_ASSET_LENGTH}`)
  for (let i = 0; i < asset.length; i++) {
    const c = asset.charCodeAt(i)
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    const inner = (c === 46 || c === 95) && i > 0 && i < asset.length - 1 // '.' '_'
    if (!alnum && !inner) {
      throw invalid(label, `${part} asset has ${JSON.stringify(asset[i])} at ${i}; use letters and digits`)
    }
  }
  return asset.toUpperCase()
}

function invalid(symbol: string, why: string): VenueError {
  return new VenueError({
    kind: 'invalid-request',
    message: `invalid symbol ${JSON.stringify(symbol)}: ${why}`,
  })
}
