import { expect } from 'chai'
import { Subject } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import type { Balance } from '../../../lib/core/model.js'
import { balanceOf } from '../../../lib/venues/kit/balance.js'
import { pushedBalances, type BalanceDelta } from '../../../lib/venues/kit/trading/pushed-balances.js'

const at = (ms: number) => ({ timestamp: new Date(ms), rawTimestamp: ms })
const d = (text: string) => new Decimal(text)

describe('pushedBalances', () => {
  it('applies a delta to the last full figure, leaves out a delta of an unknown asset and a balance that did not change', () => {
    const full = new Subject<Balance>()
    const deltas = new Subject<BalanceDelta>()
    const got: string[] = []
    pushedBalances(full, deltas).subscribe((b) =>
      got.push(`${b.asset} ${b.free.toFixed()}/${b.locked.toFixed()}`),
    )
    deltas.next({ asset: 'USDT', delta: d('5'), at: at(1) })
    full.next(balanceOf('binance', 'USDT', d('100'), d('10'), at(2)))
    deltas.next({ asset: 'USDT', delta: d('-40.5'), at: at(3) })
    full.next(balanceOf('binance', 'USDT', d('59.5'), d('10'), at(4)))
    full.next(balanceOf('binance', 'USDT', d('59.5'), d('11'), at(5)))
    expect(got).to.deep.equal(['USDT 100/10', 'USDT 59.5/10', 'USDT 59.5/11'])
  })
})
