// Shows a Problem in a form: field messages under their inputs, everything else in the form's alert.
import { Problem } from "./problem.js";

const fieldLabels = {
  name: "Name",
  email: "E-mail address",
  username: "E-mail address",
  password: "Password",
  otp: "The code",
  file: "The file",
  lang: "Language",
  psm: "Layout",
  rotate: "Turn pages upright",
  deskew: "Straighten skewed pages",
  skip_text: "Keep the text a page already has",
};

export function clearErrors(form) {
  for (const error of form.querySelectorAll(".field-error")) {
    error.hidden = true;
    error.textContent = "";
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const alert = form.querySelector(".form-error");
  alert.hidden = true;
  alert.textContent = "";
}

export function showFieldError(form, field, message) {
  const error = form.querySelector(`.field-error[data-field="${field}"]`);
  if (!error) return false;
  error.textContent = message;
  error.hidden = false;
  document.getElementById(error.id.replace(/-error$/, ""))?.setAttribute("aria-invalid", "true");
  return true;
}

export function showFormError(form, message) {
  const alert = form.querySelector(".form-error");
  alert.textContent = message;
  alert.hidden = false;
}

export function showProblem(form, problem) {
  if (!(problem instanceof Problem)) {
    showFormError(form, "Something went wrong in this page. Reload it and try again.");
    return;
  }
  if (!problem.hasFieldErrors()) {
    showFormError(form, problem.sentence());
    return;
  }
  const unplaced = [];
  let first = null;
  for (const [field, messages] of Object.entries(problem.fieldErrors)) {
    const message = `${fieldLabels[field] ?? field} ${[].concat(messages).join("; ")}.`;
    if (showFieldError(form, field, message)) first ??= field;
    else unplaced.push(message);
  }
  if (unplaced.length > 0) showFormError(form, unplaced.join(" "));
  if (first) form.querySelector(`[aria-invalid="true"]`)?.focus();
}

// Disables the form's submit button while a request is out, so a double click sends it once.
export async function whileBusy(form, work) {
  const submit = form.querySelector('button[type="submit"]');
  submit.disabled = true;
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    submit.disabled = false;
    form.removeAttribute("aria-busy");
  }
}
