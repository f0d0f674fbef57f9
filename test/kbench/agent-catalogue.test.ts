// The agent's view of a shipped task: what the prompts show (visible shapes only, the launch plan,
// the reference) and a reference seed whose launch line the catalogue's parser reads back.
import { describe, expect, it } from "vitest";
import { agentTaskOf, harnessTask, referenceSeed, translateMessages, verifierSummary } from "../../lib/kbench/agent/index.js";
import { expandConfigs } from "../../lib/kbench/configs.js";
import { parseCandidateLaunch } from "../../lib/kbench/launch-plan.js";
import { listTasks, loadTask } from "../../lib/kbench/catalogue.js";

describe("the agent's view of a catalogue task", () => {
  it("prompts show the visible shapes, never the hidden ones", () => {
    const task = harnessTask("softmax");
    expect(task.raw.name).toBe("softmax");
    expect(task.agent.shapes!.length).toBeGreaterThan(0);
    const prompt = translateMessages(task.agent).map((m) => m.content).join("\n");
    for (const shape of task.agent.shapes!) expect(prompt).toContain(shape);
    const hidden = expandConfigs(task.raw, { includeHidden: true }).filter((c) => c.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    for (const config of hidden) {
      const text = Object.entries(config.vars).map(([k, v]) => `${k}=${v}`).join(",");
      expect(prompt).not.toContain(text);
    }
    expect(prompt).toContain("softmax_ref");
    expect(prompt).toContain('"kernel":"softmax"');
  });

  it("every task's reference seed declares the reference's launch plan, and no prompt shows a hidden shape", () => {
    const names = listTasks().map((t) => t.name);
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) {
      const task = loadTask(name);
      const agent = harnessTask(name).agent;
      const plan = parseCandidateLaunch(referenceSeed(agentTaskOf(task)));
      expect(plan, name).toEqual({ ...task.reference.launch, kernel: task.reference.launch.kernel ?? task.reference.kernel, shared: task.reference.launch.shared ?? "0" });
      const visible = new Set(agent.shapes);
      const prompt = translateMessages(agent).map((m) => m.content).join("\n");
      for (const config of expandConfigs(task, { includeHidden: true }).filter((c) => c.hidden)) {
        const text = Object.entries(config.vars).map(([k, v]) => `${k}=${v}`).join(",");
        if (!visible.has(text)) expect(prompt, `${name} shows hidden ${text}`).not.toContain(`- ${text}\n`);
      }
    }
  });

  it("summarises verifier reports in one line", () => {
    expect(
      verifierSummary({
        verdicts: [
          { name: "compile", passed: true, first: true, reasoning: "", cost_usd: 0 },
          { name: "memory", passed: null, first: null, reasoning: "", cost_usd: 0, error: "no verdict line in the reply" },
        ],
        score: 1,
        pass: true,
        cost_usd: 0,
      }),
    ).toBe("LLM verifiers: compile pass, memory no verdict (no verdict line in the reply); mean 1.00");
  });
});
