/**
 * Lookups by a name a caller gave (a venue id, an interval, a time in force). A plain object indexed by
 * such a name also answers for what it inherits: `table['constructor']` is `Object`, `table['__proto__']`
 * is `Object.prototype`. These lookups see the object's own properties only.
 */

/**
 * The value `table` holds under `key` as its own property; `undefined` for an inherited name, a key that
 * is not a string, or no table (`null` or `undefined`).
 *
 * @example
 * own({ bybit: 1 }, 'bybit')       // 1
 * own({ bybit: 1 }, 'constructor') // undefined (not Object)
 * own({ bybit: 1 }, '__proto__')   // undefined
 */
export function own<T extends object>(table: T | null | undefined, key: unknown): T[keyof T] | undefined {
  return table != null && typeof key === 'string' && Object.hasOwn(table, key)
    ? (table[key as keyof T] as T[keyof T])
    : undefined
}
