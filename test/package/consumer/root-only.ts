// Type-checked with `"types": []` (TypeScript 6 and later by default): the package's declarations bring
// the Node types they use themselves. Each entry point alone, in a file of its own program.
import { Decimal, createClient, type OrderBook } from 'rxvenue'

export const one: Decimal = new Decimal('1')
export const client = createClient()
export type Book = OrderBook
