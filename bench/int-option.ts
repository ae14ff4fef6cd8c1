/**
 * A whole-number command-line option of a bench: `--name value`, else the fallback.
 *
 * @example
 * const ROUNDS = intOption('rounds', 5)   // --rounds 7
 * const WARMUP = intOption('warmup', 0, 0) // zero allowed
 */
export function intOption(name: string, fallback: number, min = 1): number {
  const i = process.argv.indexOf(`--${name}`)
  const value = i >= 0 ? process.argv[i + 1] : undefined
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs a whole number of at least ${min}`)
  return n
}
