import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import * as root from '../../index.js'
import * as testing from '../../lib/testing/index.js'
import * as mock from '../../lib/venues/mock/index.js'

/** The module comment of an entry point: its first doc comment. */
const header = (file: string) => /\/\*\*([\s\S]*?)\*\//.exec(readFileSync(file, 'utf8'))?.[1] ?? ''

describe('entry point headers', () => {
  it('send a reader looking for the mock venue to rxvenue/mock, the one entry that exports it', () => {
    expect(Object.keys(mock)).to.include('createMockVenue')
    expect(Object.keys(root)).to.not.include('createMockVenue')
    expect(Object.keys(testing)).to.not.include('createMockVenue')
    for (const file of ['index.ts', 'lib/testing/index.ts']) {
      const text = header(file).replace(/\s*\n\s*\*\s*/g, ' ')
      expect(text, file).to.match(/mock venue[^.]*`rxvenue\/mock`|`rxvenue\/mock`[^.]*mock venue/)
      expect(text, file).to.not.match(/`rxvenue\/testing` holds[^.;]*mock/)
      expect(text, file).to.not.match(/is part of `rxvenue`/)
    }
  })
})
