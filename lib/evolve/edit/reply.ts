// The tagged reply protocol (evolve.md §10.2): <NAME>, <DESCRIPTION>, then <DIFF> or <CODE>.
// Missing NAME/DESCRIPTION are tolerated; without the body tag the whole reply is searched.

export interface ParsedReply {
  name: string;
  description: string;
  body: string;
}

function section(text: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "i").exec(text);
  if (match) return match[1]!;
  // An opened but never closed section runs to the end of the reply.
  const open = new RegExp(`<${tag}>([\\s\\S]*)$`, "i").exec(text);
  return open?.[1];
}

function snakeCase(name: string): string {
  const cleaned = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return cleaned.slice(0, 80) || "unnamed";
}

export function parseReply(text: string, bodyTag: "DIFF" | "CODE"): ParsedReply {
  const name = section(text, "NAME");
  return {
    name: name === undefined ? "unnamed" : snakeCase(name),
    description: section(text, "DESCRIPTION")?.trim() ?? "",
    body: section(text, bodyTag) ?? text,
  };
}
