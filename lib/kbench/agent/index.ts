// The kernel agent: translation, evolution of kernels with the evolution engine, LLM soft verifiers.
export type {
  AgentCheck,
  AgentCompileResult,
  AgentKbenchResult,
  AgentLaunchPlan,
  AgentResources,
  AgentShapeResult,
  AgentTask,
  AgentTensor,
  CompileAndCheck,
  KernelEvaluator,
} from "./contract.js";
export { asEvolvable, kernelOf, launchLine, LAUNCH_PREFIX, referenceSeed, stripEvolveMarkers, withKernel } from "./candidate.js";
export { agentLlm, type AgentLlm } from "./llm.js";
export { feedbackText, kernelVerdict, overallSpeedup, writeVerdict, type KernelVerdict } from "./metrics.js";
export { anotherStrategyMessage, evolveSystemMessage, fixMessage, proposalMessage, taskBrief, translateMessages } from "./prompts.js";
export { kernelReplyFormat, parseKernelReply, type KernelProposal, type ParsedReply } from "./reply.js";
export { sequentialProposals, type SequentialProposals } from "./proposals.js";
export { compileProblem, translateTask, type TranslateOptions, type TranslateResult, type TranslateRound } from "./translate.js";
export { parseVerdict, runVerifiers, VERIFIERS, verifierSummary, type VerifierName, type VerifierOptions, type VerifierReport, type VerifierVerdict } from "./verifiers.js";
export { childProcessEvaluator, kernelEvaluation, parseHarnessResult, type KernelEvaluationOptions } from "./evaluator.js";
export { kbenchEvolveConfig, optimizeTask, type OptimizeOptions, type OptimizeStatus, type OptimizeSummary } from "./optimize.js";
export { agentTaskOf, harnessCompileAndCheck, harnessTask, type HarnessTask } from "./harness.js";
