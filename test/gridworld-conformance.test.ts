// The shipped MiniGrid episodes (test/fixtures/minigrid, a byte-identical copy of the shared file)
// replay with zero mismatches; a corrupted record is caught.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EpisodeFileError, parseEpisodes, readEpisodes, replayEpisodes } from "../lib/gridworld/index.js";

const FIXTURE = join(import.meta.dirname, "fixtures", "minigrid", "episodes.jsonl.gz");
const SHA256 = "b00c771ff329ab1ac4bf423ab2af904bd702439050efdac733e16a2bf3020675";

describe("MiniGrid conformance", () => {
  it("ships the recorded episodes unchanged", () => {
    expect(createHash("sha256").update(readFileSync(FIXTURE)).digest("hex")).toBe(SHA256);
  });

  it("replays all 280 episodes with zero mismatches", () => {
    const report = replayEpisodes(readEpisodes(FIXTURE));
    expect(report.episodes).toBe(280);
    expect(Object.keys(report.by_env)).toHaveLength(70);
    expect(report.steps).toBeGreaterThan(40_000);
    expect(report.first_mismatch).toBeNull();
    expect(report.mismatched_steps).toBe(0);
    expect(report.mismatched_episodes).toBe(0);
  });

  it("reports the first mismatch of a record whose reward was altered", () => {
    const episodes = readEpisodes(FIXTURE).filter((e) => e.env_id === "MiniGrid-Empty-5x5-v0");
    const episode = episodes.find((e) => e.steps.some((s) => s.r > 0));
    expect(episode).toBeDefined();
    const index = episode!.steps.findIndex((s) => s.r > 0);
    episode!.steps[index]!.r += 0.01;
    const report = replayEpisodes([episode!]);
    expect(report.mismatched_steps).toBe(1);
    expect(report.first_mismatch).toMatchObject({ step: index, field: "reward", env_id: "MiniGrid-Empty-5x5-v0" });
  });

  it("rejects corrupt episode files with the line that is wrong", () => {
    expect(() => parseEpisodes(Uint8Array.of(0x1f, 0x8b, 1, 2, 3))).toThrow(EpisodeFileError);
    expect(() => parseEpisodes(Buffer.from('{"env_id": "x"}\n'), "f")).toThrow(/f:1: /);
    expect(() => parseEpisodes(Buffer.from("not json\n"), "f")).toThrow(/f:1: not valid JSON/);
    expect(() => parseEpisodes(Buffer.from(""), "f")).toThrow(/no episodes/);
  });
});
