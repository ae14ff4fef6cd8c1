/**
 * Request parameters as a venue reads them: a query string, a form or JSON body, or a WebSocket
 * request's `params`, read through typed readers whose refusals speak the venue's words (its
 * {@link ParamRules}). A handler's parameters are a schema of readers, checked in the order listed.
 */
import { Decimal } from '../../core/decimal.js'
import type { VenueError } from '../../core/errors.js'
import { readJson } from './json.js'

/**
 * A request's parameters by name: text for a query or form, any JSON value for a JSON body.
 *
 * @example
 * const params: Params = method === 'GET' ? queryParams(rawQuery) : jsonParams(body, refuse)
 * params.get('symbol') // 'BTCUSDT'
 */
export interface Params<V = unknown> {
  get(name: string): V | undefined
}

/**
 * Parameters of a query string.
 *
 * @example
 * queryParams('category=spot').get('category') // 'spot'
 */
export function queryParams(rawQuery: string): Params<string> {
  const query = new URLSearchParams(rawQuery)
  return { get: (name) => query.get(name) ?? undefined }
}

/**
 * Parameters of a query string and a form body together; the query wins when both carry a name.
 *
 * @example
 * formParams('symbol=BTCUSDT', 'quantity=1').get('quantity') // '1'
 */
export function formParams(rawQuery: string, rawBody: string): Params<string> {
  const query = new URLSearchParams(rawQuery)
  const body = new URLSearchParams(rawBody)
  return { get: (name) => query.get(name) ?? body.get(name) ?? undefined }
}

/**
 * Parameters of an object (a WebSocket request's `params`); numbers and booleans read as their text.
 *
 * @example
 * objectParams({ symbol: 'BTCUSDT', limit: 5 }).get('limit') // '5'
 */
export function objectParams(record: Readonly<Record<string, unknown>>): Params<string> {
  return {
    get: (name) => {
      const v = record[name]
      return typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : undefined
    },
  }
}

/**
 * A query string or form body exactly as sent, without the `name=...` parts (what a signature covers
 * when it is sent among the parameters it signs).
 *
 * @example
 * withoutParam('symbol=BTCUSDT&signature=ab&side=BUY', 'signature') // 'symbol=BTCUSDT&side=BUY'
 */
export function withoutParam(text: string, name: string): string {
  if (text === '') return ''
  return text
    .split('&')
    .filter((part) => !part.startsWith(`${name}=`))
    .join('&')
}

/**
 * An object's parameters as `a=1&b=2`, sorted by name, values as their text, without `except`.
 *
 * @example
 * sortedParams({ timestamp: 1, apiKey: 'k', signature: 's' }, 'signature') // 'apiKey=k&timestamp=1'
 */
export function sortedParams(record: Readonly<Record<string, unknown>>, except: string): string {
  return Object.keys(record)
    .filter((k) => k !== except)
    .sort()
    .map((k) => `${k}=${String(record[k])}`)
    .join('&')
}

/**
 * Parameters of a JSON object body (an empty body is an empty object); `null` reads as absent.
 *
 * @throws VenueError `refuse(why)` when the body is not a JSON object.
 * @example
 * jsonParams('{"qty":"0.1"}', (why) => reject('params', why)).get('qty') // '0.1'
 */
export function jsonParams(body: string, refuse: (why: string) => VenueError): Params {
  const parsed = body === '' ? {} : readJson(body)
  if (parsed === undefined) throw refuse('the body is not JSON')
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw refuse('the body is not a JSON object')
  }
  const record = parsed as Record<string, unknown>
  return { get: (name) => (record[name] === null ? undefined : record[name]) }
}

/**
 * How a venue checks parameters and words its refusals.
 *
 * @example
 * const rules: ParamRules = {
 *   missing: (name) => reject('params', `${name} is required`),
 *   notText: (name) => reject('params', `${name} must be a string`),
 *   integer: /^-?\d{1,16}$/, jsonNumbers: true,
 *   badInteger: (name, v, min, max) => reject('params', `${name} must be an integer in [${min}, ${max}], got ${String(v)}`),
 *   decimal: /^(?:\d+\.?\d*|\.\d+)$/,
 *   badDecimal: (name, v) => reject('params', `${name} must be a decimal string, got ${JSON.stringify(v)}`),
 * }
 */
export interface ParamRules {
  /** A parameter that must be sent was not, or was empty. */
  missing(name: string): VenueError
  /** A parameter that must be text was something else (a JSON number, say). */
  notText(name: string, value: unknown): VenueError
  /** What the text of an integer looks like. */
  readonly integer: RegExp
  /** Whether a JSON number is taken as an integer too. */
  readonly jsonNumbers: boolean
  /** An integer parameter that is not one (`malformed`), or is not a safe integer in [min, max]. */
  badInteger(name: string, value: unknown, min: number, max: number, malformed: boolean): VenueError
  /** What the text of a decimal looks like. */
  readonly decimal: RegExp
  badDecimal(name: string, value: unknown): VenueError
}

/**
 * Reads one parameter (by its name), or throws the venue's refusal.
 *
 * @example
 * const limit: Reader<number> = p.int(20, 1, 50)
 * limit(params, 'limit') // 20 when absent
 */
export type Reader<T> = (params: Params, name: string) => T

/**
 * The values a schema of readers read, by parameter name.
 *
 * @example
 * const order: ReadParams<{ qty: Reader<Decimal | undefined> }> = readParams(params, { qty: p.decimal })
 */
export type ReadParams<S> = { readonly [K in keyof S]: S[K] extends Reader<infer T> ? T : never }

/**
 * Reads the parameters a schema names, in its order (so the first refusal is the venue's first check).
 *
 * @example
 * const { symbol, limit } = readParams(params, { symbol: p.required, limit: p.int(500, 1, 1000) })
 */
// `S` is not bound to readers: a bound would type each reader's result as `unknown` while inferring it.
export function readParams<S extends object>(params: Params, schema: S): ReadParams<S> {
  const out: Record<string, unknown> = {}
  for (const [name, read] of Object.entries(schema) as [string, Reader<unknown>][])
    out[name] = read(params, name)
  return out as ReadParams<S>
}

/**
 * The readers of one venue, refusing in its words.
 *
 * @example
 * const p = new ParamReaders(rules)
 * p.int(500, 1, 1000)(params, 'limit')   // 500 when absent
 * p.oneOf(['BUY', 'SELL'], () => binanceError('badSide'))(params, 'side')
 */
export class ParamReaders {
  constructor(private readonly rules: ParamRules) {}

  /** Optional text; `''` counts as absent. */
  readonly text: Reader<string | undefined> = (params, name) => {
    const v = params.get(name)
    if (v === undefined || v === '') return undefined
    if (typeof v !== 'string') throw this.rules.notText(name, v)
    return v
  }

  /** Text that must be sent. */
  readonly required: Reader<string> = (params, name) => {
    const v = this.text(params, name)
    if (v === undefined) throw this.rules.missing(name)
    return v
  }

  /** An optional decimal. */
  readonly decimal: Reader<Decimal | undefined> = (params, name) => {
    const v = params.get(name)
    if (v === undefined || v === '') return undefined
    if (typeof v !== 'string' || !this.rules.decimal.test(v)) throw this.rules.badDecimal(name, v)
    return new Decimal(v)
  }

  /**
   * An integer in [min, max], `fallback` when absent; `refuse` words a bad one when the venue words it
   * apart from its other integers.
   */
  int(fallback: number, min: number, max: number, refuse?: (name: string) => VenueError): Reader<number>
  int(
    fallback: undefined,
    min: number,
    max: number,
    refuse?: (name: string) => VenueError,
  ): Reader<number | undefined>
  int(
    fallback: number | undefined,
    min: number,
    max: number,
    refuse?: (name: string) => VenueError,
  ): Reader<number | undefined> {
    return (params, name) => {
      const v = params.get(name)
      if (v === undefined || v === '') return fallback
      const number = typeof v === 'number' && this.rules.jsonNumbers
      const n = number ? v : typeof v === 'string' && this.rules.integer.test(v) ? Number(v) : undefined
      const malformed = n === undefined
      if (malformed || !Number.isSafeInteger(n) || n < min || n > max) {
        throw refuse?.(name) ?? this.rules.badInteger(name, v, min, max, malformed)
      }
      return n
    }
  }

  /** One of `values`, or absent (`''` too); anything else is refused with `refuse(value)`. */
  oneOf<V extends string>(
    values: readonly V[],
    refuse: (value: unknown) => VenueError,
  ): Reader<V | undefined> {
    return (params, name) => {
      const v = params.get(name)
      if (v === undefined || v === '') return undefined
      if (!values.includes(v as V)) throw refuse(v)
      return v as V
    }
  }

  /** `read`, refusing an absent value with `missing` (default: the venue's own). */
  need<R extends Reader<unknown>>(
    read: R,
    missing?: (name: string) => VenueError,
  ): Reader<Exclude<ReturnType<R>, undefined>> {
    return (params, name) => {
      const v = read(params, name)
      if (v === undefined) throw missing?.(name) ?? this.rules.missing(name)
      return v as Exclude<ReturnType<R>, undefined>
    }
  }

  /** The market a parameter names, as `find` finds it (refusing a missing or unlisted one). */
  market<M>(find: (symbol: unknown) => M): Reader<M> {
    return (params, name) => find(params.get(name))
  }

  /** A market filter: absent (`''` too), or the market `find` finds. */
  marketFilter<M>(find: (symbol: string) => M): Reader<M | undefined> {
    return (params, name) => {
      const symbol = this.text(params, name)
      return symbol === undefined ? undefined : find(symbol)
    }
  }

  /** Optional text matching `pattern`, else refused with `refuse(value)`. */
  matching(pattern: RegExp, refuse: (value: string) => VenueError): Reader<string | undefined> {
    return (params, name) => {
      const v = this.text(params, name)
      if (v !== undefined && !pattern.test(v)) throw refuse(v)
      return v
    }
  }
}
