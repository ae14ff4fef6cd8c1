import { expect } from 'chai'
import { topicsInUrl } from '../../../lib/venues/kit/url-topics.js'

describe('topicsInUrl', () => {
  it('names the topics in order, joined, after the prefix', () => {
    expect(topicsInUrl('/stream?streams=', '/', 100)(['a@trade', 'b@trade'])).to.deep.equal({
      url: '/stream?streams=a@trade/b@trade',
      topics: ['a@trade', 'b@trade'],
    })
  })

  it('names no more than fit within the length, counting each one’s separator, in order; the rest are left to subscribe', () => {
    const url = topicsInUrl('/s?', '/', 11)
    expect(url(['aaaa', 'bbbb', 'c'])).to.deep.equal({ url: '/s?aaaa', topics: ['aaaa'] })
    expect(url(['aaaaaaaaaa'])).to.deep.equal({ url: '/s?', topics: [] })
  })
})
