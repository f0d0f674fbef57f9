// Hand-made MiniGrid states for unit oracles: a walled W x H room with chosen cells.
export interface CellSpec {
  x: number;
  y: number;
  cell: [number, number, number];
}

export function roomState(options: {
  envId?: string;
  width?: number;
  height?: number;
  cells?: CellSpec[];
  agent: [number, number];
  dir: number;
  carrying?: [number, number, number] | null;
  seeThrough?: boolean;
  maxSteps?: number;
  extras?: Record<string, unknown>;
  boxes?: [number, number, [number, number, number] | null][];
}) {
  const width = options.width ?? 9;
  const height = options.height ?? 9;
  const values: number[] = [];
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const border = x === 0 || y === 0 || x === width - 1 || y === height - 1;
      const custom = options.cells?.find((c) => c.x === x && c.y === y);
      values.push(...(custom?.cell ?? (border ? [2, 5, 0] : [1, 0, 0])));
    }
  }
  return {
    env_id: options.envId ?? "MiniGrid-Empty-8x8-v0",
    width,
    height,
    max_steps: options.maxSteps ?? 100,
    see_through_walls: options.seeThrough ?? false,
    agent_view_size: 7,
    mission: "",
    grid: values.map((v) => v.toString(16)).join(""),
    agent_pos: options.agent,
    agent_dir: options.dir,
    carrying: options.carrying ?? null,
    extras: options.extras ?? {},
    boxes: options.boxes ?? [],
  };
}

/** The 7x7 view's (type, colour, state) at view cell (vx, vy) of environment b. */
export function viewCell(obs: Uint8Array, b: number, vx: number, vy: number): number[] {
  const i = b * 147 + (vx * 7 + vy) * 3;
  return [obs[i] as number, obs[i + 1] as number, obs[i + 2] as number];
}
