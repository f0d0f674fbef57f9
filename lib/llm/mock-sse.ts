// Server-sent events for the loopback mock servers: writes a list of events, optionally with a
// pause between them (a slow but steady stream) or stopping after some of them and holding the
// connection open without a byte more (a stalled stream), until the client hangs up.
import type { ServerResponse } from "node:http";

export interface SsePacing {
  /** Pause before each event after the first. */
  delay_ms?: number;
  /** Send this many events, then nothing more until the client closes the connection. */
  stall_after?: number;
}

export async function writeSse(res: ServerResponse, events: readonly string[], pacing: SsePacing, closed: () => boolean): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (let i = 0; i < events.length; i++) {
    if (closed()) return;
    if (pacing.stall_after !== undefined && i >= pacing.stall_after) {
      // Hold the connection: the client's stall timeout must end this, not us.
      await new Promise<void>((resolve) => res.once("close", () => resolve()));
      return;
    }
    if (i > 0 && pacing.delay_ms) await new Promise((resolve) => setTimeout(resolve, pacing.delay_ms));
    if (closed()) return;
    res.write(events[i]);
  }
  res.end();
}

/** One SSE event with JSON data (and an event name when given). */
export function sseEvent(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

/** Splits a text into `n` roughly equal pieces (at least one, the empty text gives none). */
export function splitText(text: string, n = 3): string[] {
  if (text === "") return [];
  const size = Math.max(1, Math.ceil(text.length / n));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}
