// The built-in evolution tasks, registered by name for loadTask.
import { registerTask } from "../evolve/task.js";
import { CIRCLE_PACKING_VARIANTS, circlePackingTask } from "./circle-packing/index.js";

export {
  CIRCLE_PACKING_VARIANTS,
  circlePackingDir,
  circlePackingTask,
  evaluateCirclePacking,
  judgePacking,
  type PackingVariant,
  type PackingVerdict,
  TOLERANCE,
  type ToleranceMode,
} from "./circle-packing/index.js";

for (const variant of CIRCLE_PACKING_VARIANTS) {
  registerTask(variant.name, async () => circlePackingTask(variant.name));
}
