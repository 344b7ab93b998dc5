// A job's page: live progress from the job's event stream and a cancel button while it runs; once it has
// succeeded, the pages as thumbnails and the selected page's image with its word boxes beside its text,
// downloads in every format, and delete. A failed job shows the API's sentence for why.
import * as api from "./api.js";
import { copyText } from "./clipboard.js";
import { finalStatuses, followJob } from "./job-events.js";
import { describeStatus, formatTime, percent } from "./job-status.js";
import { PageImages } from "./page-images.js";
import { PageThumbnails } from "./page-thumbnails.js";
import { Problem } from "./problem.js";
import { saveFile } from "./save-file.js";
import * as views from "./views.js";
import { describeWord, drawWordBoxes } from "./word-boxes.js";

const extensions = { pdf: "pdf", text: "txt", json: "json", hocr: "hocr.html", alto: "alto.xml" };

const element = (id) => document.getElementById(id);

let jobId = null;
let controller = null;
let pages = [];
let selectedPage = null;
let images = null;
let thumbnails = null;

export function setUpJobPage() {
  views.onEnter("job", enter);
  views.onLeave("job", leave);
  element("job-cancel").addEventListener("click", cancel);
  element("job-delete").addEventListener("click", () => askToDelete(true));
  element("job-delete-no").addEventListener("click", () => askToDelete(false));
  element("job-delete-yes").addEventListener("click", remove);
  element("job-copy").addEventListener("click", () => copyText(element("job-text"), element("job-copy-status")));
  for (const button of element("job-downloads").querySelectorAll("button[data-format]"))
    button.addEventListener("click", () => download(button));
}

function enter(id) {
  jobId = id;
  controller = new AbortController();
  pages = [];
  selectedPage = null;
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
  stopLoading();
  thumbnails?.destroy();
  thumbnails = null;
  images?.release();
  images = null;
  element("job-image").removeAttribute("src");
}

// Aborts the event stream and every result or image request of the job shown.
function stopLoading() {
  controller?.abort();
  controller = null;
}

async function follow(id, signal) {
  try {
    const final = await followJob(id, showJob, signal, showRetry);
    if (final?.status === "succeeded") await showResult(id, signal);
  } catch (problem) {
    if (!signal.aborted) showError(sentence(problem));
  }
}

// The stream broke or the job could not be reached: the page says so, and that it is trying again.
function showRetry(problem, seconds) {
  element("job-status").textContent =
    `${problem.status === 0 ? "The connection to the job was lost." : problem.detail || "The job cannot be reached right now."} Trying again in ${seconds} ${seconds === 1 ? "second" : "seconds"}…`;
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
  const result = await api.jobResult(id, signal);
  if (signal.aborted) return;
  pages = result.pages ?? [];
  element("job-result").hidden = false;
  images = new PageImages(id, signal, (page) => thumbnails?.unload(page));
  thumbnails = new PageThumbnails(element("job-thumbnails"), pages, images, showPage);
  if (pages.length > 0) {
    thumbnails.select(pages[0].page);
    await showPage(pages[0].page);
  }
}

async function showPage(number) {
  const page = pages.find((candidate) => candidate.page === number);
  if (!page || !images) return;
  selectedPage = number;
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
  // The last page's boxes must not lie over this page's image while it loads.
  boxes.replaceChildren();
  const signal = controller?.signal;
  try {
    const url = await images.load(page.page, { urgent: true });
    if (!url || signal?.aborted || selectedPage !== page.page) return;
    image.src = url;
    image.alt = `Page ${page.page} of the document`;
    await image.decode();
    if (selectedPage !== page.page) return;
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
    showJob(await api.cancelJob(jobId));
  } catch (problem) {
    if (problem instanceof Problem && problem.status === 412) {
      // It finished between the last event and the press; the cancel was refused rather than deleting it.
      // The event stream brings its final state and, when it succeeded, its result.
      const job = await api.job(jobId).catch(() => null);
      if (job) showJob(job);
      const why = job?.status === "failed" && job.error ? ` ${job.error}` : "";
      showError(`The job had already finished, so nothing was cancelled; it is shown as it ended.${why}`);
    } else {
      showError(sentence(problem));
    }
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
  // The page stops its own requests first: a result or page image still on the wire when the job goes
  // would come back 404 for a job the person just chose to delete.
  stopLoading();
  try {
    await api.deleteJob(jobId);
    views.go("jobs", "The job, its document and its results are deleted.");
  } catch (problem) {
    // Still there: show it again as it is, with the reason the delete failed.
    const id = jobId;
    leave();
    enter(id);
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

const sentence = (problem) => (problem instanceof Problem ? problem.sentence() : "Something went wrong in this page. Reload it and try again.");
