// The fields of a program that island sampling, selection, migration and the archive look at.
import type { Rankable } from "./order.js";

export interface Member extends Rankable {
  id: string;
  children_count: number;
  island_idx: number;
  generation: number;
}
