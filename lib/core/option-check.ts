/**
 * Options checked when they are given: a misspelt one is refused by name (it would otherwise be its
 * default, silently), and one of the wrong kind is refused before it is read.
 */
import { VenueError } from './errors.js'
import { didYouMean } from './suggest.js'

/**
 * What an option must be: `ms` a number of milliseconds >= 0, `period` one > 0 (a window or a
 * timeout that means nothing at 0), `count` a whole number > 0, `flag` a
 * boolean, `url` an http(s) or ws(s) URL, `text` a string, `credential` a string with no whitespace
 * around it (a key read from a file keeps its newline, and signs wrong; a PEM block may end in one),
 * `object` an object, `function` a function; `any` is left to where it is read. A credential's value is
 * never shown in the problem.
 *
 * @example
 * const kind: OptionKind = 'ms'
 */
export type OptionKind =
  'ms' | 'period' | 'count' | 'flag' | 'url' | 'text' | 'credential' | 'object' | 'function' | 'any'

/**
 * The options a caller may give, each with its kind.
 *
 * @example
 * const kinds: OptionKinds = { depth: 'count', throttleMs: 'ms' }
 */
export type OptionKinds = Readonly<Record<string, OptionKind>>

const MUST_BE: { readonly [K in OptionKind]: string } = {
  ms: 'a number of ms >= 0',
  period: 'a number of ms > 0',
  count: 'a whole number > 0',
  flag: 'true or false',
  url: 'an http(s) or ws(s) URL',
  text: 'a string',
  credential: 'a string with no whitespace around it',
  object: 'an object',
  function: 'a function',
  any: '',
}

// what the transports open: `localhost:8080` parses as a URL of the scheme `localhost:`
const WEB = /^(https?|wss?):\/\//i

function fits(kind: OptionKind, value: unknown): boolean {
  switch (kind) {
    case 'ms':
      return typeof value === 'number' && value >= 0 && Number.isFinite(value)
    case 'period':
      return typeof value === 'number' && value > 0 && Number.isFinite(value)
    case 'count':
      return Number.isSafeInteger(value) && (value as number) > 0
    case 'flag':
      return typeof value === 'boolean'
    case 'url':
      return typeof value === 'string' && URL.canParse(value) && WEB.test(value)
    case 'text':
      return typeof value === 'string'
    case 'credential':
      return typeof value === 'string' && (value.trim() === value || value.includes('-----BEGIN'))
    case 'object':
      return typeof value === 'object' && value !== null
    case 'function':
      return typeof value === 'function'
    case 'any':
      return true
  }
}

/** A wrong value as a problem shows it: a credential only by its shape, never its characters. */
function shown(kind: OptionKind, value: unknown): string {
  if (kind !== 'credential') return typeof value === 'string' ? JSON.stringify(value) : String(value)
  if (typeof value !== 'string') return `a ${value === null ? 'null' : typeof value}`
  const ends = [/^\s/.test(value) ? 'its start' : '', /\s$/.test(value) ? 'its end' : ''].filter(Boolean)
  const newline = /[\r\n]$/.test(value) ? ' (a newline: read from a file?)' : ''
  return `one with whitespace at ${ends.join(' and ')}${newline}`
}

/**
 * What is wrong with `given`, or `undefined`: not an object at all, or the first option (set to anything but `undefined`) that
 * `kinds` lacks, naming the closest ones (or, when none is close, `hint`'s names, by default all), or
 * the first of the wrong kind.
 *
 * @example
 * optionProblem({ depht: 10 }, { depth: 'count', throttleMs: 'ms' })    // 'unknown option depht; did you mean depth?'
 * optionProblem({ throttleMs: -1 }, { depth: 'count', throttleMs: 'ms' }) // 'throttleMs must be a number of ms >= 0, got -1'
 */
export function optionProblem(
  given: unknown,
  kinds: OptionKinds,
  hint: { readonly label: string; readonly names: readonly string[] } = {
    label: 'valid',
    names: Object.keys(kinds),
  },
): string | undefined {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return `options must be an object, got ${Array.isArray(given) ? 'an array' : shown('any', given)}`
  }
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue
    if (!Object.hasOwn(kinds, name)) {
      const close = didYouMean(name, Object.keys(kinds), 0)
      const listed =
        close !== '' || hint.names.length === 0 ? close : `; ${hint.label}: ${hint.names.join(', ')}`
      return `unknown option ${name}${listed}`
    }
    const kind = kinds[name] as OptionKind
    if (!fits(kind, value)) return `${name} must be ${MUST_BE[kind]}, got ${shown(kind, value)}`
  }
  return undefined
}

/**
 * {@link optionProblem} as a refusal: throws `invalid-request` with the message `<owner>: <problem>`.
 *
 * @throws VenueError `invalid-request`
 * @example
 * checkOptions('order manager', { absentAfterMS: 5 }, kinds) // throws: order manager: unknown option absentAfterMS; did you mean absentAfterMs?
 */
export function checkOptions(
  owner: string,
  given: unknown,
  kinds: OptionKinds,
  more: { readonly venue?: string; readonly hint?: Parameters<typeof optionProblem>[2] } = {},
): void {
  const problem = optionProblem(given, kinds, more.hint)
  if (problem !== undefined) {
    throw new VenueError({ kind: 'invalid-request', venue: more.venue, message: `${owner}: ${problem}` })
  }
}
