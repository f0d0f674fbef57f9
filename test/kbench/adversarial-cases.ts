// The adversarial suite's table, read from the header of each test/kbench/adversarial/*.cu file:
//   // cheat: what the candidate does      // task: which kbench task it targets
//   // stage: static (decided without running) | gpu (needs the runner on a device)
//   // caught-by: check[ or check...] — why
// Used by the CPU test (static cases must be rejected by the named check) and the GPU run.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface AdversarialCase {
  file: string;
  path: string;
  cheat: string;
  task: string;
  stage: "static" | "gpu";
  /** Any of these checks may catch it (runner failure prefixes, flags, or static check names). */
  caughtBy: string[];
  why: string;
  source: string;
}

export const ADVERSARIAL_DIR = join(dirname(fileURLToPath(import.meta.url)), "adversarial");

function header(source: string, key: string, file: string): string {
  const m = new RegExp(`^// ${key}: (.+)$`, "m").exec(source);
  if (!m) throw new TypeError(`${file}: missing "// ${key}:" header line`);
  return m[1]!.trim();
}

export function adversarialCases(dir = ADVERSARIAL_DIR): AdversarialCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cu"))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      const source = readFileSync(path, "utf8");
      const stage = header(source, "stage", file);
      if (stage !== "static" && stage !== "gpu") throw new TypeError(`${file}: stage must be static or gpu`);
      const [checks, why = ""] = header(source, "caught-by", file).split(" — ");
      return { file, path, cheat: header(source, "cheat", file), task: header(source, "task", file), stage, caughtBy: checks!.split(" or ").map((s) => s.trim()), why: why.trim(), source };
    });
}
