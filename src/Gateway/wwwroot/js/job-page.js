// A job's page: live progress from the job's event stream and a cancel button while it runs; once it has
// succeeded, each page's image with its word boxes beside the page's text, downloads in every format, and
// delete. A failed job shows the API's sentence for why.
import * as api from "./api.js";
import { copyText } from "./clipboard.js";
import { finalStatuses, followJob } from "./job-events.js";
import { describeStatus, formatTime, percent } from "./job-status.js";
import { Problem } from "./problem.js";
import { saveFile } from "./save-file.js";
import * as views from "./views.js";
import { describeWord, drawWordBoxes } from "./word-boxes.js";

const extensions = { pdf: "pdf", text: "txt", json: "json", hocr: "hocr.html", alto: "alto.xml" };

const element = (id) => document.getElementById(id);

let jobId = null;
let controller = null;
let pages = [];
let imageUrl = null;

export function setUpJobPage() {
  views.onEnter("job", enter);
  views.onLeave("job", leave);
  element("job-cancel").addEventListener("click", cancel);
  element("job-delete").addEventListener("click", () => askToDelete(true));
  element("job-delete-no").addEventListener("click", () => askToDelete(false));
  element("job-delete-yes").addEventListener("click", remove);
  element("job-page").addEventListener("change", (event) => showPage(Number(event.target.value)));
  element("job-copy").addEventListener("click", () => copyText(element("job-text"), element("job-copy-status")));
  for (const button of element("job-downloads").querySelectorAll("button[data-format]"))
    button.addEventListener("click", () => download(button));
}

function enter(id) {
  jobId = id;
  controller = new AbortController();
  pages = [];
  element("job-created").textContent = "";
  element("job-progress").value = 0;
  element("job-status").textContent = "Asking for the job's state…";
  showError("");
  element("job-cancel").hidden = true;
  element("job-delete").hidden = true;
  element("job-delete-confirm").hidden = true;
  element("job-result").hidden = true;
  follow(id, controller.signal);
}

function leave() {
  controller?.abort();
  controller = null;
  releaseImage();
}

async function follow(id, signal) {
  try {
    const final = await followJob(id, showJob, signal);
    if (final?.status === "succeeded") await showResult(id, signal);
  } catch (problem) {
    if (!signal.aborted) showError(sentence(problem));
  }
}

function showJob(job) {
  element("job-created").textContent = `Uploaded ${formatTime(job.created)}${job.finished ? `, finished ${formatTime(job.finished)}` : ""}.`;
  element("job-progress").value = percent(job);
  element("job-status").textContent = describeStatus(job);
  const final = finalStatuses.has(job.status);
  element("job-cancel").hidden = final;
  element("job-delete").hidden = !final;
  if (job.status === "failed") showError(job.error || "The job failed.");
}

async function showResult(id, signal) {
  const result = await api.jobResult(id);
  if (signal.aborted) return;
  pages = result.pages ?? [];
  element("job-page").replaceChildren(...pages.map((page) => new Option(`Page ${page.page} of ${pages.length}`, page.page)));
  element("job-result").hidden = false;
  if (pages.length > 0) await showPage(pages[0].page);
}

async function showPage(number) {
  const page = pages.find((candidate) => candidate.page === number);
  if (!page) return;
  const words = page.words ?? [];
  element("job-text").value = page.text ?? "";
  element("job-text-summary").textContent =
    `(page ${page.page}: ${words.length} ${words.length === 1 ? "word" : "words"}, mean confidence ${Math.round(page.confidence ?? 0)} %)`;
  element("job-copy-status").textContent = "";
  const detail = element("job-word-detail");
  detail.textContent = "";

  const image = element("job-image");
  const boxes = element("job-boxes");
  const frame = element("job-frame");
  const imageError = element("job-image-error");
  imageError.hidden = true;
  const signal = controller?.signal;
  try {
    const blob = await api.jobPageImage(jobId, page.page, signal);
    if (signal?.aborted || Number(element("job-page").value) !== page.page) return;
    releaseImage();
    imageUrl = URL.createObjectURL(blob);
    image.src = imageUrl;
    image.alt = `Page ${page.page} of the document`;
    await image.decode();
    // The boxes are in the pixels OCR read (page.width by page.height at page.resolution); the viewBox
    // in those pixels lays them over the smaller image shown, whatever its size on screen.
    drawWordBoxes(boxes, page.width, page.height, words, (word) => (detail.textContent = describeWord(word)));
    frame.hidden = false;
  } catch (problem) {
    if (signal?.aborted) return;
    boxes.replaceChildren();
    frame.hidden = true;
    imageError.textContent = `The page's image cannot be shown: ${sentence(problem)} Its text is beside.`;
    imageError.hidden = false;
  }
}

async function cancel() {
  const button = element("job-cancel");
  button.disabled = true;
  try {
    const answer = await api.cancelOrDeleteJob(jobId);
    // 204: the job had finished just before, and DELETE on a finished job deletes it.
    if (answer === null) views.go("jobs", "The job had already finished, and is deleted.");
    else showJob(answer);
  } catch (problem) {
    showError(sentence(problem));
  } finally {
    button.disabled = false;
  }
}

function askToDelete(asking) {
  element("job-delete-confirm").hidden = !asking;
  element(asking ? "job-delete-no" : "job-delete").focus();
}

async function remove() {
  const button = element("job-delete-yes");
  button.disabled = true;
  try {
    await api.cancelOrDeleteJob(jobId);
    views.go("jobs", "The job, its document and its results are deleted.");
  } catch (problem) {
    showError(sentence(problem));
  } finally {
    button.disabled = false;
  }
}

async function download(button) {
  const status = element("job-download-status");
  const format = button.dataset.format;
  button.disabled = true;
  status.textContent = `Preparing the ${button.textContent}…`;
  try {
    saveFile(await api.jobResultFile(jobId, format), `job-${jobId.slice(0, 8)}.${extensions[format] ?? format}`);
    status.textContent = `The ${button.textContent} is downloaded.`;
  } catch (problem) {
    status.textContent = sentence(problem);
  } finally {
    button.disabled = false;
  }
}

function showError(text) {
  const error = element("job-error");
  error.textContent = text;
  error.hidden = text === "";
}

function releaseImage() {
  if (imageUrl) URL.revokeObjectURL(imageUrl);
  imageUrl = null;
}

const sentence = (problem) => (problem instanceof Problem ? problem.sentence() : "Something went wrong in this page. Reload it and try again.");
