// Picks the embedder a config names: "local" (or nothing) -> the hashed n-gram fallback;
// anything else -> that model on the configured endpoint.
import { LlmClient } from "../client.js";
import type { LlmConfig } from "../config.js";
import type { Embedder } from "./embedder.js";
import { LocalHashEmbedder } from "./local-hash.js";
import { OpenAIEmbedder } from "./openai-embedder.js";

const LOCAL_NAMES = new Set(["local", "local-hashed-ngrams"]);

export function createEmbedder(name: string | undefined | null, config: LlmConfig | LlmClient): Embedder {
  if (name === undefined || name === null || LOCAL_NAMES.has(name.trim())) return new LocalHashEmbedder();
  const client = config instanceof LlmClient ? config : new LlmClient(config);
  return new OpenAIEmbedder(client, name.trim());
}
