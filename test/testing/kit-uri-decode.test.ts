import { expect } from 'chai'
import { decodedOrKept } from '../../lib/testing/kit/uri-decode.js'

describe('simulator kit: decodedOrKept', () => {
  it('percent-decodes a text', () => {
    expect(decodedOrKept('page_args%3D1900000000000000001%26')).to.equal('page_args=1900000000000000001&')
    expect(decodedOrKept('a%2Fb%20c')).to.equal('a/b c')
  })

  it('keeps a text with a malformed escape as it was sent, without throwing', () => {
    expect(decodedOrKept('100%')).to.equal('100%')
    expect(decodedOrKept('%E0%A4%A')).to.equal('%E0%A4%A')
  })
})
