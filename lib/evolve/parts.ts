// The one place that picks which implementation of the edit protocol, prompts and offline
// operator the runner uses (the edit part's, once it is available).
import type { ChatMessage } from "../llm/types.js";
import type { Random } from "../random.js";
import type { PatchTools } from "./patch-tools.js";
import { simpleOfflineReply } from "./simple-offline.js";
import { simplePatchTools } from "./simple-patches.js";

export const defaultPatchTools: PatchTools = simplePatchTools;

export function offlineReply(messages: ChatMessage[], rng: Random): string {
  return simpleOfflineReply(messages, rng);
}
