// Sign-up: register, then ask for the first code at once and move on to confirming it.
import * as api from "./api.js";
import { startResendCooldown } from "./confirm.js";
import { clearErrors, showProblem, whileBusy } from "./forms.js";
import * as views from "./views.js";

export function setUpSignUp() {
  const form = document.getElementById("signup-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const name = form.elements.name.value;
    const email = form.elements.email.value.trim();
    await whileBusy(form, async () => {
      try {
        await api.register(name, email, form.elements.password.value);
      } catch (problem) {
        showProblem(form, problem);
        return;
      }
      form.reset();
      document.getElementById("confirm-email").value = email;
      let notice = "Your account is created.";
      try {
        notice = `${notice} ${(await api.requestCode(email)).message}`;
        startResendCooldown();
      } catch (problem) {
        notice = `${notice} The code could not be requested: ${problem.sentence?.() ?? ""} Use "Send a new code" below.`;
      }
      views.go("confirm", notice);
    });
  });
}
