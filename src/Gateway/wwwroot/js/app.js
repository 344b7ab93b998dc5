// The web app's entry: wires the views to the API and handles the end of a session.
import * as api from "./api.js";
import { setUpConfirm } from "./confirm.js";
import { setUpJobPage } from "./job-page.js";
import { setUpJobs } from "./jobs.js";
import { setUpLogIn } from "./login.js";
import { setUpOcr } from "./ocr.js";
import * as session from "./session.js";
import { setUpSignUp } from "./signup.js";
import * as views from "./views.js";

const account = document.getElementById("account");
const accountName = document.getElementById("account-name");

async function showAccount() {
  if (!session.isSignedIn()) {
    account.hidden = true;
    return;
  }
  try {
    const profile = await api.me();
    accountName.textContent = `Signed in as ${profile.name}`;
    account.hidden = false;
  } catch {
    // A 401 already led to the log-in view; any other failure leaves the header as it is.
  }
}

api.onSessionEnded(() => {
  account.hidden = true;
  views.go("login", "Your session has ended. Log in again.");
});

document.getElementById("logout").addEventListener("click", () => {
  session.signOut();
  account.hidden = true;
  views.go("login", "You are logged out.");
});

setUpSignUp();
setUpConfirm();
setUpLogIn(showAccount);
setUpOcr();
setUpJobs();
setUpJobPage();
window.addEventListener("hashchange", views.render);
views.render();
showAccount();
