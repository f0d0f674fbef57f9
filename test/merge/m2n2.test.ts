// M2N2 on the digits task at a small budget: it learns, and it is reproducible from the seed.
import { describe, expect, it } from "vitest";
import { digitsTask } from "../../lib/merge/digits-task.js";
import { runM2n2 } from "../../lib/merge/m2n2.js";
import { Random } from "../../lib/random.js";

describe("M2N2 from scratch on digits", () => {
  it("improves far beyond chance in 400 evaluations, reproducibly", () => {
    const task = digitsTask();
    const run = () => runM2n2(task, { evaluations: 400, random: new Random(1) });
    const first = run();
    const accuracy = task.accuracy(first.archive.row(first.best), task.train);
    // Chance is about 0.1; random N(0, 0.01^2) models sit near it.
    expect(accuracy).toBeGreaterThan(0.3);
    const second = run();
    expect(Array.from(second.archive.params)).toEqual(Array.from(first.archive.params));
    expect(first.archive.filled.every(Boolean)).toBe(true);
  });
});
