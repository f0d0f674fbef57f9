// Embedders: the local hashed n-gram fallback and the endpoint's embeddings API.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cosineSimilarity, createEmbedder, LlmClient, LocalHashEmbedder, OpenAIEmbedder } from "../../lib/llm/index.js";
import { OpenAIMockServer } from "../../lib/llm/mock-server.js";
import { loopbackConfig } from "./helpers.js";

const PACKER = `
function constructPacking(n) {
  const centers = [];
  const rows = Math.ceil(Math.sqrt(n));
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / rows);
    const col = i % rows;
    centers.push([(col + 0.5) / rows, (row + 0.5) / rows]);
  }
  const radii = centers.map(([x, y]) => Math.min(x, y, 1 - x, 1 - y, 0.5 / rows));
  return { centers, radii };
}`;

const PACKER_TWEAKED = PACKER.replace("(col + 0.5) / rows", "(col + 0.45 + 0.1 * (row % 2)) / rows");

const PARSER = `
def parse_header(line: str) -> dict:
    key, _, value = line.partition(":")
    if not key:
        raise ValueError("empty header name")
    return {"name": key.strip().lower(), "value": value.strip()}

def parse_all(text):
    return [parse_header(l) for l in text.splitlines() if l]
`;

describe("LocalHashEmbedder", () => {
  const embedder = new LocalHashEmbedder();

  it("is named as the local fallback and costs nothing", async () => {
    expect(embedder.name).toBe("local-hashed-ngrams");
    expect((await embedder.embed([PACKER])).cost_usd).toBe(0);
  });

  it("is deterministic and L2-normalised", async () => {
    const a = await embedder.embed([PACKER, PARSER]);
    const b = await new LocalHashEmbedder().embed([PACKER, PARSER]);
    expect(a.vectors).toEqual(b.vectors);
    for (const v of a.vectors) {
      expect(v).toHaveLength(512);
      expect(Math.hypot(...v)).toBeCloseTo(1, 12);
    }
  });

  it("gives similar code a high cosine and unrelated code a low one", async () => {
    const [packer, tweaked, parser] = (await embedder.embed([PACKER, PACKER_TWEAKED, PARSER])).vectors as [number[], number[], number[]];
    const similar = cosineSimilarity(packer, tweaked);
    const unrelated = cosineSimilarity(packer, parser);
    expect(similar).toBeGreaterThan(0.85);
    expect(similar).toBeLessThan(0.999); // the change is visible
    expect(unrelated).toBeLessThan(0.3);
    expect(cosineSimilarity(packer, packer)).toBeCloseTo(1, 12);
  });

  it("whitespace and layout do not matter; an empty text gives a zero vector", async () => {
    const squashed = PACKER.replace(/\s+/g, " ");
    const [a, b, empty] = (await embedder.embed([PACKER, squashed, "   "])).vectors as [number[], number[], number[]];
    expect(cosineSimilarity(a, b)).toBeCloseTo(1, 12);
    expect(empty.every((v) => v === 0)).toBe(true);
  });

  it("rejects bad input", async () => {
    await expect(embedder.embed([1 as unknown as string])).rejects.toThrow(TypeError);
    expect(() => new LocalHashEmbedder(3)).toThrow(RangeError);
  });
});

describe("OpenAIEmbedder", () => {
  let server: OpenAIMockServer;
  beforeEach(async () => {
    server = await OpenAIMockServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it("sends the texts, returns vectors in input order, and prices the tokens", async () => {
    server.enqueueEmbeddings({
      // Answered out of order: the client must sort by index.
      raw: JSON.stringify({
        object: "list",
        data: [
          { object: "embedding", index: 1, embedding: [0, 1] },
          { object: "embedding", index: 0, embedding: [1, 0] },
        ],
        usage: { prompt_tokens: 1_000_000, total_tokens: 1_000_000 },
      }),
    });
    const client = new LlmClient(loopbackConfig(server.url));
    const embedder = createEmbedder("text-embedding-3-small", client);
    expect(embedder).toBeInstanceOf(OpenAIEmbedder);
    expect(embedder.name).toBe("text-embedding-3-small");
    const result = await embedder.embed(["first", "second"]);
    expect(result.vectors).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(result.cost_usd).toBeCloseTo(0.02, 12); // $0.02 per million tokens
    const sent = server.requestsTo("/v1/embeddings")[0]!;
    expect(sent.body).toMatchObject({ model: "text-embedding-3-small", input: ["first", "second"], encoding_format: "float" });
    expect(client.ledger.by_model()["text-embedding-3-small"]!.cost_usd).toBeCloseTo(0.02, 12);
  });

  it("retries a 500 and reports a reply without vectors as malformed", async () => {
    server.enqueueEmbeddings({ status: 500 }, {});
    const client = new LlmClient(loopbackConfig(server.url));
    const embedder = new OpenAIEmbedder(client, "text-embedding-3-small");
    expect((await embedder.embed(["x"])).vectors).toHaveLength(1);
    server.enqueueEmbeddings({ vectors: [] });
    await expect(embedder.embed(["x"])).rejects.toMatchObject({ kind: "malformed" });
  });

  it("'local' or no name gives the local fallback", () => {
    const config = loopbackConfig(server.url);
    expect(createEmbedder(undefined, config).name).toBe("local-hashed-ngrams");
    expect(createEmbedder("local", config).name).toBe("local-hashed-ngrams");
  });
});
