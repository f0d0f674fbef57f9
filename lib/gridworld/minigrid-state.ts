// An exact MiniGrid state (the reset fields of a conformance record: settings, x-major grid as hex
// digits, agent, carried object, task attributes, box contents), validated and written into one
// slot of a batch.
import { z } from "zod";
import { colourCode, objectCode } from "./codes.js";
import { envSpec, type KindName } from "./registry.js";
import type { GridBatchState } from "./state.js";

const triple = z.tuple([z.number().int().min(0).max(15), z.number().int().min(0).max(15), z.number().int().min(0).max(15)]);
const position = z.tuple([z.number().int().min(0), z.number().int().min(0)]);
const worldObject = z.object({ object: triple, pos: z.union([position, z.literal("carried")]) });

export const miniGridStateSchema = z.object({
  env_id: z.string(),
  width: z.number().int().min(1).max(32),
  height: z.number().int().min(1).max(32),
  max_steps: z.number().int().min(1),
  see_through_walls: z.boolean(),
  agent_view_size: z.number().int().min(3).max(15).default(7),
  mission: z.string().default(""),
  grid: z.string().regex(/^[0-9a-fA-F]*$/, "grid must be hex digits"),
  agent_pos: position,
  agent_dir: z.number().int().min(0).max(3),
  carrying: triple.nullable(),
  extras: z.record(z.string(), z.unknown()).default({}),
  boxes: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0), triple.nullable()])).default([]),
});
export type MiniGridState = z.infer<typeof miniGridStateSchema>;

/** Parses hex digits, one per value. */
export function decodeHex(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = Number.parseInt(text[i] as string, 16);
  return out;
}

function extra<T extends z.ZodType>(state: MiniGridState, name: string, schema: T): z.infer<T> {
  const parsed = schema.safeParse(state.extras[name]);
  if (!parsed.success) throw new RangeError(`${state.env_id}: extras.${name} is missing or malformed`);
  return parsed.data;
}

const nameSchema = z.string();

// The family's task slots from its extras (see native/core/gridworld_step.h).
function taskSlots(kind: KindName, state: MiniGridState, grid: Uint8Array): number[] {
  const pos = (name: string) => extra(state, name, position);
  const objectPos = (name: string) => {
    const o = extra(state, name, worldObject);
    if (o.pos === "carried") throw new RangeError(`${state.env_id}: extras.${name} must lie on the grid`);
    return o.pos;
  };
  const objectCodes = (name: string) => extra(state, name, worldObject).object.slice(0, 2);
  switch (kind) {
    case "fetch":
      return [objectCode(extra(state, "targetType", nameSchema)), colourCode(extra(state, "targetColor", nameSchema))];
    case "go-to-door":
    case "go-to-object":
      return pos("target_pos");
    case "put-near":
      return [
        objectCode(extra(state, "move_type", nameSchema)),
        colourCode(extra(state, "moveColor", nameSchema)),
        ...pos("target_pos"),
      ];
    case "red-blue-doors":
      return [...objectPos("red_door"), ...objectPos("blue_door")];
    case "memory":
      return [...pos("success_pos"), ...pos("failure_pos")];
    case "unlock":
      return objectPos("door");
    case "unlock-pickup":
    case "blocked-unlock-pickup":
    case "key-corridor":
    case "obstructed-maze":
      return objectCodes("obj");
    case "dynamic-obstacles": {
      // The balls' positions, in grid order (the moving obstacles are the only balls).
      const balls: number[] = [];
      for (let x = 0; x < state.width; x++) {
        for (let y = 0; y < state.height; y++) {
          if (grid[(x * state.height + y) * 3] === objectCode("ball")) balls.push(x, y);
        }
      }
      return [balls.length / 2, ...balls];
    }
    default:
      return [];
  }
}

/** Writes a validated MiniGrid state into slot `env` of a batch (its padded size must fit). */
export function loadMiniGridState(batch: GridBatchState, env: number, state: MiniGridState): void {
  const spec = envSpec(state.env_id);
  const { width, height } = state;
  if (width > batch.width || height > batch.height) {
    throw new RangeError(`${state.env_id}: a ${width}x${height} grid does not fit the batch's ${batch.width}x${batch.height}`);
  }
  if (state.grid.length !== width * height * 3) {
    throw new RangeError(`${state.env_id}: grid must hold ${width * height * 3} hex digits, got ${state.grid.length}`);
  }
  const [ax, ay] = state.agent_pos;
  if (ax >= width || ay >= height) throw new RangeError(`${state.env_id}: agent_pos (${ax}, ${ay}) is outside the grid`);
  const values = decodeHex(state.grid);
  for (let x = 0; x < batch.width; x++) {
    for (let y = 0; y < batch.height; y++) {
      const target = batch.cellIndex(env, x, y);
      const inside = x < width && y < height;
      for (let c = 0; c < 3; c++) batch.grid[target + c] = inside ? (values[(x * height + y) * 3 + c] as number) : 0;
      batch.contents[(target / 3) * 2] = 0;
      batch.contents[(target / 3) * 2 + 1] = 0;
    }
  }
  for (const [x, y, contents] of state.boxes) {
    if (x >= width || y >= height) throw new RangeError(`${state.env_id}: box (${x}, ${y}) is outside the grid`);
    const at = (batch.cellIndex(env, x, y) / 3) * 2;
    batch.contents[at] = contents ? contents[0] : 0;
    batch.contents[at + 1] = contents ? contents[1] : 0;
  }
  batch.info.fill(0, env * batch.layout.infoFields, (env + 1) * batch.layout.infoFields);
  const kind = batch.layout.kindCode.get(spec.kind);
  if (kind === undefined) throw new RangeError(`${state.env_id}: the addon does not know kind "${spec.kind}"`);
  batch.set(env, "kind", kind);
  batch.set(env, "width", width);
  batch.set(env, "height", height);
  batch.set(env, "agentX", ax);
  batch.set(env, "agentY", ay);
  batch.set(env, "agentDir", state.agent_dir);
  if (state.carrying) {
    batch.set(env, "carryType", state.carrying[0]);
    batch.set(env, "carryColour", state.carrying[1]);
    batch.set(env, "carryState", state.carrying[2]);
  }
  batch.set(env, "maxSteps", state.max_steps);
  batch.set(env, "seeThrough", state.see_through_walls ? 1 : 0);
  spec.params.forEach((value, i) => batch.set(env, "param0", value, i));
  taskSlots(spec.kind, state, values).forEach((value, i) => batch.set(env, "task0", value, i));
}
