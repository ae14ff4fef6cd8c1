// Type-checked with `"types": []`: `rxvenue/testing` alone.
import { startSimulator, type Simulator } from 'rxvenue/testing'

export const started: Promise<Simulator> = startSimulator({ venues: ['bybit'], seed: 7 })
