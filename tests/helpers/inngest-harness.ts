import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";

/**
 * A small stand-in for the Inngest server (inngest 4.24), on 127.0.0.1. It speaks the serve protocol to the app's real
 * `serve()` handler (called in-process, as Next would) and answers the two endpoints the SDK calls back:
 * POST /fn/register (sync) and POST /e/:key (the event API, used by inngest.send and by step.sendEvent).
 * Not implemented, because the real server owns them: concurrency, backoff between retries, cancelOn, sleeps and waits
 * (those ops throw here), and checkpointing (runs are sent without ctx.fn_id, so the SDK answers every request in full).
 */
type ServeHandler = (request: NextRequest, context: unknown) => Promise<Response>;
export interface ServeRoute {
  POST: ServeHandler;
  PUT: ServeHandler;
}
export interface HarnessEvent {
  name: string;
  data: Record<string, unknown>;
  id?: string;
  ts?: number;
}
export interface Op {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  data?: unknown;
  error?: { name?: string; message?: string };
}
export interface FunctionConfig {
  id: string;
  triggers: { event?: string; expression?: string }[];
  steps: Record<string, { runtime: { url: string }; retries?: { attempts: number } }>;
  cancel?: { event: string; if?: string }[];
  priority?: { run?: string };
}
/** One request to serve(): what was sent and what came back. */
export interface Call {
  fnId: string;
  runId: string;
  attempt: number;
  status: number;
  noRetry: boolean;
  ops: Op[];
}
export interface RunResult {
  fnId: string;
  runId: string;
  outcome: "completed" | "failed";
  output?: unknown;
  error?: { name?: string; message?: string };
  failureRuns: RunResult[];
}

const MAX_CALLS_PER_RUN = 50;
const DEFAULT_RETRIES = 3; // the SDK's defaultMaxRetries

export async function startInngestHarness() {
  const sentEvents: HarnessEvent[] = [];
  const delivered = new Set<HarnessEvent>();
  const calls: Call[] = [];
  let functions: FunctionConfig[] = [];
  let eventApiDown = false;
  let runCount = 0;
  /** Lets a test act between two requests of a run, as time passes on a real server (e.g. an outage ends). */
  const hooks: { onCall?: (call: Call) => void } = {};

  const server = http.createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const reply = (status: number, value: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (request.url === "/fn/register") {
      functions = (JSON.parse(body) as { functions: FunctionConfig[] }).functions;
      return reply(200, {});
    }
    if (request.url?.startsWith("/e/")) {
      if (eventApiDown) return reply(500, { status: 500, error: "the event API is down (harness)" });
      const events = JSON.parse(body) as HarnessEvent[];
      sentEvents.push(...events);
      return reply(200, { status: 200, ids: events.map(() => `evt-${sentEvents.length}-${Math.random().toString(36).slice(2)}`) });
    }
    reply(404, { error: `the harness does not serve ${request.url}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let route: ServeRoute | undefined;

  /** PUT to the serve endpoint: serve() then registers its functions with us at /fn/register, as with a real server. */
  async function register(served: ServeRoute, serveUrl = "http://127.0.0.1:3000/api/inngest") {
    route = served;
    const response = await served.PUT(new NextRequest(serveUrl, { method: "PUT" }), undefined);
    if (response.status !== 200) throw new Error(`sync failed: ${response.status} ${await response.text()}`);
    return functions;
  }

  const fn = (id: string) => {
    const found = functions.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no function ${id} was registered`);
    return found;
  };

  /** One run, as the executor drives it: call, memoise each step's output, call again, until a 200 or a final error. */
  async function run(config: FunctionConfig, event: HarnessEvent): Promise<RunResult> {
    if (!route) throw new Error("register() first");
    const runId = `run-${++runCount}`;
    const maxAttempts = (config.steps.step.retries?.attempts ?? DEFAULT_RETRIES) + 1;
    const steps: Record<string, unknown> = {};
    const stack: string[] = [];
    const planned: string[] = [];
    let attempt = 0; // Inngest counts attempts per step: a step that completes resets it
    for (let n = 0; n < MAX_CALLS_PER_RUN; n++) {
      const target = new URL(config.steps.step.runtime.url);
      if (planned[0]) target.searchParams.set("stepId", planned[0]); // run exactly this planned step
      const body = { event, events: [event], steps, version: 2, ctx: { run_id: runId, attempt, max_attempts: maxAttempts, stack: { stack, current: stack.length - 1 } } };
      const response = await route.POST(new NextRequest(target, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), undefined);
      const text = await response.text();
      const payload = text ? JSON.parse(text) : null;
      const noRetry = response.headers.get("x-inngest-no-retry") === "true";
      const ops: Op[] = response.status === 206 ? payload : [];
      const call = { fnId: config.id, runId, attempt, status: response.status, noRetry, ops };
      calls.push(call);
      hooks.onCall?.(call);

      if (response.status === 200) return { fnId: config.id, runId, outcome: "completed", output: payload, failureRuns: [] };
      if (response.status === 206) {
        for (const op of ops) {
          if (op.op === "StepRun" || op.op === "StepFailed") {
            // A step's output (or its final error, which the function then sees thrown from step.run) is memoised.
            steps[op.id] = op.op === "StepRun" ? { type: "data", data: op.data ?? null } : { type: "error", error: op.error };
            stack.push(op.id);
            if (planned.includes(op.id)) planned.splice(planned.indexOf(op.id), 1);
            attempt = 0;
          } else if (op.op === "StepPlanned") {
            if (!planned.includes(op.id)) planned.push(op.id);
          } else if (op.op === "StepError") {
            attempt++; // retried at once: the real server waits with backoff first
            if (attempt >= maxAttempts) return fail(config, runId, event, op.error);
          } else {
            throw new Error(`the harness does not implement the ${op.op} op`);
          }
        }
        continue;
      }
      // 500: the function threw and may be retried; 400 (x-inngest-no-retry: true): NonRetriableError or out of attempts.
      if (!noRetry && attempt + 1 < maxAttempts) {
        attempt++;
        continue;
      }
      return fail(config, runId, event, payload);
    }
    throw new Error(`run ${runId} of ${config.id} did not finish within ${MAX_CALLS_PER_RUN} calls`);
  }

  /** The server sends inngest/function.failed; the function's onFailure handler is registered as "<id>-failure". */
  async function fail(config: FunctionConfig, runId: string, event: HarnessEvent, error: RunResult["error"]): Promise<RunResult> {
    const failed: HarnessEvent = { name: "inngest/function.failed", data: { function_id: config.id, run_id: runId, error, event } };
    const handlers = functions.filter((candidate) =>
      candidate.triggers.some((trigger) => trigger.event === failed.name && trigger.expression === `event.data.function_id == '${config.id}'`),
    );
    const failureRuns = [];
    for (const handler of handlers) failureRuns.push(await run(handler, failed));
    return { fnId: config.id, runId, outcome: "failed", error, failureRuns };
  }

  /** Starts one run per function the event triggers (plain event triggers; expressions are for internal events only). */
  async function deliver(event: HarnessEvent): Promise<RunResult[]> {
    delivered.add(event);
    const targets = functions.filter((candidate) => candidate.triggers.some((trigger) => trigger.event === event.name && !trigger.expression));
    return Promise.all(targets.map((target) => run(target, event)));
  }

  /** Delivers every sent event (that `where` picks) that is due (ts ≤ now), then those they sent in turn, until none is left. */
  async function deliverPending({ where = (_event: HarnessEvent): boolean => true, concurrency = 8 } = {}): Promise<RunResult[]> {
    const results: RunResult[] = [];
    for (;;) {
      const due = sentEvents.filter((event) => !delivered.has(event) && (event.ts ?? 0) <= Date.now() && where(event));
      if (due.length === 0) return results;
      due.forEach((event) => delivered.add(event));
      const workers = Array.from({ length: Math.min(concurrency, due.length) }, async () => {
        for (let event = due.shift(); event; event = due.shift()) results.push(...(await deliver(event)));
      });
      await Promise.all(workers);
    }
  }

  return {
    url,
    sentEvents,
    calls,
    hooks,
    register,
    fn,
    run: (id: string, event: HarnessEvent) => run(fn(id), event),
    deliver,
    deliverPending,
    /** While down, the event API answers 500, as a real one does in an outage: inngest.send throws after its retries. */
    setEventApiDown: (down: boolean) => void (eventApiDown = down),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type InngestHarness = Awaited<ReturnType<typeof startInngestHarness>>;
