// Reads a conformance episode file (JSON lines, optionally gzipped, in the format of
// ../shared/conformance/minigrid/episodes.jsonl.gz) with every line validated.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { miniGridStateSchema } from "./minigrid-state.js";

const triple = z.tuple([z.number().int().min(0).max(15), z.number().int().min(0).max(15), z.number().int().min(0).max(15)]);
const hex = z.string().regex(/^[0-9a-fA-F]*$/, "must be hex digits");

const stepSchema = z.object({
  a: z.number().int().min(0).max(6),
  image: hex,
  dir: z.number().int().min(0).max(3),
  r: z.number().finite(),
  term: z.boolean(),
  trunc: z.boolean(),
  pos: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
  carrying: triple.nullable(),
  changes: z.array(z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int(), z.number().int()])),
});

export const episodeSchema = miniGridStateSchema.extend({
  seed: z.number().int(),
  obs0: z.object({ image: hex, direction: z.number().int().min(0).max(3) }),
  steps: z.array(stepSchema),
});
export type Episode = z.infer<typeof episodeSchema>;
export type EpisodeStep = z.infer<typeof stepSchema>;

export class EpisodeFileError extends Error {
  readonly code = "ERR_TANSAKU_EPISODES";
}

export function parseEpisodes(bytes: Uint8Array, name = "episodes"): Episode[] {
  let text: string;
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes)).toString("utf8");
  } catch (error) {
    throw new EpisodeFileError(`${name}: not a readable gzip file (${(error as Error).message})`);
  }
  const episodes: Episode[] = [];
  const lines = text.split("\n");
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new EpisodeFileError(`${name}:${index + 1}: not valid JSON`);
    }
    const parsed = episodeSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EpisodeFileError(`${name}:${index + 1}: ${issue?.path.join(".") || "record"}: ${issue?.message ?? "invalid"}`);
    }
    episodes.push(parsed.data);
  });
  if (episodes.length === 0) throw new EpisodeFileError(`${name}: no episodes`);
  return episodes;
}

export function readEpisodes(path: string): Episode[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new EpisodeFileError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseEpisodes(bytes, path);
}
