// MiniGrid's object, colour and door-state codes (spec §1), and their names.
export const OBJECT_NAMES = [
  "unseen",
  "empty",
  "wall",
  "floor",
  "door",
  "key",
  "ball",
  "box",
  "goal",
  "lava",
  "agent",
] as const;
export type ObjectName = (typeof OBJECT_NAMES)[number];

/** Colour names in code order (red 0 ... grey 5); MiniGrid draws random colours from the sorted list. */
export const COLOUR_NAMES = ["red", "green", "blue", "purple", "yellow", "grey"] as const;
export type ColourName = (typeof COLOUR_NAMES)[number];

export const ACTION_NAMES = ["left", "right", "forward", "pickup", "drop", "toggle", "done"] as const;

export function objectCode(name: string): number {
  const code = (OBJECT_NAMES as readonly string[]).indexOf(name);
  if (code < 0) throw new RangeError(`unknown object type "${name}"`);
  return code;
}

export function colourCode(name: string): number {
  const code = (COLOUR_NAMES as readonly string[]).indexOf(name);
  if (code < 0) throw new RangeError(`unknown colour "${name}"`);
  return code;
}
