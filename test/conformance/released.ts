/**
 * What a close leaves behind: live handles beyond a baseline, and the connections the simulator still
 * counts open, with a wait for them to go that never holds the handle count up itself.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import type { Socket } from 'node:net'
import type { Rig } from './rig.js'
import { handles } from './support.js'

/** Our own polling runs on immediates; everything else counts. */
const OWN = new Set(['Immediate'])

/**
 * Handle types with more live now than in `baseline`, and by how many.
 *
 * @example
 * const baseline = handles()
 * await client.close()
 * expect(leftover(baseline)).to.deep.equal({})
 */
export function leftover(baseline: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [type, n] of handles()) {
    const more = n - (baseline.get(type) ?? 0)
    if (more > 0 && !OWN.has(type)) out[type] = more
  }
  return out
}

/**
 * Resolves once `holds()` is true, checked after each turn of the event loop, or once `ms` passed (a
 * guard, not a wait). Its guard timer is unreferenced, so the handle count never sees it.
 *
 * @example
 * await settled(() => Object.keys(leftover(baseline)).length === 0, 15_000)
 */
export function settled(holds: () => boolean, ms: number): Promise<void> {
  let expired = false
  const timer = setTimeout(() => (expired = true), ms).unref()
  return new Promise((resolve) => {
    const check = () => {
      if (holds() || expired) {
        clearTimeout(timer)
        resolve()
      } else setImmediate(check)
    }
    check()
  })
}

/**
 * Connection ids the simulator reported connected and not (yet) disconnected.
 *
 * @example
 * await until(() => openAtVenue(rig).length === 0, 'every socket closed at the venue')
 */
export function openAtVenue(rig: Rig): unknown[] {
  const open = new Set<unknown>()
  for (const e of rig.simEvents.seen) {
    if (e.type === 'connected') open.add(e['connId'])
    else if (e.type === 'disconnected') open.delete(e['connId'])
  }
  return [...open]
}

/**
 * The sockets of every HTTP connection opened from now on (undici reports each on its diagnostics
 * channel). Unreferenced while idle, they are not in the handle count, and the venue's server closes
 * them by itself after its keep-alive timeout: only their own state shows whether `close()` did.
 *
 * @example
 * const http = httpSockets()
 * await client.close()
 * http.stop()
 * expect(http.sockets.filter((s) => !s.destroyed)).to.have.length(0)
 */
export function httpSockets(): { readonly sockets: readonly Socket[]; stop(): void } {
  const sockets: Socket[] = []
  const onConnected = (message: unknown) => sockets.push((message as { socket: Socket }).socket)
  subscribe('undici:client:connected', onConnected)
  return { sockets, stop: () => unsubscribe('undici:client:connected', onConnected) }
}
