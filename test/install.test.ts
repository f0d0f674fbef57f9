// Failure modes of installing and loading: a missing toolchain and a missing or stale addon must
// give messages that say what to do.
import { spawnSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("native build and loading", () => {
  it("names cmake and the compiler when they are missing", () => {
    const bin = mkdtempSync(join(tmpdir(), "tansaku-path-"));
    symlinkSync(process.execPath, join(bin, "node"));
    const run = spawnSync(process.execPath, ["scripts/build-native.mjs"], {
      encoding: "utf8",
      env: { ...process.env, PATH: bin, CXX: "no-such-compiler" },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/missing:[\s\S]*cmake[\s\S]*C\+\+17 compiler/);
  });

  function loadWith(addon: string) {
    return spawnSync(
      process.execPath,
      ["--import", "tsx", "-e", 'import("./lib/native/index.ts").then((m) => m.loadNative()).catch((e) => { console.error(e.message); process.exit(3); })'],
      { encoding: "utf8", env: { ...process.env, TANSAKU_ADDON: addon } },
    );
  }

  it("explains a missing addon", () => {
    const run = loadWith(join(tmpdir(), "no-such-dir", "tansaku.node"));
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/not built[\s\S]*npm run build:native/);
  });

  it("explains an addon that cannot be loaded", () => {
    const bogus = join(mkdtempSync(join(tmpdir(), "tansaku-addon-")), "tansaku.node");
    writeFileSync(bogus, "not a shared object");
    const run = loadWith(bogus);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/cannot load the tansaku native addon[\s\S]*npm run build:native/);
  });
});
