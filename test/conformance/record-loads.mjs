/**
 * Records every module the process loads, one URL a line, in the file named by RXVENUE_LOAD_LOG:
 * `node --import tsx --import ./test/conformance/record-loads.mjs program.ts`.
 */
import { appendFileSync } from 'node:fs'
import { register } from 'node:module'
import { isMainThread } from 'node:worker_threads'

// the same file is the hooks module, loaded again on the hooks thread
if (isMainThread) register(import.meta.url)

/** Appends the URL, then loads as the next loader (tsx) does. */
export async function load(url, context, next) {
  appendFileSync(process.env.RXVENUE_LOAD_LOG, `${url}\n`)
  return next(url, context)
}
