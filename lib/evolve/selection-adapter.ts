// Parent and inspirations for one proposal, from the database part's rules (selection.ts §6,
// inspirations.ts §7) over the program database; the beam-search lock lives in metadata_store.
import type { Random } from "../random.js";
import type { EvolveConfig } from "./config.js";
import type { ProgramDatabase } from "./database.js";
import { selectInspirations } from "./inspirations.js";
import type { Program } from "./program.js";
import { selectParent } from "./selection.js";

export function chooseParent(db: ProgramDatabase, config: EvolveConfig, island: number, rng: Random): Program {
  const beamId = db.getMeta<string>("beam_search_parent_id");
  const beamParent = typeof beamId === "string" ? db.getProgram(beamId) : undefined;
  const { parent, beam_parent_id } = selectParent(
    {
      parent_selection_strategy: config.parent_selection_strategy,
      parent_selection_lambda: config.parent_selection_lambda,
      exploitation_alpha: config.exploitation_alpha,
      exploitation_ratio: config.exploitation_ratio,
      num_beams: config.num_beams,
    },
    { island_programs: db.programs({ island }), archive_ids: new Set(db.archiveIds()), best: db.best(), beam_parent: beamParent },
    rng,
  );
  if (beam_parent_id !== undefined && beam_parent_id !== beamId) db.setMeta("beam_search_parent_id", beam_parent_id);
  return parent;
}

export function chooseInspirations(db: ProgramDatabase, config: EvolveConfig, parent: Program, rng: Random): { archive: Program[]; top_k: Program[] } {
  const chosen = selectInspirations(
    {
      num_archive_inspirations: config.num_archive_inspirations,
      num_top_k_inspirations: config.num_top_k_inspirations,
      elite_selection_ratio: config.elite_selection_ratio,
    },
    { parent, archive: db.archiveMembers(), best: db.best() },
    rng,
  );
  const ascending = (list: Program[]) => chosen.ordered.filter((p) => list.includes(p));
  return { archive: ascending(chosen.archive_inspirations), top_k: ascending(chosen.top_k_inspirations) };
}
