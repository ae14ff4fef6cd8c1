import { expect } from 'chai'

/** What the check needs of a simulator: its clock faults. */
interface SteppedSim {
  readonly faults: { shiftClock(ms: number): void }
  advanceClock(ms: number): void
}

/**
 * A per-second limit of 3 across a step of the venue's clock back: the fourth request in a second is
 * refused; 3 s back and a second on, requests pass again, and the limit still holds in the new second.
 *
 * @example
 * await expectLimitAcrossClockStep(sim, () => status())
 */
export async function expectLimitAcrossClockStep(
  sim: SteppedSim,
  status: () => Promise<number>,
): Promise<void> {
  const full = [await status(), await status(), await status(), await status()]
  expect(full, 'the fourth in a second is refused').to.deep.equal([200, 200, 200, 429])
  // the venue's clock steps 3 s back, then a second of it passes
  sim.faults.shiftClock(-3_000)
  sim.advanceClock(1_000)
  expect(await status(), 'a second has passed since the window filled').to.equal(200)
  // and the limit still holds within the new second
  expect([await status(), await status(), await status()]).to.deep.equal([200, 200, 429])
}
