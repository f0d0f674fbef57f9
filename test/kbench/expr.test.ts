import { describe, expect, it } from "vitest";
import { evalCount, evalExpr } from "../../lib/kbench/expr.js";

describe("kbench expressions", () => {
  it("evaluates integers, names, precedence and parentheses", () => {
    expect(evalExpr(42, {})).toBe(42);
    expect(evalExpr("2+3*4", {})).toBe(14);
    expect(evalExpr("(2+3)*4", {})).toBe(20);
    expect(evalExpr("B*D - 1", { B: 16, D: 8 })).toBe(127);
    expect(evalExpr("-B + 10", { B: 3 })).toBe(7);
    expect(evalExpr("10 % 4", {})).toBe(2);
  });

  it("divides integers with truncation (shape arithmetic) and reals exactly", () => {
    expect(evalExpr("7/2", {})).toBe(3);
    expect(evalExpr("(L+2*P-DIL*(K-1)-1)/S+1", { L: 128, P: 2, DIL: 3, K: 4, S: 2 })).toBe(62);
    expect(evalExpr("1.5/2", {})).toBe(0.75);
  });

  it("knows ceil_div, min and max", () => {
    expect(evalExpr("ceil_div(B*D,256)", { B: 7, D: 4095 })).toBe(112);
    expect(evalExpr("ceil_div(256,256)", {})).toBe(1);
    expect(evalExpr("min(N, 3) + max(N, 3)", { N: 5 })).toBe(8);
  });

  it("names unknown variables and lists the known ones", () => {
    expect(() => evalExpr("B*Q", { B: 2, D: 3 })).toThrow(/unknown name "Q".*known: B, D/);
  });

  it("rejects malformed expressions clearly", () => {
    expect(() => evalExpr("", {})).toThrow(/empty/);
    expect(() => evalExpr("2 +", {})).toThrow(/ends too early/);
    expect(() => evalExpr("(2+3", {})).toThrow(/expected "\)"/);
    expect(() => evalExpr("2 $ 3", {})).toThrow(/unexpected character/);
    expect(() => evalExpr("4/0", {})).toThrow(/division by zero/);
    expect(() => evalExpr("ceil_div(4)", {})).toThrow(/expected ","/);
    expect(() => evalExpr("2 3", {})).toThrow(/unexpected "3"/);
  });

  it("evalCount requires a non-negative integer", () => {
    expect(evalCount("B-1", { B: 1 }, "shape")).toBe(0);
    expect(() => evalCount("B-2", { B: 1 }, "x.shape[0]")).toThrow(/x.shape\[0\].*-1/);
    expect(() => evalCount("1.5", {}, "grid")).toThrow(/not a non-negative integer/);
  });
});
