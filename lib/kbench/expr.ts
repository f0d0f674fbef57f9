// Shape, launch and cost expressions of task manifests: integers, names bound by a configuration,
// + - * / % and parentheses, and ceil_div/min/max. "/" divides integers with truncation (the
// shape arithmetic CUDA launch code does); with a non-integer operand it is real division, which
// only scalar arguments such as "f32:1/B" ever use.

type Token = { kind: "num"; value: number } | { kind: "name"; value: string } | { kind: "op"; value: string };

const FUNCTIONS: Record<string, (a: number, b: number) => number> = {
  ceil_div: (a, b) => {
    if (b === 0) throw new RangeError("ceil_div by zero");
    return Math.ceil(a / b);
  },
  min: Math.min,
  max: Math.max,
};

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/%(),]))/y;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) throw new SyntaxError(`expression "${src}": unexpected character at ${pos}: "${src.slice(pos).trim()[0]}"`);
    if (m[1] !== undefined) tokens.push({ kind: "num", value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: "name", value: m[2] });
    else tokens.push({ kind: "op", value: m[3]! });
    pos = re.lastIndex;
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
    private readonly vars: Record<string, number>,
  ) {}

  parse(): number {
    if (this.tokens.length === 0) throw new SyntaxError(`expression "${this.src}" is empty`);
    const v = this.sum();
    if (this.i < this.tokens.length) throw new SyntaxError(`expression "${this.src}": unexpected "${this.tokens[this.i]!.value}"`);
    return v;
  }

  private peekOp(...ops: string[]): string | undefined {
    const t = this.tokens[this.i];
    return t?.kind === "op" && ops.includes(t.value) ? t.value : undefined;
  }

  private expect(op: string): void {
    if (!this.peekOp(op)) throw new SyntaxError(`expression "${this.src}": expected "${op}"`);
    this.i++;
  }

  private sum(): number {
    let v = this.product();
    for (let op; (op = this.peekOp("+", "-")); ) {
      this.i++;
      const r = this.product();
      v = op === "+" ? v + r : v - r;
    }
    return v;
  }

  private product(): number {
    let v = this.unary();
    for (let op; (op = this.peekOp("*", "/", "%")); ) {
      this.i++;
      const r = this.unary();
      if (op === "*") v *= r;
      else {
        if (r === 0) throw new RangeError(`expression "${this.src}": division by zero`);
        const ints = Number.isInteger(v) && Number.isInteger(r);
        v = op === "/" ? (ints ? Math.trunc(v / r) : v / r) : v % r;
      }
    }
    return v;
  }

  private unary(): number {
    if (this.peekOp("-")) {
      this.i++;
      return -this.unary();
    }
    if (this.peekOp("+")) {
      this.i++;
      return this.unary();
    }
    return this.atom();
  }

  private atom(): number {
    const t = this.tokens[this.i++];
    if (!t) throw new SyntaxError(`expression "${this.src}" ends too early`);
    if (t.kind === "num") return t.value;
    if (t.kind === "op") {
      if (t.value !== "(") throw new SyntaxError(`expression "${this.src}": unexpected "${t.value}"`);
      const v = this.sum();
      this.expect(")");
      return v;
    }
    const fn = FUNCTIONS[t.value];
    if (fn && this.peekOp("(")) {
      this.i++;
      const a = this.sum();
      this.expect(",");
      const b = this.sum();
      this.expect(")");
      return fn(a, b);
    }
    if (!Object.prototype.hasOwnProperty.call(this.vars, t.value)) {
      const known = Object.keys(this.vars).sort().join(", ");
      throw new RangeError(`expression "${this.src}": unknown name "${t.value}" (known: ${known || "none"})`);
    }
    const v = this.vars[t.value]!;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`expression "${this.src}": "${t.value}" is not a number`);
    return v;
  }
}

/** Evaluates a manifest expression against a configuration's variables. */
export function evalExpr(expr: string | number, vars: Record<string, number>): number {
  if (typeof expr === "number") {
    if (!Number.isFinite(expr)) throw new RangeError(`expression ${expr} is not finite`);
    return expr;
  }
  if (typeof expr !== "string") throw new TypeError(`expression must be a string or number, got ${typeof expr}`);
  return new Parser(expr, tokenize(expr), vars).parse();
}

/** Evaluates an expression that must give a non-negative safe integer (shapes, launch sizes). */
export function evalCount(expr: string | number, vars: Record<string, number>, what: string): number {
  const v = evalExpr(expr, vars);
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what}: "${expr}" gives ${v}, not a non-negative integer`);
  return v;
}
