/**
 * Compares a JSON value's shape with a real published payload: the same keys at every depth, the same
 * JSON types, and the same string formats where the format carries meaning (decimal numbers and
 * millisecond timestamps sent as strings).
 */

/** A known, documented difference from a fixture, at a path like `result.list[].marketUnit`. */
export interface Allowance {
  readonly path: string
  /**
   * `extra`: the simulator sends a key the fixture lacks; `missing`: the other way round; `map`: an
   * object keyed by data (values compared only); `empty`: the value may be `""` where the fixture has one;
   * `text`: free text that only happens to look like a number in the fixture (a client's `req_id`).
   */
  readonly kind: 'extra' | 'missing' | 'map' | 'empty' | 'text'
  readonly reason: string
}

type JsonType = 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean'

function typeOf(v: unknown): JsonType {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v as JsonType
}

/** The format class of a string: what a parser must expect. */
export function formatOf(s: string): 'ms' | 'decimal' | 'other' {
  if (/^\d{13}$/.test(s)) return 'ms'
  if (/^-?\d+(\.\d+)?$/.test(s)) return 'decimal'
  return 'other'
}

/**
 * Differences between `actual` and `fixture`, one line each; empty when the shapes agree.
 * Arrays: every element of `actual` is compared with the fixture's first element.
 */
export function shapeDiff(
  fixture: unknown,
  actual: unknown,
  allow: readonly Allowance[] = [],
  path = '',
): string[] {
  const out: string[] = []
  const allowed = (p: string, kind: Allowance['kind']) => allow.some((a) => a.path === p && a.kind === kind)
  const tf = typeOf(fixture)
  const ta = typeOf(actual)
  if (tf !== ta) return [`${path || '(root)'}: fixture has ${tf}, simulator sent ${ta}`]
  if (tf === 'string') {
    const ff = formatOf(fixture as string)
    const fa = formatOf(actual as string)
    const emptyAllowed = fa === 'other' && actual === '' && allowed(path, 'empty')
    if (ff !== 'other' && ff !== fa && !emptyAllowed && !allowed(path, 'text'))
      out.push(`${path}: fixture format ${ff} (${String(fixture)}), simulator ${fa} (${String(actual)})`)
  } else if (tf === 'array') {
    const f = fixture as unknown[]
    const a = actual as unknown[]
    if (f.length > 0 && a.length === 0) out.push(`${path}: simulator sent an empty array, nothing to compare`)
    const tuple = f.length > 0 && f.every((x) => typeof x !== 'object' || x === null)
    if (tuple) {
      // A positional tuple such as a candle row or a [price, size] level: compared place by place.
      if (a.length !== f.length)
        out.push(`${path}: fixture tuple has ${f.length} items, simulator ${a.length}`)
      else a.forEach((item, i) => out.push(...shapeDiff(f[i], item, allow, `${path}[${i}]`)))
    } else if (f.length > 0) for (const item of a) out.push(...shapeDiff(f[0], item, allow, `${path}[]`))
  } else if (tf === 'object') {
    const f = fixture as Record<string, unknown>
    const a = actual as Record<string, unknown>
    if (allowed(path, 'map')) {
      const sample = Object.values(f)[0]
      for (const [k, v] of Object.entries(a)) {
        if (sample !== undefined) out.push(...shapeDiff(sample, v, allow, `${path}.${k}`))
      }
      return out
    }
    for (const k of Object.keys(f)) {
      const p = path === '' ? k : `${path}.${k}`
      if (!(k in a)) {
        if (!allowed(p, 'missing')) out.push(`${p}: missing in the simulator's answer`)
      } else out.push(...shapeDiff(f[k], a[k], allow, p))
    }
    for (const k of Object.keys(a)) {
      const p = path === '' ? k : `${path}.${k}`
      if (!(k in f) && !allowed(p, 'extra')) out.push(`${p}: not in the fixture`)
    }
  }
  return out
}
