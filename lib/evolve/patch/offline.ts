// The offline mutation operator ("offline-mutation"): no LLM and no cost. It reads the programs
// shown in the prompt (the parent first, then the crossover partner or inspirations), changes
// numeric literals inside the EVOLVE-BLOCK regions of the parent, and answers in the same tagged
// protocol a model would: SEARCH/REPLACE blocks when the system turn asks for <DIFF>, the whole
// program in a fence otherwise. Its moves:
// - perturb one literal, several literals, or every literal of one line (a parameter block),
//   relatively (log-normal) or additively (gaussian), at a scale drawn per proposal from a ladder
//   of small to large steps, so both fine tuning and jumps happen;
// - nudge an integer literal by one (rarely: counts and sizes are often structural);
// - recombine: copy literals from another program shown whose code has the same shape.
import type { ChatMessage } from "../../llm/types.js";
import type { Random } from "../../random.js";
import { findRegions, topLevel } from "./markers.js";

interface Literal {
  line: number;
  start: number;
  text: string;
  integer: boolean;
}

interface ShownProgram {
  code: string;
  language: string;
}

const NUMBER = /(?<![\w.$])(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])/g;
const SCALES = [0.005, 0.02, 0.05, 0.15, 0.3];
const INTEGER_MOVE_PROBABILITY = 0.1;
const CROSSOVER_PROBABILITY = 0.25;

const FENCE = /^```[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;

/** Fenced programs with EVOLVE-BLOCK regions in the user turns, in the order shown. */
export function shownPrograms(messages: readonly ChatMessage[]): ShownProgram[] {
  const text = messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
  const found: ShownProgram[] = [];
  for (const match of text.matchAll(FENCE)) {
    const language = (match[1] || "python").toLowerCase();
    const code = match[2]!.replace(/\n$/, "");
    const scan = findRegions(code.split("\n"), language);
    if (scan.ok && scan.regions.length > 0) found.push({ code, language });
  }
  return found;
}

function isCommentLine(line: string): boolean {
  return /^\s*(\/\/|\/\*|\*|#|!|<!--|\(\*)/.test(line);
}

/** Code part of a line, without a trailing line comment. */
function codePart(line: string): string {
  const cut = line.search(/\s(\/\/|#)/);
  return cut >= 0 ? line.slice(0, cut) : line;
}

export function literals(code: string, language: string): Literal[] {
  const lines = code.split("\n");
  const scan = findRegions(lines, language);
  if (!scan.ok) return [];
  const found: Literal[] = [];
  for (const region of topLevel(scan.regions)) {
    for (let i = region.start + 1; i < region.end; i++) {
      const line = lines[i]!;
      if (isCommentLine(line)) continue;
      for (const m of codePart(line).matchAll(NUMBER)) {
        // Index expressions (`a[0]`) and string contents are structure, not parameters.
        const before = line.slice(0, m.index);
        const after = line.slice(m.index! + m[0].length);
        if (/\[\s*$/.test(before) && /^\s*\]/.test(after)) continue;
        if ((before.match(/["'`]/g)?.length ?? 0) % 2 === 1) continue;
        found.push({ line: i, start: m.index!, text: m[0], integer: !/[.eE]/.test(m[0]) });
      }
    }
  }
  return found;
}

/** The code with every literal blanked: two programs with the same shape can swap literals. */
function shape(code: string, sites: Literal[]): string {
  const lines = code.split("\n");
  for (const site of [...sites].sort((a, b) => a.line - b.line || b.start - a.start)) {
    const line = lines[site.line]!;
    lines[site.line] = `${line.slice(0, site.start)}#${line.slice(site.start + site.text.length)}`;
  }
  return lines.join("\n");
}

function formatLike(value: number, like: string): string {
  if (!Number.isFinite(value)) return like;
  const decimals = like.includes(".") ? like.split(".")[1]!.replace(/[eE].*$/, "").length : 0;
  const digits = Math.min(8, Math.max(4, decimals));
  let text = Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(digits) : value.toExponential(4);
  if (!text.includes("e")) text = text.replace(/(\.\d*?[1-9])0+$/, "$1").replace(/\.0+$/, ".0");
  return text;
}

function perturb(site: Literal, scale: number, rng: Random): string {
  if (site.integer) {
    const value = Number(site.text);
    const next = value + (rng.bernoulli(0.5) ? 1 : -1);
    return String(Math.max(next, value > 0 ? 1 : 0));
  }
  const value = Number(site.text);
  // Literals are unsigned here (a minus sign stays in the code), so keep them non-negative.
  const next = value === 0 || rng.bernoulli(0.15) ? Math.abs(value + scale * Math.max(Math.abs(value), 0.1) * rng.normal()) : value * Math.exp(scale * rng.normal());
  return formatLike(next, site.text);
}

function replaceLiterals(code: string, changes: Map<Literal, string>): string {
  const lines = code.split("\n");
  // Right to left within a line, so earlier offsets stay valid.
  for (const [site, text] of [...changes].sort((a, b) => a[0].line - b[0].line || b[0].start - a[0].start)) {
    const line = lines[site.line]!;
    lines[site.line] = line.slice(0, site.start) + text + line.slice(site.start + site.text.length);
  }
  return lines.join("\n");
}

interface Proposal {
  changes: Map<Literal, string>;
  description: string;
  name: string;
}

function mutate(sites: Literal[], rng: Random): Proposal {
  const changes = new Map<Literal, string>();
  const continuous = sites.filter((s) => !s.integer);
  const integers = sites.filter((s) => s.integer);
  if (continuous.length === 0 || (integers.length > 0 && rng.bernoulli(INTEGER_MOVE_PROBABILITY))) {
    const site = rng.choice(integers.length > 0 ? integers : sites);
    changes.set(site, perturb(site, 0, rng));
    return { changes, name: "offline_integer_step", description: `Offline mutation: integer ${site.text} -> ${changes.get(site)} on line ${site.line + 1}.` };
  }
  const scale = rng.choice(SCALES);
  const move = rng.float();
  let chosen: Literal[];
  let kind: string;
  if (move < 0.6) {
    chosen = [rng.choice(continuous)];
    kind = "one literal";
  } else if (move < 0.75) {
    const lines = [...new Set(continuous.map((s) => s.line))];
    const line = rng.choice(lines);
    chosen = continuous.filter((s) => s.line === line);
    kind = `parameter block on line ${line + 1}`;
  } else {
    chosen = rng.sampleIndices(continuous.length, Math.min(continuous.length, 2 + rng.int(2))).map((i) => continuous[i]!);
    kind = `${chosen.length} literals`;
  }
  for (const site of chosen) changes.set(site, perturb(site, scale, rng));
  const listed = [...changes].map(([s, t]) => `${s.text} -> ${t}`).join(", ");
  return { changes, name: `offline_perturb_${chosen.length}`, description: `Offline mutation (${kind}, scale ${scale}): ${listed}.` };
}

function recombine(parent: ShownProgram, parentSites: Literal[], partners: ShownProgram[], rng: Random): Proposal | undefined {
  const parentShape = shape(parent.code, parentSites);
  const compatible = partners
    .map((p) => ({ program: p, sites: literals(p.code, p.language) }))
    .filter((p) => p.sites.length === parentSites.length && p.program.code !== parent.code && shape(p.program.code, p.sites) === parentShape);
  if (compatible.length === 0) return undefined;
  const partner = rng.choice(compatible);
  const changes = new Map<Literal, string>();
  // Either a uniform mix or one contiguous run of the partner's literals (a parameter block).
  const uniform = rng.bernoulli(0.5);
  const from = rng.int(parentSites.length);
  const to = from + 1 + rng.int(parentSites.length - from);
  parentSites.forEach((site, i) => {
    const theirs = partner.sites[i]!.text;
    if (theirs === site.text) return;
    if (uniform ? rng.bernoulli(0.5) : i >= from && i < to) changes.set(site, theirs);
  });
  if (changes.size === 0) return undefined;
  return { changes, name: "offline_crossover", description: `Offline recombination: ${changes.size} literal(s) copied from another program shown.` };
}

/** The smallest run of lines around [first, last] that occurs once in the file. */
function uniqueSpan(lines: string[], first: number, last: number, low: number, high: number): [number, number] {
  let a = first;
  let b = last;
  const text = lines.join("\n");
  for (;;) {
    const needle = lines.slice(a, b + 1).join("\n");
    const at = text.indexOf(needle);
    if (needle.trim() !== "" && text.indexOf(needle, at + 1) < 0) return [a, b];
    if (a > low) a--;
    else if (b < high) b++;
    else return [a, b];
  }
}

function diffReply(parent: ShownProgram, child: string, changedLines: number[]): string {
  const before = parent.code.split("\n");
  const after = child.split("\n");
  const scan = findRegions(before, parent.language);
  const regions = scan.ok ? topLevel(scan.regions) : [];
  const blocks: string[] = [];
  for (const region of regions) {
    const inRegion = changedLines.filter((l) => l > region.start && l < region.end);
    if (inRegion.length === 0) continue;
    const [a, b] = uniqueSpan(before, Math.min(...inRegion), Math.max(...inRegion), region.start + 1, region.end - 1);
    blocks.push(["<<<<<<< SEARCH", ...before.slice(a, b + 1), "=======", ...after.slice(a, b + 1), ">>>>>>> REPLACE"].join("\n"));
  }
  return ["<DIFF>", ...blocks, "</DIFF>"].join("\n");
}

/** The reply text for a conversation; cost 0, deterministic given the Random's state. */
export function offlineMutationReply(messages: readonly ChatMessage[], rng: Random): string {
  const [parent, ...others] = shownPrograms(messages);
  if (!parent) return "<NAME>no_program</NAME>\n<DESCRIPTION>No program with EVOLVE-BLOCK markers was shown.</DESCRIPTION>";
  const wantsDiff = messages.some((m) => m.role === "system" && m.content.includes("<DIFF>"));
  const sites = literals(parent.code, parent.language);
  if (sites.length === 0) return "<NAME>nothing_to_tune</NAME>\n<DESCRIPTION>The evolvable code has no numeric literal to change.</DESCRIPTION>";
  const crossover = others.length > 0 && rng.bernoulli(CROSSOVER_PROBABILITY) ? recombine(parent, sites, others, rng) : undefined;
  let proposal = crossover ?? mutate(sites, rng);
  // A draw that rounds back to the same text is retried a few times, so a reply always changes something.
  for (let tries = 0; tries < 8 && [...proposal.changes].every(([s, t]) => s.text === t); tries++) proposal = mutate(sites, rng);
  for (const [site, text] of proposal.changes) if (site.text === text) proposal.changes.delete(site);
  if (proposal.changes.size === 0) return "<NAME>no_change</NAME>\n<DESCRIPTION>Every draw rounded back to the same literals.</DESCRIPTION>";
  const child = replaceLiterals(parent.code, proposal.changes);
  const header = [`<NAME>${proposal.name}</NAME>`, `<DESCRIPTION>${proposal.description}</DESCRIPTION>`];
  if (wantsDiff) return [...header, diffReply(parent, child, [...new Set([...proposal.changes.keys()].map((s) => s.line))])].join("\n");
  return [...header, "<CODE>", `\`\`\`${parent.language}`, child, "```", "</CODE>"].join("\n");
}
