/**
 * Progress of a history request, reported to its `onProgress` as records arrive.
 */
import { defer, tap, type MonoTypeOperatorFunction, type Observable } from 'rxjs'
import { toEpochMs } from '../lib/core/time-input.js'
import type { HistoryProgress, HistoryRange } from '../lib/venues/contract/index.js'

/**
 * `history` with `range.onProgress` called after each page and once at the end; `history` as it is when
 * there is no `onProgress` (or the range is invalid, which `history` itself reports).
 *
 * A page is the records that arrive together: every venue fetches its pages one request at a time, so
 * the records of one answer are delivered in one go, and the report follows them once they are taken.
 *
 * ```
 * records:  a b c ------ d e ------ f |
 * reports:        p1          p2      p3 done
 * ```
 *
 * @example
 * withProgress(range, driver.tradeHistory('BTC/USDT', range))
 */
export function withProgress<T extends { readonly timestamp: Date }>(
  range: HistoryRange,
  history: Observable<T>,
): Observable<T> {
  const onProgress = range?.onProgress
  if (typeof onProgress !== 'function') return history
  const fromMs = toEpochMs(range.from, 'from')
  const toMs = toEpochMs(range.to, 'to')
  if (typeof fromMs !== 'number' || typeof toMs !== 'number') return history
  return history.pipe(reportProgress(fromMs, toMs, onProgress))
}

function reportProgress<T extends { readonly timestamp: Date }>(
  fromMs: number,
  toMs: number,
  onProgress: (progress: HistoryProgress) => void,
): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      let pages = 0
      let rows = 0
      let first: Date | undefined
      let latest: Date | undefined
      let pending = false
      let active = true
      const span = toMs - fromMs
      const report = (done: boolean) =>
        onProgress({
          pages,
          rows,
          from: new Date(fromMs),
          to: new Date(toMs),
          covered: first && latest ? { from: first, to: latest } : undefined,
          fraction: done ? 1 : latest && span > 0 ? clamp((latest.getTime() - fromMs) / span) : 0,
          done,
        })
      const endPage = () => {
        if (!pending) return false
        pending = false
        pages++
        return true
      }
      return source.pipe(
        tap({
          next: (item) => {
            rows++
            first ??= item.timestamp
            latest = item.timestamp
            if (pending) return
            pending = true
            // the rest of this page arrives synchronously; the next one only after another request
            queueMicrotask(() => {
              if (active && endPage()) report(false)
            })
          },
          complete: () => {
            endPage()
            report(true)
          },
          finalize: () => {
            // a consumer that stopped early (`take(n)`) still hears of the page it took from
            if (active && endPage()) report(false)
            active = false
          },
        }),
      )
    })
}

const clamp = (x: number) => Math.min(1, Math.max(0, x))
