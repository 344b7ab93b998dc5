// Confirming the e-mail address with the 6-digit code, and asking for a new one.
import * as api from "./api.js";
import { clearErrors, showProblem, whileBusy } from "./forms.js";
import * as views from "./views.js";

// The API's resend cooldown. The API answers 202 inside it too (and sends nothing), so the page keeps
// the button disabled rather than let a person believe a second code is coming.
const cooldownSeconds = 60;
const resendAtKey = "akkaocr.resendAt";
let ticking = null;

export function startResendCooldown() {
  sessionStorage.setItem(resendAtKey, String(Date.now() + cooldownSeconds * 1000));
  updateResendButton();
}

function updateResendButton() {
  const button = document.getElementById("resend");
  const left = Math.ceil((Number(sessionStorage.getItem(resendAtKey) ?? 0) - Date.now()) / 1000);
  if (left > 0) {
    button.disabled = true;
    button.textContent = `Send a new code (in ${left} s)`;
    ticking ??= setInterval(updateResendButton, 1000);
  } else {
    button.disabled = false;
    button.textContent = "Send a new code";
    clearInterval(ticking);
    ticking = null;
  }
}

export function setUpConfirm() {
  const form = document.getElementById("confirm-form");
  const status = document.getElementById("resend-status");
  views.onEnter("confirm", updateResendButton);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    status.textContent = "";
    const email = form.elements.email.value.trim();
    await whileBusy(form, async () => {
      try {
        const answer = await api.verifyCode(email, form.elements.otp.value.trim());
        form.reset();
        document.getElementById("login-email").value = email;
        views.go("login", answer.message);
      } catch (problem) {
        showProblem(form, problem);
        form.elements.otp.select();
      }
    });
  });

  document.getElementById("resend").addEventListener("click", async () => {
    clearErrors(form);
    status.textContent = "";
    const button = document.getElementById("resend");
    button.disabled = true;
    try {
      const answer = await api.requestCode(form.elements.email.value.trim());
      status.textContent = answer.message;
      startResendCooldown();
    } catch (problem) {
      showProblem(form, problem);
      updateResendButton();
    }
  });
}
