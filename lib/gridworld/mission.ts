// Mission strings of generated episodes, formatted at the API edge from the kind and its task slots
// (spec §5.4; the slots are described in native/core/gridworld_step.h and gridworld_generate_tasks.h).
import { COLOUR_NAMES, OBJECT_NAMES } from "./codes.js";
import { gridLayout } from "./native-layout.js";
import type { GridBatchState } from "./state.js";

const FIXED: Record<string, string> = {
  empty: "get to the green goal square",
  "door-key": "use the key to open the door and then get to the goal",
  "four-rooms": "reach the goal",
  "lava-gap": "avoid the lava and get to the green goal square",
  "dist-shift": "get to the green goal square",
  "dynamic-obstacles": "get to the green goal square",
  "red-blue-doors": "open the red door then the blue door",
  memory: "go to the matching object at the end of the hallway",
  unlock: "open the door",
  playground: "",
  "multi-room": "traverse the rooms to get to the goal",
};
const FETCH = ["get a", "go get a", "fetch a", "go fetch a", "you must fetch a"];

export function missionOf(state: GridBatchState, env: number): string {
  const code = state.get(env, "kind");
  const kind = [...gridLayout().kindCode].find(([, c]) => c === code)?.[0] ?? "";
  const slot = (i: number) => state.get(env, "task0", i);
  const colour = (i: number) => COLOUR_NAMES[slot(i)] ?? "?";
  const object = (i: number) => OBJECT_NAMES[slot(i)] ?? "?";
  switch (kind) {
    case "crossing":
      return state.get(env, "param1") !== 0
        ? "avoid the lava and get to the green goal square"
        : "find the opening and get to the green goal square";
    case "fetch":
      return `${FETCH[slot(2)] ?? FETCH[0]} ${colour(1)} ${object(0)}`;
    case "go-to-door":
      return `go to the ${colour(2)} door`;
    case "go-to-object":
      return `go to the ${colour(3)} ${object(2)}`;
    case "put-near":
      return `put the ${colour(1)} ${object(0)} near the ${colour(5)} ${object(4)}`;
    case "locked-room":
      return `get the ${colour(0)} key from the ${colour(1)} room, unlock the ${colour(0)} door and go to the goal`;
    case "key-corridor":
      // NAVIX's KeyCorridor (its layouts) ends on a goal square instead of the ball.
      if (OBJECT_NAMES[slot(0)] === "goal") return "get to the green goal square";
      return `pick up the ${colour(1)} ${object(0)}`;
    case "unlock-pickup":
    case "blocked-unlock-pickup":
    case "obstructed-maze":
      return `pick up the ${colour(1)} ${object(0)}`;
    default:
      return FIXED[kind] ?? "";
  }
}
