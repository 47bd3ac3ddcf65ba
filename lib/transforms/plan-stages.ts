import type { Operation } from "./operations-schema";

/**
 * sharp runs one pipeline's operations in its own fixed order (trim, extract, flatten, greyscale, resize, flip, rotate, …,
 * median, blur, convolve, modulate, sharpen, linear) and keeps only the last of each kind. The operations language promises
 * list order, so the list is cut into stages: a stage holds operations whose list order is sharp's order, and each stage
 * after the first starts from the previous one's raw pixels. The common lists (resize, flatten, format) stay one stage.
 */
export interface PlannedOperation {
  operation: Operation;
  /** Its place in the request's list, for error messages. */
  index: number;
}

export type Stage = PlannedOperation[];

const GEOMETRY = new Set<Operation["op"]>(["resize", "crop", "rotate", "flip", "flop", "trim"]);

// Where sharp applies each filter; a stage accepts a filter only after those it applies earlier (which also means once).
const FILTER_RANK: Partial<Record<Operation["op"], number>> = {
  flatten: 10,
  grayscale: 11,
  median: 30,
  blur: 31,
  emboss: 32,
  edge: 32,
  contour: 32,
  brightness: 33,
  saturation: 34,
  sharpen: 35,
  contrast: 36,
};
/** Below this, a filter is one sharp applies before the geometry (flatten, greyscale); from it on, after. */
const AFTER_GEOMETRY = 30;

const isArbitraryRotation = (operation: Operation) => operation.op === "rotate" && operation.angle % 90 !== 0;

/** flatten and greyscale listed after this geometry give the same image when sharp applies them before it. */
const colourOpsMayMoveBefore = (geometry: Operation) => !isArbitraryRotation(geometry) && !(geometry.op === "resize" && geometry.fit === "contain");
/** … and listed before it, when sharp applies them before it anyway; trim looks at the colours flatten and greyscale change. */
const colourOpsMayStayBefore = (geometry: Operation) => geometry.op !== "trim";

function fits(stage: Stage, operation: Operation): boolean {
  const geometry = stage.find((planned) => GEOMETRY.has(planned.operation.op))?.operation;
  const ranks = stage.map((planned) => FILTER_RANK[planned.operation.op]).filter((rank): rank is number => rank !== undefined);
  if (GEOMETRY.has(operation.op)) {
    // One exception sharp documents: a rotation then a resize in one pipeline rotates first (its rotateBefore).
    if (geometry) return stage.length === 1 && geometry.op === "rotate" && operation.op === "resize";
    if (ranks.some((rank) => rank >= AFTER_GEOMETRY)) return false;
    return ranks.length === 0 || colourOpsMayStayBefore(operation);
  }
  const rank = FILTER_RANK[operation.op];
  if (rank === undefined) return false;
  if (ranks.some((earlier) => earlier >= rank)) return false;
  if (rank < AFTER_GEOMETRY && geometry && !colourOpsMayMoveBefore(geometry)) return false;
  return true;
}

/** The pixel operations (everything but `format`) in stages, each stage one sharp pipeline. */
export function planStages(operations: PlannedOperation[]): Stage[] {
  const stages: Stage[] = [];
  for (const planned of operations) {
    const current = stages[stages.length - 1];
    if (current && fits(current, planned.operation)) current.push(planned);
    else stages.push([planned]);
  }
  return stages;
}
