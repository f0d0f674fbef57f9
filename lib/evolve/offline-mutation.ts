// The offline mutation operator, "offline-mutation": the embedded default model when no LLM
// endpoint is configured. It reads the prompt the way a model would (the current program is the
// first fenced block of the first user turn, other fenced blocks are reference programs), changes
// numeric literals inside the EVOLVE-BLOCKs, and answers in the same tagged protocol (<DIFF> with
// SEARCH/REPLACE blocks, or <CODE> with the whole program, as the system prompt asks), so its
// answers go through the same applyPatch path and checks as a model's. It costs nothing.
//
// Two moves:
// - perturbation: one to three literals, each multiplied by exp(s·N(0,1)) with a step size s drawn
//   from a wide range (fine tuning and large jumps both happen); zero moves additively; integers
//   move by ±1 now and then;
// - recombination: with a reference program in the prompt, lines of the same shape (same text once
//   the literals are masked) are paired and each pair's literals taken from the reference with
//   probability 1/2: a uniform crossover of parameter lines.
import type { ChatMessage } from "../llm/types.js";
import type { Random } from "../random.js";
import { fenceTag, isKnownLanguage, languageInfo } from "./edit/languages.js";
import { findMarkers, type Region, regionsOf } from "./edit/markers.js";

export const OFFLINE_MUTATION_MODEL = "offline-mutation";

const STEP_SIZES = [0.002, 0.01, 0.03, 0.1, 0.3];
const INTEGER_MOVE_PROBABILITY = 0.1;
const RECOMBINE_PROBABILITY = 0.5;
const LITERAL = /(?<![\w.$])(\d+\.\d*|\.\d+|\d+)(?![\w.$])/g;

interface Site {
  line: number;
  column: number;
  text: string;
  integer: boolean;
}

interface PromptPrograms {
  language: string;
  parent: string;
  others: string[];
}

function fencedBlocks(text: string): { tag: string; code: string }[] {
  const out: { tag: string; code: string }[] = [];
  const pattern = /^```([^\n`]*)\n([\s\S]*?)\n```\s*$/gm;
  for (const match of text.matchAll(pattern)) out.push({ tag: match[1]!.trim().split(/\s+/)[0]!.toLowerCase(), code: match[2]! });
  return out;
}

function guessLanguage(tag: string, code: string): string {
  if (tag && isKnownLanguage(tag)) return languageInfo(tag).name;
  return findMarkers(code.split("\n"), "javascript").length > 0 ? "javascript" : "python";
}

function readPrompt(messages: readonly ChatMessage[]): PromptPrograms | null {
  const user = messages.find((m) => m.role === "user");
  if (!user) return null;
  const blocks = fencedBlocks(user.content);
  const first = blocks[0];
  if (!first) return null;
  const language = guessLanguage(first.tag, first.code);
  return { language, parent: first.code, others: blocks.slice(1).map((b) => b.code) };
}

function safeRegions(code: string, language: string): Region[] {
  try {
    return regionsOf(code, language);
  } catch {
    return [];
  }
}

/** The part of a line that is code: before a line comment, with string contents blanked. */
function codePart(line: string, language: string): string {
  const open = languageInfo(language).comment.open;
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      out += c === quote ? c : " ";
      if (c === "\\") {
        out += " ";
        i++;
      } else if (c === quote) quote = null;
      continue;
    }
    if (line.startsWith(open, i)) break;
    if (c === '"' || c === "'" || c === "`") quote = c;
    out += c;
  }
  return out;
}

/** Numeric literals inside the EVOLVE-BLOCKs, skipping comments, strings and exponent forms. */
export function literalSites(code: string, language: string): Site[] {
  const lines = code.split("\n");
  const markerLines = new Set(findMarkers(lines, language).map((m) => m.line));
  const sites: Site[] = [];
  const seen = new Set<number>();
  for (const region of safeRegions(code, language)) {
    for (let line = region.start + 1; line < region.end; line++) {
      if (markerLines.has(line) || seen.has(line)) continue;
      seen.add(line);
      const text = codePart(lines[line]!, language);
      for (const match of text.matchAll(LITERAL)) {
        const after = text[match.index! + match[0].length];
        if (after === "e" || after === "E" || after === "n" || after === "x") continue;
        if (/[\d.][eE][+-]?$/.test(text.slice(0, match.index!))) continue; // the exponent of 1e-6
        sites.push({ line, column: match.index!, text: match[0], integer: !match[0].includes(".") });
      }
    }
  }
  return sites.sort((a, b) => a.line - b.line || a.column - b.column);
}

function formatLike(value: number, original: string, step: number): string {
  const decimals = (original.split(".")[1] ?? "").length;
  // Enough digits to show a change of the step's size, never fewer than the original had.
  const needed = Math.ceil(-Math.log10(Math.max(Math.abs(value) * step, 1e-12))) + 2;
  const digits = Math.min(12, Math.max(decimals, needed, 1));
  let text = value.toFixed(digits);
  if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, ".0");
  return text;
}

function perturb(site: Site, rng: Random): string {
  const value = Number(site.text);
  if (site.integer) return String(Math.max(0, value + (rng.bernoulli(0.5) ? 1 : -1)));
  const step = rng.choice(STEP_SIZES);
  const next = value === 0 ? step * rng.normal() : value * Math.exp(step * rng.normal());
  return formatLike(next, site.text, step);
}

function applyChanges(code: string, changes: ReadonlyMap<Site, string>): string {
  const lines = code.split("\n");
  const ordered = [...changes].sort((a, b) => a[0].line - b[0].line || b[0].column - a[0].column);
  for (const [site, text] of ordered) {
    const line = lines[site.line]!;
    lines[site.line] = line.slice(0, site.column) + text + line.slice(site.column + site.text.length);
  }
  return lines.join("\n");
}

function shape(line: string, language: string): string {
  return codePart(line, language).replace(LITERAL, "#").trim();
}

/** Uniform crossover of the literals of same-shaped lines of parent and reference. */
function recombine(parent: string, reference: string, language: string, rng: Random): Map<Site, string> {
  const mine = literalSites(parent, language);
  const theirs = literalSites(reference, language);
  const parentLines = parent.split("\n");
  const referenceLines = reference.split("\n");
  const byLine = (sites: Site[]) => {
    const map = new Map<number, Site[]>();
    for (const s of sites) map.set(s.line, [...(map.get(s.line) ?? []), s]);
    return map;
  };
  const mineByLine = byLine(mine);
  const theirsByLine = byLine(theirs);
  const unused = [...theirsByLine.keys()];
  const changes = new Map<Site, string>();
  for (const [line, sites] of mineByLine) {
    const wanted = shape(parentLines[line]!, language);
    const index = unused.findIndex((l) => shape(referenceLines[l]!, language) === wanted);
    if (index < 0) continue;
    const partnerSites = theirsByLine.get(unused[index]!)!;
    unused.splice(index, 1);
    if (!rng.bernoulli(0.5)) continue;
    sites.forEach((site, k) => {
      const other = partnerSites[k];
      if (other && other.text !== site.text) changes.set(site, other.text);
    });
  }
  return changes;
}

function mutate(sites: readonly Site[], rng: Random): Map<Site, string> {
  const decimals = sites.filter((s) => !s.integer);
  const integers = sites.filter((s) => s.integer);
  const pool = decimals.length > 0 && !(integers.length > 0 && rng.bernoulli(INTEGER_MOVE_PROBABILITY)) ? decimals : integers;
  const count = Math.min(pool.length, 1 + rng.int(3));
  const changes = new Map<Site, string>();
  for (const index of rng.sampleIndices(pool.length, count)) {
    const site = pool[index]!;
    const text = perturb(site, rng);
    if (text !== site.text) changes.set(site, text);
  }
  return changes;
}

/** SEARCH/REPLACE blocks for changed lines, each widened until its SEARCH text first matches where it should. */
function diffBlocks(parent: string, child: string, changedLines: readonly number[]): string[] {
  const before = parent.split("\n");
  const after = child.split("\n");
  const groups: [number, number][] = [];
  for (const line of [...new Set(changedLines)].sort((a, b) => a - b)) {
    const last = groups[groups.length - 1];
    if (last && line === last[1] + 1) last[1] = line;
    else groups.push([line, line]);
  }
  const current = [...before];
  const blocks: string[] = [];
  for (const [from, to] of groups) {
    let start = from;
    const offsetOf = (line: number) => current.slice(0, line).join("\n").length + (line > 0 ? 1 : 0);
    let search = current.slice(start, to + 1).join("\n");
    // Widen upwards with context lines until the first occurrence is this one.
    while (current.join("\n").indexOf(search) !== offsetOf(start) && start > 0) {
      start--;
      search = current.slice(start, to + 1).join("\n");
    }
    const replaceLines = [...current.slice(start, from), ...after.slice(from, to + 1)];
    blocks.push(["<<<<<<< SEARCH", search, "=======", replaceLines.join("\n"), ">>>>>>> REPLACE"].join("\n"));
    for (let line = from; line <= to; line++) current[line] = after[line]!;
  }
  return blocks;
}

function failure(name: string, description: string): string {
  return `<NAME>${name}</NAME>\n<DESCRIPTION>${description}</DESCRIPTION>`;
}

/** The operator's reply to a prompt built by buildPatchMessages (or any prompt of that shape). */
export function offlineMutationReply(messages: readonly ChatMessage[], rng: Random): string {
  const prompt = readPrompt(messages);
  if (!prompt) return failure("no_program", "The prompt shows no fenced program to mutate.");
  const { parent, language } = prompt;
  const wantsDiff = messages.some((m) => m.role === "system" && m.content.includes("<DIFF>"));
  const sites = literalSites(parent, language);
  if (sites.length === 0) return failure("no_numeric_literals", "The EVOLVE-BLOCKs hold no numeric literal this operator could change.");

  let changes = new Map<Site, string>();
  let how = "";
  const references = prompt.others.filter((code) => code !== parent && literalSites(code, language).length > 0);
  if (references.length > 0 && rng.bernoulli(RECOMBINE_PROBABILITY)) {
    changes = recombine(parent, rng.choice(references), language, rng);
    how = "recombination";
  }
  for (let tries = 0; changes.size === 0 && tries < 8; tries++) {
    changes = mutate(sites, rng);
    how = "perturbation";
  }
  if (changes.size === 0) return failure("no_change", "Every sampled change rounded back to the same literals.");

  const child = applyChanges(parent, changes);
  const summary = [...changes].map(([site, text]) => `line ${site.line + 1}: ${site.text} -> ${text}`).join("; ");
  const head = `<NAME>offline_${how}_${changes.size}</NAME>\n<DESCRIPTION>Offline ${how} of ${changes.size} numeric literal(s): ${summary}.</DESCRIPTION>`;
  if (!wantsDiff) return `${head}\n<CODE>\n\`\`\`${fenceTag(language)}\n${child}\n\`\`\`\n</CODE>`;
  const blocks = diffBlocks(parent, child, [...changes.keys()].map((s) => s.line));
  return `${head}\n<DIFF>\n${blocks.join("\n")}\n</DIFF>`;
}
