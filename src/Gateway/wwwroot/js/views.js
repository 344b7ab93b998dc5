// One view at a time, chosen by the address's fragment (#signup, #confirm, #login, #ocr), so the
// browser's back button and a reload keep the place; nothing about it lives on a server.
import * as session from "./session.js";

const views = ["signup", "confirm", "login", "ocr"];
const needsSignIn = new Set(["ocr"]);
const enterListeners = new Map();
let pendingNotice = "";

export function onEnter(view, listener) {
  enterListeners.set(view, listener);
}

// Goes to a view, with a notice shown at the top of it (a success or the reason for the move).
export function go(view, notice = "") {
  pendingNotice = notice;
  if (location.hash === `#${view}`) render();
  else location.hash = view;
}

export function render() {
  let view = location.hash.slice(1);
  if (!views.includes(view)) view = session.isSignedIn() ? "ocr" : "signup";
  if (needsSignIn.has(view) && !session.isSignedIn()) {
    pendingNotice ||= "Log in to read images.";
    view = "login";
    history.replaceState(null, "", "#login");
  }

  for (const name of views) document.getElementById(`view-${name}`).hidden = name !== view;
  const notice = document.getElementById("notice");
  notice.textContent = pendingNotice;
  notice.hidden = pendingNotice === "";
  pendingNotice = "";

  enterListeners.get(view)?.();
  // Moves focus to the new view's heading, so keyboard and screen reader users start at its top.
  document.getElementById(`${view}-heading`).focus();
}
