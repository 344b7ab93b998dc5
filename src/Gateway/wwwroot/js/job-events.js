// Follows a job's server-sent events. EventSource cannot send a bearer token, so the stream is read with
// fetch and parsed here. A dropped stream is opened again; the server starts every stream with the job's
// current state, so nothing is missed. Only a bounded run of failed attempts in a row gives up.
import * as api from "./api.js";
import { Problem } from "./problem.js";

export const finalStatuses = new Set(["succeeded", "failed", "cancelled"]);

const maxFailuresInARow = 5;

// Calls onJob with each state of the job, and onRetry(problem, seconds) before each wait to open the stream
// again; resolves with the final state, or null when aborted. Rejects with a Problem when the job is gone
// (404), the session ended (401), or the stream could not be had again.
export async function followJob(jobId, onJob, signal, onRetry = () => {}) {
  let failures = 0;
  while (!signal.aborted) {
    let problem = null;
    try {
      const response = await api.jobEvents(jobId, signal);
      for await (const event of readEvents(response.body)) {
        const job = parse(event.data);
        if (!job) continue;
        failures = 0;
        onJob(job);
        if (finalStatuses.has(event.name) || finalStatuses.has(job.status)) return job;
      }
    } catch (error) {
      if (signal.aborted) return null;
      if (error instanceof Problem && !retryable(error)) throw error;
      problem = error instanceof Problem ? error : Problem.unreachable();
    }
    // The stream ended without a final event, or broke: try again, a little later each time.
    failures += 1;
    if (failures > maxFailuresInARow) throw problem ?? Problem.unreachable();
    const seconds = problem?.retryAfterSeconds ?? 2 ** (failures - 1);
    onRetry(problem ?? Problem.unreachable(), seconds);
    await wait(seconds * 1000, signal);
  }
  return null;
}

// 429, 5xx and no answer at all pass; anything else (401, 404) will not change by asking again.
const retryable = (problem) => problem.status === 0 || problem.status === 429 || problem.status >= 500;

function parse(data) {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

// The events of a text/event-stream body, as { name, data }, per the HTML standard's parsing rules
// (fields "event" and "data"; comments and other fields ignored; an event ends at a blank line).
export async function* readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let name = "";
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop();
      for (const line of lines) {
        if (line === "") {
          if (data.length > 0) yield { name: name || "message", data: data.join("\n") };
          name = "";
          data = [];
          continue;
        }
        const colon = line.indexOf(":");
        if (colon === 0) continue;
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") name = text;
        else if (field === "data") data.push(text);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function wait(milliseconds, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
