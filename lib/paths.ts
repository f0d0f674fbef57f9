// Locating files of the package itself, from sources (lib/) or the build (dist/lib/).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The directory holding tansaku's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, "package.json"))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`cannot find tansaku's package.json above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
  root = directory;
  return root;
}
