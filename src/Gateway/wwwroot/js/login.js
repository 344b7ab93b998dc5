// Logging in; the token goes to this tab's sessionStorage only.
import * as api from "./api.js";
import { clearErrors, showProblem, whileBusy } from "./forms.js";
import * as session from "./session.js";
import * as views from "./views.js";

export function setUpLogIn(onSignedIn) {
  const form = document.getElementById("login-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const email = form.elements.username.value.trim();
    await whileBusy(form, async () => {
      try {
        const answer = await api.logIn(email, form.elements.password.value);
        session.signIn(answer.access_token);
        form.reset();
        await onSignedIn();
        views.go("ocr");
      } catch (problem) {
        if (problem.status === 403) {
          document.getElementById("confirm-email").value = email;
          views.go("confirm", problem.sentence());
          return;
        }
        showProblem(form, problem);
      }
    });
  });
}
