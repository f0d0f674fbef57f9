// The flat layout of M2N2's MLP (spec m2n2_qd.md §3): W1 (inputs x hidden, input-major), b1, W2
// (hidden x outputs), b2. The digits model is 64-256-10, 19,210 parameters.
export interface MlpShape {
  inputs: number;
  hidden: number;
  outputs: number;
}

export const DIGITS_MLP: MlpShape = { inputs: 64, hidden: 256, outputs: 10 };

export function mlpParamCount(shape: MlpShape): number {
  return (shape.inputs + 1) * shape.hidden + (shape.hidden + 1) * shape.outputs;
}
