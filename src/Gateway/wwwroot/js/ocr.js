// Uploading: an image goes to POST /ocr?words=true and its result is shown here (the image with its word
// boxes, the text to copy or download); a document (a PDF, a TIFF of several pages, or any file sent as a
// job) goes to POST /ocr/jobs and the app moves to the job's page.
import * as api from "./api.js";
import { copyText } from "./clipboard.js";
import { isDocument } from "./document-kind.js";
import { clearErrors, showFieldError, showProblem, whileBusy } from "./forms.js";
import * as views from "./views.js";
import { describeWord, drawWordBoxes } from "./word-boxes.js";

let imageUrl = null;
let textUrl = null;

export function setUpOcr() {
  const form = document.getElementById("ocr-form");
  const fileInput = document.getElementById("ocr-file");
  setUpDropZone(document.getElementById("drop-zone"), fileInput);
  views.onEnter("ocr", () => showLanguages(form.elements.lang));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const file = fileInput.files[0];
    if (!file) {
      showFieldError(form, "file", "Choose an image or a document first.");
      fileInput.focus();
      return;
    }
    const progress = document.getElementById("ocr-progress");
    document.getElementById("ocr-result").hidden = true;
    await whileBusy(form, async () => {
      try {
        const options = { lang: form.elements.lang.value.trim(), psm: form.elements.psm.value };
        if (form.elements.job.checked || (await isDocument(file))) {
          progress.textContent = "Uploading the document…";
          const accepted = await api.submitJob(file, {
            ...options,
            rotate: form.elements.rotate.checked,
            deskew: form.elements.deskew.checked,
            skipText: form.elements.skip_text.checked,
          });
          progress.textContent = "";
          fileInput.value = "";
          views.go(`job/${accepted.job_id}`, "The document is uploaded; its pages are being read.");
          return;
        }
        progress.textContent = "Reading the text… this can take a few seconds.";
        const result = await api.recognize(file, options);
        progress.textContent = "";
        await showResult(file, result);
      } catch (problem) {
        progress.textContent = "";
        showProblem(form, problem);
      }
    });
  });

  document.getElementById("copy-text").addEventListener("click", () =>
    copyText(document.getElementById("result-text"), document.getElementById("copy-status")));
}

// The languages the cluster reads now, offered as suggestions and named in the hint; asked once per page load.
let languagesShown = false;
async function showLanguages(input) {
  if (languagesShown) return;
  try {
    const answer = await api.languages();
    const list = document.getElementById("ocr-languages");
    list.replaceChildren(...answer.languages.map((language) => new Option(language, language)), new Option("auto", "auto"));
    document.getElementById("ocr-lang-hint").textContent =
      `(installed: ${answer.languages.join(", ")}; join several with +, or auto to choose by each page's script)`;
    if (input.value === input.defaultValue && answer.default) input.value = answer.default;
    languagesShown = true;
  } catch {
    // The field still takes a language by name, and the API names one it does not have.
  }
}

function setUpDropZone(zone, fileInput) {
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer.files.length > 0) fileInput.files = event.dataTransfer.files;
  });
}

async function showResult(file, result) {
  const words = result.words ?? [];
  const text = result.ocr_text ?? "";
  const area = document.getElementById("result-text");
  area.value = text;
  document.getElementById("result-summary").textContent =
    `(${words.length} ${words.length === 1 ? "word" : "words"}, mean confidence ${Math.round(result.mean_confidence ?? 0)} %)`;

  if (textUrl) URL.revokeObjectURL(textUrl);
  textUrl = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const download = document.getElementById("download-text");
  download.href = textUrl;
  download.download = `${file.name.replace(/\.[^.]+$/, "") || "text"}.txt`;

  const detail = document.getElementById("word-detail");
  detail.textContent = "";
  document.getElementById("copy-status").textContent = "";
  await showImage(file, words, (word) => (detail.textContent = describeWord(word)));
  document.getElementById("ocr-result").hidden = false;
}

// The boxes cover the first page only: a browser shows one page of a multi-page TIFF at most.
async function showImage(file, words, onShow) {
  const image = document.getElementById("result-image");
  const boxes = document.getElementById("result-boxes");
  const frame = image.parentElement;
  if (imageUrl) URL.revokeObjectURL(imageUrl);
  imageUrl = URL.createObjectURL(file);
  image.src = imageUrl;
  try {
    await image.decode();
    drawWordBoxes(boxes, image.naturalWidth, image.naturalHeight, words.filter((word) => (word.page ?? 1) === 1), onShow);
    frame.hidden = false;
  } catch {
    // A format this browser cannot display (TIFF in most): the text is still there.
    boxes.replaceChildren();
    frame.hidden = true;
    document.getElementById("word-detail").textContent = "This browser cannot display this image; its text is beside.";
  }
}
