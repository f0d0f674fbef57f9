// The languages the edit protocol knows: how each writes a comment (for EVOLVE-BLOCK markers) and
// which fence info strings name it (for full rewrites). JavaScript and TypeScript are ours; the
// rest follow ShinkaEvolve's table (evolve.md §11.1).

export interface CommentStyle {
  open: string;
  /** Closing delimiter for block-comment languages; empty for line comments. */
  close: string;
}

export interface LanguageInfo {
  name: string;
  comment: CommentStyle;
  aliases: readonly string[];
}

const HASH: CommentStyle = { open: "#", close: "" };
const SLASHES: CommentStyle = { open: "//", close: "" };

const TABLE: LanguageInfo[] = [
  { name: "python", comment: HASH, aliases: ["python", "py", "python3"] },
  { name: "julia", comment: HASH, aliases: ["julia", "jl"] },
  { name: "javascript", comment: SLASHES, aliases: ["javascript", "js", "mjs", "cjs", "jsx"] },
  { name: "typescript", comment: SLASHES, aliases: ["typescript", "ts", "mts", "tsx"] },
  { name: "cpp", comment: SLASHES, aliases: ["cpp", "c++", "cc"] },
  { name: "cuda", comment: SLASHES, aliases: ["cuda", "cu"] },
  { name: "go", comment: SLASHES, aliases: ["go", "golang"] },
  { name: "rust", comment: SLASHES, aliases: ["rust", "rs"] },
  { name: "swift", comment: SLASHES, aliases: ["swift"] },
  { name: "verilog", comment: SLASHES, aliases: ["verilog", "v", "sv", "systemverilog"] },
  { name: "fortran", comment: { open: "!", close: "" }, aliases: ["fortran", "f90"] },
  { name: "markdown", comment: { open: "<!--", close: "-->" }, aliases: ["markdown", "md"] },
  { name: "wolfram", comment: { open: "(*", close: "*)" }, aliases: ["wolfram", "wl", "mathematica"] },
];

/** Looks a language up by its name or any alias (case-insensitive). */
export function languageInfo(language: string): LanguageInfo {
  const key = language.trim().toLowerCase();
  const found = TABLE.find((l) => l.name === key || l.aliases.includes(key));
  if (!found) throw new RangeError(`language: unsupported language "${language}" (known: ${TABLE.map((l) => l.name).join(", ")})`);
  return found;
}

export function isKnownLanguage(language: string): boolean {
  const key = language.trim().toLowerCase();
  return TABLE.some((l) => l.name === key || l.aliases.includes(key));
}

/** The fence info string that names this language best (for prompts). */
export function fenceTag(language: string): string {
  const info = languageInfo(language);
  return info.aliases[1] ?? info.name;
}
