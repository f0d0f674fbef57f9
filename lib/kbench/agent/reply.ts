// Structured extraction of a kernel proposal from an LLM reply: a kernel name, a design rationale
// ("thought") and the CUDA source (spec §10.2). The reply is untrusted text: anything that is not
// a usable kernel is a MalformedReply with a reason we can feed back to the model.

export interface KernelProposal {
  name: string;
  thought: string;
  code: string;
}

export type ParsedReply = { ok: true; proposal: KernelProposal } | { ok: false; error: string };

const CUDA_FENCE_TAGS = new Set(["cuda", "cu", "c++", "cpp", "cc", "c", ""]);
const MAX_CODE_CHARS = 200_000;

function tagged(text: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "i").exec(text);
  return match ? match[1]!.trim() : undefined;
}

/** Fenced blocks in order, with their info strings (lower case). */
function fencedBlocks(text: string): { tag: string; body: string }[] {
  const blocks: { tag: string; body: string }[] = [];
  const fence = /```([^\n`]*)\n([\s\S]*?)```/g;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    blocks.push({ tag: m[1]!.trim().toLowerCase(), body: m[2]! });
  }
  return blocks;
}

function snakeName(text: string | undefined): string {
  const name = (text ?? "").trim().replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 64);
  return name || "kernel";
}

/** The kernel in a reply: the first CUDA-tagged (or untagged) fenced block that defines a __global__ function. */
export function parseKernelReply(text: string): ParsedReply {
  if (typeof text !== "string" || text.trim() === "") return { ok: false, error: "the reply was empty" };
  const codeSection = tagged(text, "CODE") ?? text;
  const blocks = fencedBlocks(codeSection).filter((b) => CUDA_FENCE_TAGS.has(b.tag));
  if (blocks.length === 0) {
    return { ok: false, error: "the reply has no fenced ```cuda code block; put the complete .cu file in one ```cuda block inside <CODE>...</CODE>" };
  }
  const kernel = blocks.find((b) => /__global__/.test(b.body));
  if (!kernel) return { ok: false, error: "the code block defines no __global__ kernel" };
  if (kernel.body.length > MAX_CODE_CHARS) return { ok: false, error: `the code is longer than ${MAX_CODE_CHARS} characters` };
  return {
    ok: true,
    proposal: {
      name: snakeName(tagged(text, "NAME")),
      thought: (tagged(text, "THOUGHT") ?? tagged(text, "DESCRIPTION") ?? "").slice(0, 4000),
      code: kernel.body.replace(/\s+$/, "") + "\n",
    },
  };
}

/** The reply format every kernel prompt asks for (in our words). */
export function kernelReplyFormat(): string {
  return [
    "# How to answer",
    "Answer with three tagged sections, in this order:",
    "<NAME>a short snake_case name for your kernel design</NAME>",
    "<THOUGHT>the design in a few sentences: what limits the current kernel and what you change</THOUGHT>",
    "<CODE>",
    "```cuda",
    "the complete .cu file",
    "```",
    "</CODE>",
  ].join("\n");
}
