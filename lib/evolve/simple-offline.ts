// The offline mutation operator of the minimal edit adapter: no LLM, no cost. It reads the
// programs shown in the prompt (the parent first, then inspirations or a crossover partner) and
// either recombines their numeric literals (when another program has the same literal layout) or
// perturbs one to three literals of the parent with a log-normal factor of a randomly chosen
// scale. It answers in the tagged protocol: SEARCH/REPLACE blocks for a diff request, the whole
// program for a rewrite (the system prompt names <CODE>).
import type { ChatMessage } from "../llm/types.js";
import type { Random } from "../random.js";
import { blockRanges } from "./simple-patches.js";

interface Site {
  line: number;
  start: number;
  text: string;
}

const LITERAL = /(?<![\w.])\d+\.\d+(?![\w.])/g;
const SCALES = [0.01, 0.05, 0.2];

/** Every fenced block of the user turns, in order. */
function promptPrograms(messages: ChatMessage[]): { code: string; tag: string }[] {
  const text = messages
    .filter((m) => m.role === "user")
    .map((m) => m.content)
    .join("\n");
  return [...text.matchAll(/```([A-Za-z0-9_+-]*)\n([\s\S]*?)\n```/g)]
    .map((m) => ({ code: m[2]!, tag: m[1]! }))
    .filter(({ code }) => blockRanges(code).length > 0);
}

function literalSites(code: string): Site[] {
  const lines = code.split("\n");
  const sites: Site[] = [];
  for (const [a, b] of blockRanges(code)) {
    for (let i = a; i < b; i++) {
      const line = lines[i]!;
      if (/^\s*(\/\/|\*|\/\*|#)/.test(line)) continue;
      for (const m of line.matchAll(LITERAL)) sites.push({ line: i, start: m.index!, text: m[0] });
    }
  }
  return sites;
}

function format(value: number, like: string): string {
  const digits = Math.min(6, Math.max(3, like.split(".")[1]!.length));
  const text = value.toFixed(digits);
  return text.includes(".") ? text : `${text}.0`;
}

function replaceSites(code: string, changes: Map<Site, string>): string {
  const lines = code.split("\n");
  // Right to left within a line, so earlier offsets stay valid.
  const ordered = [...changes].sort((a, b) => a[0].line - b[0].line || b[0].start - a[0].start);
  for (const [site, text] of ordered) {
    const line = lines[site.line]!;
    lines[site.line] = line.slice(0, site.start) + text + line.slice(site.start + site.text.length);
  }
  return lines.join("\n");
}

export function simpleOfflineReply(messages: ChatMessage[], rng: Random): string {
  const [shown, ...rest] = promptPrograms(messages);
  const parent = shown?.code;
  const others = rest.map((p) => p.code);
  // A rewrite is fenced with the tag the prompt used for the program (the edit protocol needs it).
  const tag = shown?.tag || "javascript";
  const wantsFullProgram = messages.some((m) => m.role === "system" && m.content.includes("<CODE>"));
  if (!parent) return "<NAME>no_program</NAME>\n<DESCRIPTION>No program with EVOLVE-BLOCK markers in the prompt.</DESCRIPTION>";
  const lines = parent.split("\n");
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  // A diff must name lines that occur once, so its SEARCH text is unambiguous.
  const sites = literalSites(parent).filter((site) => wantsFullProgram || counts.get(lines[site.line]!) === 1);
  if (sites.length === 0) return "<NAME>nothing_to_tune</NAME>\n<DESCRIPTION>No numeric literal to change.</DESCRIPTION>";

  const changes = new Map<Site, string>();
  let description = "";
  const partners = others.filter((code) => code !== parent && literalSites(code).length === literalSites(parent).length);
  if (partners.length > 0 && rng.bernoulli(0.3)) {
    const partner = rng.choice(partners);
    const all = literalSites(parent);
    const theirs = literalSites(partner);
    all.forEach((site, i) => {
      if (sites.includes(site) && theirs[i]!.text !== site.text && rng.bernoulli(0.5)) changes.set(site, theirs[i]!.text);
    });
    description = `Offline recombination: ${changes.size} literal(s) taken from another program shown.`;
  }
  if (changes.size === 0) {
    const scale = rng.choice(SCALES);
    const count = Math.min(sites.length, 1 + rng.int(3));
    for (const index of rng.sampleIndices(sites.length, count)) {
      const site = sites[index]!;
      const value = Number(site.text);
      const next = value === 0 ? scale * rng.normal() : value * Math.exp(scale * rng.normal());
      changes.set(site, format(next, site.text));
    }
    description = `Offline mutation (scale ${scale}): ${[...changes].map(([s, t]) => `${s.text} -> ${t}`).join(", ")}.`;
  }
  for (const [site, text] of changes) if (text === site.text) changes.delete(site);
  if (changes.size === 0) return "<NAME>no_change</NAME>\n<DESCRIPTION>The mutation rounded back to the same literals.</DESCRIPTION>";
  const name = `<NAME>offline_${changes.size}_literals</NAME>`;
  const child = replaceSites(parent, changes);
  if (wantsFullProgram) return [name, `<DESCRIPTION>${description}</DESCRIPTION>`, "<CODE>", `\`\`\`${tag}`, child, "```", "</CODE>"].join("\n");
  const after = child.split("\n");
  const blocks = [...new Set([...changes.keys()].map((s) => s.line))]
    .sort((a, b) => a - b)
    .map((line) => ["<<<<<<< SEARCH", lines[line]!, "=======", after[line]!, ">>>>>>> REPLACE"].join("\n"));
  return [name, `<DESCRIPTION>${description}</DESCRIPTION>`, "<DIFF>", ...blocks, "</DIFF>"].join("\n");
}
