// The list of the user's jobs, newest first, a page of them at a time, each linking to its job's page.
import * as api from "./api.js";
import { describeStatus, jobTitle, percent } from "./job-status.js";
import { Problem } from "./problem.js";
import * as views from "./views.js";

let nextBefore = null;
let loading = null;

export function setUpJobs() {
  views.onEnter("jobs", () => load(false));
  document.getElementById("jobs-more").addEventListener("click", () => load(true));
  document.getElementById("jobs-refresh").addEventListener("click", () => load(false));
}

async function load(more) {
  const list = document.getElementById("jobs-list");
  const error = document.getElementById("jobs-error");
  const moreButton = document.getElementById("jobs-more");
  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  error.hidden = true;
  list.setAttribute("aria-busy", "true");
  try {
    const page = await api.listJobs(more ? nextBefore : null);
    if (controller.signal.aborted) return;
    if (!more) list.replaceChildren();
    list.append(...page.jobs.map(item));
    nextBefore = page.next_before;
    moreButton.hidden = !nextBefore;
    document.getElementById("jobs-empty").hidden = list.children.length > 0;
    // Keeps the keyboard user's place: the first of the jobs just added.
    if (more) list.children[list.children.length - page.jobs.length]?.querySelector("a")?.focus();
  } catch (problem) {
    error.textContent = problem instanceof Problem ? problem.sentence() : "The jobs could not be shown.";
    error.hidden = false;
  } finally {
    list.removeAttribute("aria-busy");
  }
}

function item(job) {
  const entry = document.createElement("li");
  entry.className = `job-item ${job.status}`;
  entry.dataset.jobId = job.job_id;
  const link = document.createElement("a");
  link.href = `#job/${encodeURIComponent(job.job_id)}`;
  link.textContent = jobTitle(job);
  const status = document.createElement("span");
  status.className = "job-item-status";
  status.textContent = describeStatus(job);
  const bar = document.createElement("progress");
  bar.max = 100;
  bar.value = percent(job);
  bar.setAttribute("aria-label", `${jobTitle(job)}: ${describeStatus(job)}`);
  entry.append(link, status, bar);
  return entry;
}
