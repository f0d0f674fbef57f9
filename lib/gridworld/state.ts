// The state of a batch of gridworlds in flat typed arrays that the addon reads and writes in place:
// grid u8[B][W][H][3] and contents u8[B][W][H][2] (padded to the batch's largest W x H, x-major) and
// info i32[B][fields] (agent, carried object, counters, task slots, RNG; offsets from the addon).
import { type GridLayout, gridLayout, type InfoField } from "./native-layout.js";

export class GridBatchState {
  readonly layout: GridLayout;
  readonly grid: Uint8Array;
  readonly contents: Uint8Array;
  readonly info: Int32Array;

  constructor(
    readonly numEnvs: number,
    readonly width: number,
    readonly height: number,
  ) {
    this.layout = gridLayout();
    for (const [name, value] of [["width", width], ["height", height]] as const) {
      if (!Number.isInteger(value) || value < 1 || value > this.layout.maxSide) {
        throw new RangeError(`${name} must be an integer in [1, ${this.layout.maxSide}], got ${value}`);
      }
    }
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new RangeError(`numEnvs must be an integer >= 1, got ${numEnvs}`);
    const cells = numEnvs * width * height;
    this.grid = new Uint8Array(cells * 3);
    this.contents = new Uint8Array(cells * 2);
    this.info = new Int32Array(numEnvs * this.layout.infoFields);
  }

  get(env: number, field: InfoField, offset = 0): number {
    return this.info[env * this.layout.infoFields + this.layout.field[field] + offset] as number;
  }

  set(env: number, field: InfoField, value: number, offset = 0): void {
    this.info[env * this.layout.infoFields + this.layout.field[field] + offset] = value;
  }

  /** Index of cell (x, y)'s first byte in grid (times 2/3 in contents). */
  cellIndex(env: number, x: number, y: number): number {
    return (env * this.width * this.height + x * this.height + y) * 3;
  }

  /** (type, colour, state) of a cell. */
  cell(env: number, x: number, y: number): [number, number, number] {
    const i = this.cellIndex(env, x, y);
    return [this.grid[i] as number, this.grid[i + 1] as number, this.grid[i + 2] as number];
  }

  /** The leading arguments of every gridworld addon call. */
  args(): [number, number, number, Uint8Array, Uint8Array, Int32Array] {
    return [this.numEnvs, this.width, this.height, this.grid, this.contents, this.info];
  }
}
