import type * as t from 'io-ts'
import { isSecretKey, redactText } from '../core/redact.js'

const MAX_NAME = 80
const MAX_STRING = 40
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * Turns io-ts validation errors into one readable line per bad path:
 * `data.b[3][0]: expected decimal string, got 12.5`.
 *
 * Object keys are joined with `.` (odd keys as `["BTC-USD"]`), array indices are `[i]`, the root is
 * `(root)`. Union and intersection members add no path segment; when several union members fail at
 * the same path the line lists what each expected (`expected string | null, got 3`). A tagged union
 * with an unknown tag is reported at the tag. Values under secret-named keys are shown as `[redacted]`;
 * text values are redacted (of `secrets` too) before they are shortened, so a cut cannot keep part of one.
 *
 * @example
 * formatErrors(errors) // ['data.b[3][0]: expected decimal string, got 12.5']
 */
export function formatErrors(errors: t.Errors, secrets?: Iterable<string>): string[] {
  const byPath = new Map<string, { expected: string[]; got: string; message: string | undefined }>()
  for (const error of errors) {
    const { path, expected, got } = describeError(error, secrets)
    const line = byPath.get(path)
    if (line === undefined) {
      byPath.set(path, { expected: [expected], got, message: error.message })
    } else if (!line.expected.includes(expected)) {
      line.expected.push(expected)
    }
  }
  const out: string[] = []
  for (const [path, line] of byPath) {
    if (line.message !== undefined && line.expected.length === 1) out.push(`${path}: ${line.message}`)
    else out.push(`${path}: expected ${line.expected.join(' | ')}, got ${line.got}`)
  }
  return out
}

function describeError(
  error: t.ValidationError,
  secrets: Iterable<string> | undefined,
): { path: string; expected: string; got: string } {
  const ctx = error.context
  let path = ''
  let secret = false
  for (let i = 1; i < ctx.length; i++) {
    const parent = ctx[i - 1]
    const entry = ctx[i]
    if (parent === undefined || entry === undefined || isMember(parent.type)) continue
    const key = entry.key
    secret = isSecretKey(key)
    path += Array.isArray(parent.actual) ? `[${key}]` : keySegment(key, path === '')
  }
  const last = ctx[ctx.length - 1]
  let expected = last === undefined ? 'a value' : shorten(last.type.name)
  let value = error.value
  const tag = last === undefined ? undefined : unknownTag(last.type, value)
  if (tag !== undefined) {
    path += keySegment(tag.key, path === '')
    expected = tag.expected
    value = tag.value
    secret = isSecretKey(tag.key)
  }
  return {
    path: path === '' ? '(root)' : path,
    expected,
    got: secret ? '[redacted]' : describeValue(value, secrets),
  }
}

function isMember(type: t.Decoder<unknown, unknown>): boolean {
  const tag = (type as { _tag?: unknown })._tag
  return tag === 'UnionType' || tag === 'IntersectionType'
}

function keySegment(key: string, first: boolean): string {
  if (IDENTIFIER.test(key)) return first ? key : `.${key}`
  return `[${JSON.stringify(key)}]`
}

// io-ts reports a tagged union whose tag matches no member as a failure of the whole union; the tag
// is the field to point at.
function unknownTag(
  type: t.Decoder<unknown, unknown>,
  value: unknown,
): { key: string; expected: string; value: unknown } | undefined {
  const union = type as { _tag?: unknown; tag?: unknown; types?: unknown }
  if (union._tag !== 'UnionType' || typeof union.tag !== 'string' || !Array.isArray(union.types))
    return undefined
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const key = union.tag
  const literals: string[] = []
  for (const member of union.types as unknown[]) {
    const literal = (member as { props?: Record<string, { value?: unknown } | undefined> }).props?.[key]
    if (literal !== undefined && 'value' in literal) literals.push(JSON.stringify(literal.value))
  }
  const expected = literals.length > 0 ? literals.join(' | ') : `a ${key} of ${shorten(type.name)}`
  return { key, expected, value: (value as Record<string, unknown>)[key] }
}

function describeValue(v: unknown, secrets: Iterable<string> | undefined): string {
  if (typeof v === 'string') {
    const text = redactText(v, secrets)
    return JSON.stringify(text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…` : text)
  }
  if (typeof v === 'bigint') return `${v}n`
  if (Array.isArray(v)) return `an array of ${v.length}`
  if (v === null) return 'null'
  if (typeof v === 'object') return 'an object'
  if (typeof v === 'function') return 'a function'
  return String(v)
}

function shorten(name: string): string {
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name
}
