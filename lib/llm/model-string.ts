// Model strings name where a model lives. Plain names go to the configured endpoint;
// `local/<model>@http(s)://host:port/v1?api_key_env=VAR` names a local OpenAI-compatible endpoint
// and the environment variable holding its key (spec §9.6).

export interface ModelLocation {
  /** The name sent to the server. */
  api_model: string;
  base_url?: string;
  api_key_env?: string;
}

export function parseModelString(name: string): ModelLocation {
  if (!name.startsWith("local/")) return { api_model: name };
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
  return { api_model: apiModel, base_url: url.toString().replace(/\/$/, ""), ...(keyEnv ? { api_key_env: keyEnv } : {}) };
}
