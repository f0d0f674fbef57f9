// The files a patch leaves next to a candidate (evolve.md §11.3 step 7, §11.5 step 5), so a user
// can see what the model sent and what it did: the raw edit (search_replace.txt for a diff,
// rewrite.txt otherwise), the parent (original.<ext>), the child (main.<ext>) and edit.diff.
import { unifiedDiff } from "./diff.js";

export function editArtifacts(patchType: string, parentCode: string, replyText: string, childCode: string, extension: string): Record<string, string> {
  const ext = extension.replace(/^\./, "");
  return {
    [patchType === "diff" ? "search_replace.txt" : "rewrite.txt"]: replyText,
    [`original.${ext}`]: parentCode,
    [`main.${ext}`]: childCode,
    "edit.diff": unifiedDiff(parentCode.replace(/\r\n/g, "\n"), childCode.replace(/\r\n/g, "\n"), `original.${ext}`, `main.${ext}`),
  };
}
