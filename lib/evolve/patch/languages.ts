// Comment syntax and fence aliases per language (evolve.md §11.1): the markers are comments, and a
// rewrite is taken from the first fence tagged with one of the language's aliases.

export interface CommentStyle {
  open: string;
  /** Present for block-comment languages; a marker line must then hold both delimiters. */
  close?: string;
}

interface LanguageInfo {
  comment: CommentStyle;
  aliases: string[];
}

const LINE_HASH: CommentStyle = { open: "#" };
const LINE_SLASH: CommentStyle = { open: "//" };

const LANGUAGES: Record<string, LanguageInfo> = {
  python: { comment: LINE_HASH, aliases: ["python", "py", "python3"] },
  julia: { comment: LINE_HASH, aliases: ["julia", "jl"] },
  javascript: { comment: LINE_SLASH, aliases: ["javascript", "js", "mjs"] },
  typescript: { comment: LINE_SLASH, aliases: ["typescript", "ts"] },
  cpp: { comment: LINE_SLASH, aliases: ["cpp", "c++", "cc"] },
  cuda: { comment: LINE_SLASH, aliases: ["cuda", "cu"] },
  go: { comment: LINE_SLASH, aliases: ["go", "golang"] },
  rust: { comment: LINE_SLASH, aliases: ["rust", "rs"] },
  swift: { comment: LINE_SLASH, aliases: ["swift"] },
  verilog: { comment: LINE_SLASH, aliases: ["verilog", "v", "sv", "systemverilog"] },
  fortran: { comment: { open: "!" }, aliases: ["fortran", "f90"] },
  markdown: { comment: { open: "<!--", close: "-->" }, aliases: ["markdown", "md"] },
  wolfram: { comment: { open: "(*", close: "*)" }, aliases: ["wolfram", "wl", "mathematica"] },
};

/** The canonical language name for a name or alias; unknown names pass through lower-cased. */
export function canonicalLanguage(language: string): string {
  const lower = language.toLowerCase();
  for (const [name, info] of Object.entries(LANGUAGES)) if (info.aliases.includes(lower)) return name;
  return lower;
}

export function commentStyle(language: string): CommentStyle {
  return LANGUAGES[canonicalLanguage(language)]?.comment ?? LINE_HASH;
}

export function fenceAliases(language: string): string[] {
  const name = canonicalLanguage(language);
  return LANGUAGES[name]?.aliases ?? [name];
}
