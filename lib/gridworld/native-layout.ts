// The gridworld state layout as the addon reports it (field offsets, kinds), read once.
import type { GridworldNativeLayout } from "../native/binding.js";
import { loadNative } from "../native/index.js";

export type InfoField =
  | "kind"
  | "width"
  | "height"
  | "agentX"
  | "agentY"
  | "agentDir"
  | "carryType"
  | "carryColour"
  | "carryState"
  | "carryContentType"
  | "carryContentColour"
  | "stepCount"
  | "maxSteps"
  | "seeThrough"
  | "pendingReset"
  | "seedLow"
  | "seedHigh"
  | "episode"
  | "rngLow"
  | "rngHigh"
  | "generationRetries"
  | "param0"
  | "param1"
  | "param2"
  | "param3"
  | "deviations"
  | "pocketDropped"
  | "task0";

export interface GridLayout {
  infoFields: number;
  maxView: number;
  maxSide: number;
  field: Record<InfoField, number>;
  /** Kind name -> code. */
  kindCode: Map<string, number>;
  generatorKinds: Set<number>;
}

let cached: GridLayout | undefined;

export function gridLayout(): GridLayout {
  if (cached) return cached;
  const native: GridworldNativeLayout = loadNative().gridworldLayout();
  cached = {
    infoFields: native.infoFields,
    maxView: native.maxView,
    maxSide: native.maxSide,
    field: native.fields as Record<InfoField, number>,
    kindCode: new Map(native.kinds.map((name, code) => [name, code])),
    generatorKinds: new Set(native.generatorKinds),
  };
  return cached;
}
