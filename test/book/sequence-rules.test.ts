import { expect } from 'chai'
import {
  consecutiveUpdateIds,
  rangedUpdateIds,
  strictSequence,
  unsequenced,
  type SequenceRule,
  type SequenceVerdict,
} from '../../lib/book/index.js'

type Case = [
  current: number | undefined,
  first: number | undefined,
  last: number | undefined,
  verdict: SequenceVerdict,
]

function check(rule: SequenceRule, cases: readonly Case[]): void {
  for (const [current, first, last, verdict] of cases) {
    expect(rule.check(current, first, last), `${rule.name}(${current}, ${first}, ${last})`).to.deep.equal(
      verdict,
    )
  }
}

describe('book/sequence rules', () => {
  it('unsequenced applies everything', () => {
    check(unsequenced, [
      [undefined, undefined, undefined, 'apply'],
      [5, undefined, 3, 'apply'],
      [5, 9, 12, 'apply'],
    ])
  })

  it('consecutiveUpdateIds (Bybit u): +1 applies, older is stale, a jump is a gap, 1 resets', () => {
    check(consecutiveUpdateIds, [
      [41, undefined, 42, 'apply'],
      [41, undefined, 41, 'stale'],
      [41, undefined, 7, 'stale'],
      [41, undefined, 44, { expected: 42, got: 44 }],
      [41, undefined, 1, 'reset'],
      [1, undefined, 1, 'reset'], // a second restart right after the first
      [0, undefined, 1, 'apply'], // 1 after 0 is the next id, not a restart
      [41, undefined, undefined, { expected: 42, got: undefined }],
      [undefined, undefined, 42, { expected: undefined, got: 42 }],
    ])
  })

  it('rangedUpdateIds (Binance U/u): covers current + 1 applies, ends at or before is stale, starts after is a gap', () => {
    check(rangedUpdateIds, [
      [100, 95, 100, 'stale'], // u <= lastUpdateId: dropped
      [100, 90, 99, 'stale'],
      [100, 98, 104, 'apply'], // the first event straddles the snapshot
      [100, 101, 101, 'apply'],
      [100, 101, 103, 'apply'], // then U = previous u + 1
      [100, 102, 110, { expected: 101, got: 102 }],
      [100, undefined, 110, { expected: 101, got: 110 }],
      [100, 101, undefined, { expected: 101, got: 101 }],
      [undefined, 1, 2, { expected: undefined, got: 1 }],
    ])
  })

  it('strictSequence (Coinbase sequence_num): +1 applies, older is stale, a jump is a gap, no resets', () => {
    check(strictSequence, [
      [7, undefined, 8, 'apply'],
      [7, undefined, 7, 'stale'],
      [7, undefined, 1, 'stale'],
      [7, undefined, 10, { expected: 8, got: 10 }],
      [0, undefined, 1, 'apply'],
      [7, 3, 8, 'apply'], // a range start is not its business
      [undefined, undefined, 8, { expected: undefined, got: 8 }],
    ])
  })
})
