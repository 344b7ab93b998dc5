// One view at a time, chosen by the address's fragment (#signup, #confirm, #login, #ocr, #jobs, #job/ID),
// so the browser's back button and a reload keep the place; nothing about it lives on a server.
import * as session from "./session.js";

const views = ["signup", "confirm", "login", "ocr", "jobs", "job"];
const needsSignIn = new Set(["ocr", "jobs", "job"]);
const enterListeners = new Map();
const leaveListeners = new Map();
let current = null;
let pendingNotice = "";

// The listener gets the part of the fragment after the view's name (a job's id for #job/ID).
export function onEnter(view, listener) {
  enterListeners.set(view, listener);
}

// Called before the view is left or entered again, so it can stop what it has running (a job's event stream).
export function onLeave(view, listener) {
  leaveListeners.set(view, listener);
}

// Goes to a view ("job/ID" for a job's page), with a notice shown at the top of it (a success or the reason for the move).
export function go(view, notice = "") {
  pendingNotice = notice;
  if (location.hash === `#${view}`) render();
  else location.hash = view;
}

export function render() {
  const [name, ...rest] = location.hash.slice(1).split("/");
  let view = name;
  const parameter = decodeURIComponent(rest.join("/"));
  if (!views.includes(view) || (view === "job" && parameter === "")) view = session.isSignedIn() ? "ocr" : "signup";
  if (needsSignIn.has(view) && !session.isSignedIn()) {
    pendingNotice ||= "Log in to read images and documents.";
    view = "login";
    history.replaceState(null, "", "#login");
  }

  if (current) leaveListeners.get(current)?.();
  current = view;
  for (const other of views) document.getElementById(`view-${other}`).hidden = other !== view;
  const notice = document.getElementById("notice");
  notice.textContent = pendingNotice;
  notice.hidden = pendingNotice === "";
  pendingNotice = "";

  enterListeners.get(view)?.(parameter);
  // Moves focus to the new view's heading, so keyboard and screen reader users start at its top.
  document.getElementById(`${view}-heading`).focus();
}
