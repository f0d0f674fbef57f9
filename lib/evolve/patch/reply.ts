// The tagged reply protocol (evolve.md §10.2): <NAME>, <DESCRIPTION>, then <DIFF> or <CODE>.
// Missing name or description is tolerated; without the body tag the whole reply is searched.

export function section(reply: string, tag: string): string | undefined {
  const closed = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "i").exec(reply);
  if (closed) return closed[1]!.replace(/^\n/, "").replace(/\n$/, "");
  // An unclosed body tag (a reply cut short) still marks where the body starts.
  const open = new RegExp(`<${tag}>([\\s\\S]*)$`, "i").exec(reply);
  return open ? open[1]!.replace(/^\n/, "") : undefined;
}

export interface ReplyParts {
  name: string;
  description: string;
  body: string;
}

export function parseReply(reply: string, bodyTag: "DIFF" | "CODE"): ReplyParts {
  const rawName = new RegExp("<NAME>([\\s\\S]*?)</NAME>", "i").exec(reply)?.[1]?.trim() ?? "";
  const name = rawName.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 80) || "unnamed";
  const description = new RegExp("<DESCRIPTION>([\\s\\S]*?)</DESCRIPTION>", "i").exec(reply)?.[1]?.trim() ?? "";
  return { name, description, body: section(reply, bodyTag) ?? reply };
}
