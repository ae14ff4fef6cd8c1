/**
 * EVM addresses as Fordefi's transfers take them: `0x` and 40 hex digits; written in mixed case, the
 * case is the EIP-55 checksum and must match it (all lower or all upper case carries none).
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/**
 * Why `address` is not an EVM address, or `undefined` when it is one.
 *
 * @example
 * evmAddressProblem('0x00000000219ab540356cBB839Cbe05303d7705Fa') // undefined
 * evmAddressProblem('not-an-address') // 'is not an EVM address (0x and 40 hex digits)'
 */
export function evmAddressProblem(address: string): string | undefined {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return 'is not an EVM address (0x and 40 hex digits)'
  const digits = address.slice(2)
  if (digits === digits.toLowerCase() || digits === digits.toUpperCase()) return undefined
  // the right case is not shown: a mistyped address, checksummed, is still the wrong one
  return digits === eip55(digits) ? undefined : 'fails its EIP-55 checksum: check the address (a typo?)'
}

/** The EIP-55 form of 40 hex digits: a letter is upper case where the keccak-256 of the lower-case text has a nibble >= 8. */
function eip55(digits: string): string {
  const lower = digits.toLowerCase()
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)))
  let out = ''
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i] as string
    out += parseInt(hash[i] as string, 16) >= 8 ? c.toUpperCase() : c
  }
  return out
}
