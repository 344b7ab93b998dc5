// The public API of the same origin; every failure becomes a Problem with a human sentence.
import { Problem, retryAfterSeconds } from "./problem.js";
import * as session from "./session.js";

const sessionEndedListeners = [];

// Called when a request made with the token is refused with 401: the token expired or was tampered with.
export function onSessionEnded(listener) {
  sessionEndedListeners.push(listener);
}

async function send(method, path, { json, form, authenticated = false } = {}) {
  const headers = { Accept: "application/json" };
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
    response = await fetch(path, { method, headers, body, credentials: "omit", cache: "no-store" });
  } catch {
    throw Problem.unreachable();
  }

  const parsed = await readJson(response);
  if (response.ok) return parsed;

  const problem = new Problem(response.status, parsed, retryAfterSeconds(response.headers.get("Retry-After")));
  if (authenticated && response.status === 401) {
    session.signOut();
    for (const listener of sessionEndedListeners) listener(problem);
  }
  throw problem;
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

export function recognize(file, { lang, psm }) {
  const query = new URLSearchParams({ words: "true", psm });
  if (lang) query.set("lang", lang);
  const form = new FormData();
  form.append("file", file, file.name);
  return send("POST", `/ocr?${query}`, { form, authenticated: true });
}
