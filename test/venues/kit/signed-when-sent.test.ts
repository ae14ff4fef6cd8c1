/** The kit's messages signed when each is made, each signature kept among the secrets scrubbed from logs. */
import { expect } from 'chai'
import { signedWhenSent } from '../../../lib/venues/kit/signed-when-sent.js'

describe('kit: messages signed when sent', () => {
  it('signs each message at the venue time it is made and keeps each signature secret', () => {
    let now = 1000
    const secrets: string[] = []
    const signed = signedWhenSent(
      { clock: { now: () => now }, secrets: { add: (s) => void secrets.push(s) } },
      'sig',
    )
    const subscribe = (channel: string) => signed((at) => ({ channel, at, sig: `s-${channel}-${at}` }))
    expect(secrets).to.deep.equal([])
    expect(subscribe('orders')).to.deep.equal({ channel: 'orders', at: 1000, sig: 's-orders-1000' })
    now = 61_000
    expect(subscribe('orders')).to.deep.equal({ channel: 'orders', at: 61_000, sig: 's-orders-61000' })
    expect(secrets).to.deep.equal(['s-orders-1000', 's-orders-61000'])
  })
})
