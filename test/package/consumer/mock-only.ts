// Type-checked with `"types": []`: `rxvenue/mock` alone.
import { createMockVenue, type MockVenue } from 'rxvenue/mock'

export const mock: MockVenue = createMockVenue({ seed: 7 })
