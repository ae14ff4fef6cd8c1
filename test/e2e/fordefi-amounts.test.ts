import { expect } from 'chai'
import { firstValueFrom } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import type { VenueError } from '../../lib/core/errors.js'
import type { CustodyAsset } from '../../lib/venues/contract/custody.js'
import { ETH, fordefiRig, TO, USDC, VAULT, WBTC, type FordefiRig } from '../venues/fordefi/rig.js'

describe('e2e fordefi: amounts in base units', () => {
  let rig: FordefiRig
  before(async () => (rig = await fordefiRig()))
  after(() => rig.close())

  const cases: readonly [CustodyAsset, string, string][] = [
    [USDC, '1234.567891', '1234567891'],
    [USDC, '0.000001', '1'],
    [WBTC, '1.23456789', '123456789'],
    [WBTC, '0.00000001', '1'],
    [ETH, '1.234567890123456789', '1234567890123456789'],
    [ETH, '0.000000000000000001', '1'],
    [ETH, '3', '3000000000000000000'],
  ]
  for (const [asset, amount, units] of cases) {
    it(`sends ${amount} ${asset.symbol} (${asset.decimals} decimals) as exactly ${units} base units`, async () => {
      const tx = await firstValueFrom(
        rig.custody.transfer({ vaultId: VAULT, asset, to: TO, amount: new Decimal(amount) }),
      )
      const details = rig.fordefi.transaction(tx.id).details as { value: { value: string } }
      expect(details.value.value).to.equal(units)
      expect(tx.baseUnits?.toFixed()).to.equal(units)
    })
  }

  const refused: readonly [CustodyAsset, string][] = [
    [USDC, '0.0000001'],
    [WBTC, '1.000000001'],
    [ETH, '0.0000000000000000001'],
    [USDC, '0'],
    [USDC, '-5'],
  ]
  for (const [asset, amount] of refused) {
    it(`refuses ${amount} ${asset.symbol} before sending anything`, async () => {
      const before = rig.fordefi.transactionIds().length
      const error = await firstValueFrom(
        rig.custody.transfer({ vaultId: VAULT, asset, to: TO, amount: new Decimal(amount) }),
      ).catch((e: VenueError) => e)
      expect(error).to.include({ kind: 'invalid-request', venue: 'fordefi' })
      expect(rig.fordefi.transactionIds()).to.have.length(before)
    })
  }
})
