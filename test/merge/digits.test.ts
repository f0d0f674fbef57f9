import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { digitsPath, loadDigits, parseDigitsCsv } from "../../lib/merge/digits.js";

describe("digits data", () => {
  it("is the file copied from Debian's python3-sklearn, unchanged", () => {
    const digest = createHash("sha256").update(readFileSync(digitsPath())).digest("hex");
    expect(digest).toBe("46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a");
  });

  it("splits 1,437 training and 360 test rows, unshuffled and unnormalised", () => {
    const { train, test } = loadDigits();
    expect(train.samples).toBe(1437);
    expect(test.samples).toBe(360);
    expect(train.x.length).toBe(1437 * 64);
    // sklearn's first image is a 0 and starts 0,0,5,13,9,1,0,0.
    expect(Array.from(train.x.slice(0, 8))).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    expect(train.labels[0]).toBe(0);
    expect(Math.max(...train.x)).toBe(16);
    // Every class appears in both halves.
    for (const set of [train, test]) expect(new Set(set.labels).size).toBe(10);
  });

  it("rejects malformed rows", () => {
    expect(() => parseDigitsCsv("1,2,3\n")).toThrow(RangeError);
    expect(() => parseDigitsCsv(`${Array(64).fill(0).join(",")},12\n`)).toThrow(/label/);
  });
});
