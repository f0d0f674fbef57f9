// Model strings name where a model lives (spec §9.6):
// - `local/<model>@http(s)://host:port/v1?api_key_env=VAR`: a local OpenAI-compatible endpoint and
//   the environment variable holding its key;
// - `openrouter/<vendor>/<model>`: OpenRouter's OpenAI-compatible API (OPENROUTER_API_KEY,
//   OPENROUTER_BASE_URL to override the URL);
// - `anthropic/<model>` or a plain `claude-…`: Anthropic's Messages API;
// - `gemini/<model>` or a plain `gemini-…`: Google's Gemini API;
// - anything else: the configured OpenAI-compatible endpoint, the name sent as it is. When that
//   endpoint is OpenRouter itself, `anthropic/…` names are OpenRouter's IDs and go there.
// A config entry's `provider` key overrides the guess for plain names (e.g. a proxy serving
// "claude-…" models over the OpenAI API).
import type { ProviderName } from "./providers/provider.js";

export interface ModelLocation {
  provider: ProviderName;
  /** The name sent to the server. */
  api_model: string;
  base_url?: string;
  api_key_env?: string;
}

export const OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1";

export function parseModelString(
  name: string,
  env: Record<string, string | undefined> = process.env,
  endpoint: string | undefined = undefined,
): ModelLocation {
  if (name.startsWith("local/")) return parseLocal(name);
  const onOpenRouter = endpoint !== undefined && /(^|\.)openrouter\.ai$/.test(hostOf(endpoint));
  const slash = name.indexOf("/");
  const prefix = slash > 0 ? name.slice(0, slash) : "";
  const rest = name.slice(slash + 1);
  if (prefix && rest === "") throw new TypeError(`model "${name}": nothing after "${prefix}/"`);
  if (prefix === "openrouter") {
    const base = env.OPENROUTER_BASE_URL?.trim() || OPENROUTER_BASE_URL;
    return { provider: "openai", api_model: rest, base_url: base, api_key_env: "OPENROUTER_API_KEY" };
  }
  if (onOpenRouter) return { provider: "openai", api_model: name };
  if (prefix === "anthropic") return { provider: "anthropic", api_model: rest };
  if (prefix === "gemini") return { provider: "gemini", api_model: rest };
  if (!prefix && /^claude-/.test(name)) return { provider: "anthropic", api_model: name };
  if (!prefix && /^gemini-/.test(name)) return { provider: "gemini", api_model: name };
  return { provider: "openai", api_model: name };
}

function parseLocal(name: string): ModelLocation {
  const rest = name.slice("local/".length);
  const at = rest.indexOf("@");
  if (at <= 0) throw new TypeError(`model "${name}": expected local/<model>@http(s)://host:port/v1`);
  const apiModel = rest.slice(0, at);
  let url: URL;
  try {
    url = new URL(rest.slice(at + 1));
  } catch {
    throw new TypeError(`model "${name}": "${rest.slice(at + 1)}" is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`model "${name}": the endpoint must be http or https`);
  }
  const keyEnv = url.searchParams.get("api_key_env") ?? undefined;
  url.search = "";
  return { provider: "openai", api_model: apiModel, base_url: url.toString().replace(/\/$/, ""), ...(keyEnv ? { api_key_env: keyEnv } : {}) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}
