// Mission strings of generated episodes, formatted at the API edge from the kind (spec §5.4).
import { gridLayout } from "./native-layout.js";
import type { GridBatchState } from "./state.js";

const FIXED: Record<string, string> = {
  empty: "get to the green goal square",
  "door-key": "use the key to open the door and then get to the goal",
  "four-rooms": "reach the goal",
  "lava-gap": "avoid the lava and get to the green goal square",
  "dist-shift": "get to the green goal square",
  "dynamic-obstacles": "get to the green goal square",
};

export function missionOf(state: GridBatchState, env: number): string {
  const code = state.get(env, "kind");
  const kind = [...gridLayout().kindCode].find(([, c]) => c === code)?.[0] ?? "";
  if (kind === "crossing") {
    return state.get(env, "param1") !== 0
      ? "avoid the lava and get to the green goal square"
      : "find the opening and get to the green goal square";
  }
  return FIXED[kind] ?? "";
}
