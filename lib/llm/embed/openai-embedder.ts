// Embeddings through the endpoint's /embeddings API, via LlmClient so they share its retries,
// timeouts, costs, budget and record/replay.
import type { LlmClient } from "../client.js";
import type { Embedder } from "./embedder.js";

/** Inputs per request; the OpenAI API accepts up to 2048. */
const BATCH = 256;

export class OpenAIEmbedder implements Embedder {
  readonly name: string;

  constructor(
    private readonly client: LlmClient,
    readonly model: string,
  ) {
    if (typeof model !== "string" || model.trim() === "") throw new TypeError("embedding model must be a non-empty string");
    this.name = model;
  }

  async embed(texts: string[]): Promise<{ vectors: number[][]; cost_usd: number }> {
    const vectors: number[][] = [];
    let cost = 0;
    for (let start = 0; start < texts.length; start += BATCH) {
      const result = await this.client.embed(this.model, texts.slice(start, start + BATCH));
      vectors.push(...result.vectors);
      cost += result.cost_usd;
    }
    return { vectors, cost_usd: cost };
  }
}
