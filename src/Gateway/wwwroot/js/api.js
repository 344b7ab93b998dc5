// The public API of the same origin; every failure becomes a Problem with a human sentence.
import { Problem, retryAfterSeconds } from "./problem.js";
import * as session from "./session.js";

const sessionEndedListeners = [];

// Called when a request made with the token is refused with 401: the token expired or was tampered with.
export function onSessionEnded(listener) {
  sessionEndedListeners.push(listener);
}

// The answer when it is 2xx, else a Problem. A request aborted through its signal rejects with the AbortError.
async function request(method, path, { json, form, authenticated = false, accept = "application/json", signal, ifMatch } = {}) {
  const headers = { Accept: accept };
  if (ifMatch) headers["If-Match"] = ifMatch;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form;
  }
  if (authenticated) {
    const token = session.token();
    if (token) headers.Authorization = `Bearer ${token}`;
  }

  let response;
  try {
    response = await fetch(path, { method, headers, body, signal, credentials: "omit", cache: "no-store" });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw Problem.unreachable();
  }
  if (response.ok) return response;

  const problem = new Problem(response.status, await readJson(response), retryAfterSeconds(response.headers.get("Retry-After")));
  if (authenticated && response.status === 401) {
    session.signOut();
    for (const listener of sessionEndedListeners) listener(problem);
  }
  throw problem;
}

async function send(method, path, options) {
  return readJson(await request(method, path, options));
}

async function readJson(response) {
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("json")) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

export const register = (name, email, password) => send("POST", "/auth/register", { json: { name, email, password } });

export const requestCode = (email) => send("POST", "/auth/generate_otp", { json: { email } });

export const verifyCode = (email, otp) => send("POST", "/auth/verify_otp", { json: { email, otp } });

export const logIn = (username, password) => send("POST", "/auth/login", { json: { username, password } });

export const me = () => send("GET", "/auth/me", { authenticated: true });

export const languages = () => send("GET", "/ocr/languages", { authenticated: true });

export function recognize(file, { lang, psm }) {
  const query = new URLSearchParams({ words: "true", psm });
  if (lang) query.set("lang", lang);
  return send("POST", `/ocr?${query}`, { form: upload(file), authenticated: true });
}

// A document job: the answer is 202 with the job's id; its pages are read in the background.
export function submitJob(file, { lang, psm, rotate, deskew, skipText }) {
  const query = new URLSearchParams({ psm, rotate, deskew, skip_text: skipText });
  if (lang) query.set("lang", lang);
  return send("POST", `/ocr/jobs?${query}`, { form: upload(file), authenticated: true });
}

export function listJobs(before) {
  const query = new URLSearchParams({ limit: "20" });
  if (before) query.set("before", before);
  return send("GET", `/ocr/jobs?${query}`, { authenticated: true });
}

const jobPath = (jobId) => `/ocr/jobs/${encodeURIComponent(jobId)}`;

export const jobResult = (jobId, signal) => send("GET", `${jobPath(jobId)}/result?format=json`, { authenticated: true, signal });

export const job = (jobId) => send("GET", jobPath(jobId), { authenticated: true });

// Cancels the job only while it is queued or running (its ETag "active"): 202 with the job as it is now, or a
// 412 Problem when it finished meanwhile, so a late press never deletes a finished job.
export const cancelJob = (jobId) => send("DELETE", jobPath(jobId), { authenticated: true, ifMatch: '"active"' });

// Deletes the finished job with its document and results (204, null here).
export const deleteJob = (jobId) => send("DELETE", jobPath(jobId), { authenticated: true, ifMatch: '"succeeded", "failed", "cancelled"' });

// The job's event stream as a Response to read; EventSource cannot send the bearer token.
export const jobEvents = (jobId, signal) =>
  request("GET", `${jobPath(jobId)}/events`, { authenticated: true, accept: "text/event-stream", signal });

// A result file or a page image as a Blob: these routes need the bearer token, so a plain link cannot fetch them.
export async function jobResultFile(jobId, format) {
  return (await request("GET", `${jobPath(jobId)}/result?format=${encodeURIComponent(format)}`, { authenticated: true, accept: "*/*" })).blob();
}

export async function jobPageImage(jobId, page, signal) {
  return (await request("GET", `${jobPath(jobId)}/pages/${page}/image`, { authenticated: true, accept: "image/png", signal })).blob();
}

function upload(file) {
  const form = new FormData();
  form.append("file", file, file.name);
  return form;
}
