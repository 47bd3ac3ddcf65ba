import { rm } from "node:fs/promises";
import { BATCH_DEFAULTS } from "./batch-faults";
import { parseLine, linesOf } from "./batch-input";
import type { BatchJob, BatchState, LineResult } from "./batch-jobs";
import { answerLine, inlinedEntry, outputLine, type AnsweredLine, type LineInput } from "./batch-lines";
import type { EmulatorState } from "./emulator-state";

/** Resolves after `ms`, or at once when the job is stopped. Timers are unref'd: a waiting job never holds the process open. */
function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener("abort", done, { once: true });
  });
}

const settings = (state: EmulatorState) => ({ ...BATCH_DEFAULTS, ...state.options.batch });

function moveTo(job: BatchJob, next: BatchState, at = Date.now()) {
  job.state = next;
  job.updatedAt = at;
  if (next !== "PENDING" && next !== "RUNNING") job.endedAt = at;
}

/** The job's requests in input order: the file streamed line by line, or the inline list. */
async function* requestsOf(job: BatchJob): AsyncGenerator<LineInput | { problem: string }> {
  if (job.input.kind === "inline") {
    for (const entry of job.input.entries) yield { key: typeof entry.metadata?.key === "string" ? entry.metadata.key : undefined, metadata: entry.metadata, request: entry.request };
    return;
  }
  for await (const { line, number } of linesOf(job.input.path)) yield parseLine(line, number);
}

/** Starts a job's life: PENDING, RUNNING (its lines answered), then SUCCEEDED, or what its faults or a stop make of it. */
export function startJob(state: EmulatorState, job: BatchJob) {
  job.settled = runJob(state, job)
    .catch((error: Error) => {
      if (job.control.signal.aborted && job.stopReason !== "cancel") return;
      job.error = { code: 13, message: `An internal error has occurred: ${error.message}` };
      moveTo(job, "FAILED");
    })
    .finally(() => (job.input.kind === "file" ? rm(job.input.path, { force: true }) : undefined));
}

async function runJob(state: EmulatorState, job: BatchJob) {
  const { signal } = job.control;
  const expiresAt = job.createdAt + (job.faults.expireMs ?? settings(state).expireAfterMs);
  if (job.faults.expireMs !== undefined || job.faults.stuckPending) {
    await sleep(expiresAt - Date.now(), signal);
    if (signal.aborted) return stopWhilePending(job);
    return moveTo(job, "EXPIRED");
  }
  await sleep(job.faults.slowPendingMs ?? settings(state).pendingMs, signal);
  if (signal.aborted) return stopWhilePending(job);
  moveTo(job, "RUNNING");
  if (job.faults.fail) {
    await sleep(Math.min(settings(state).runningMs, 100), signal);
    if (signal.aborted) return stopWhilePending(job);
    job.error = { code: 13, message: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting" };
    return moveTo(job, "FAILED");
  }
  await answerAll(state, job, expiresAt);
}

function stopWhilePending(job: BatchJob) {
  if (job.stopReason === "cancel") moveTo(job, "CANCELLED");
}

/**
 * Answers every request, a few at once, writing results in input order as they come: the responses file is streamed
 * to disk, so a job of 100,000 lines runs in bounded memory. The counts move as lines are answered, spread over at
 * least `runningMs`. A cancel stops taking new requests; those already answered stay answered (and in the output).
 */
async function answerAll(state: EmulatorState, job: BatchJob, expiresAt: number) {
  const { signal } = job.control;
  const { runningMs, concurrency } = settings(state);
  const sink = job.input.kind === "file" ? state.files.createGenerated({ id: `batch-${job.id}`, project: job.project, mimeType: "application/jsonl" }) : null;
  const inlined: (object | null)[] = [];
  const startedAt = Date.now();
  const inFlight: Promise<AnsweredLine>[] = [];
  let index = 0;
  let written = 0;

  const write = async (result: AnsweredLine) => {
    if (signal.aborted && job.stopReason !== "cancel") return; // deleted, reset or closed: nothing more is kept
    if (sink) await sink.write(`${outputLine(result)}\n`);
    else inlined.push(inlinedEntry(result));
    written += 1;
    if (result.error) job.failed += 1;
    else job.succeeded += 1;
    job.updatedAt = Date.now();
    state.batches.answered(job, Boolean(result.error), result.usage);
    const due = startedAt + (runningMs * written) / Math.max(1, job.requestCount);
    if (due - Date.now() > 2) await sleep(due - Date.now(), signal);
  };

  for await (const request of requestsOf(job)) {
    if (signal.aborted || Date.now() >= expiresAt) break;
    const at = index++;
    inFlight.push("problem" in request ? Promise.resolve<LineResult>({ error: { code: 3, message: request.problem } }) : answerLine(state, job, request, at));
    if (inFlight.length >= concurrency) await write(await inFlight.shift()!);
    if (index % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (signal.aborted && job.stopReason !== "cancel") return sink?.discard();
  while (inFlight.length) await write(await inFlight.shift()!);

  if (!signal.aborted && Date.now() >= expiresAt) {
    await sink?.discard();
    return moveTo(job, "EXPIRED");
  }
  const cancelled = signal.aborted;
  // A job cancelled before it answered anything has no output at all.
  if (cancelled && written === 0) await sink?.discard();
  else if (sink) job.output = { responsesFile: `files/${(await sink.end()).id}` };
  else job.output = { inlined };
  moveTo(job, cancelled ? "CANCELLED" : "SUCCEEDED");
}
