// Uploading an image to POST /ocr?words=true and showing the result: the image with its word boxes,
// and the text to copy or download.
import * as api from "./api.js";
import { clearErrors, showFieldError, showProblem, whileBusy } from "./forms.js";
import { describeWord, drawWordBoxes } from "./word-boxes.js";

let imageUrl = null;
let textUrl = null;

export function setUpOcr() {
  const form = document.getElementById("ocr-form");
  const fileInput = document.getElementById("ocr-file");
  setUpDropZone(document.getElementById("drop-zone"), fileInput);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const file = fileInput.files[0];
    if (!file) {
      showFieldError(form, "file", "Choose an image first.");
      fileInput.focus();
      return;
    }
    const progress = document.getElementById("ocr-progress");
    document.getElementById("ocr-result").hidden = true;
    progress.textContent = "Reading the text… this can take a few seconds.";
    await whileBusy(form, async () => {
      try {
        const result = await api.recognize(file, { lang: form.elements.lang.value.trim(), psm: form.elements.psm.value });
        progress.textContent = "";
        await showResult(file, result);
      } catch (problem) {
        progress.textContent = "";
        showProblem(form, problem);
      }
    });
  });

  document.getElementById("copy-text").addEventListener("click", copyText);
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

async function copyText() {
  const area = document.getElementById("result-text");
  const status = document.getElementById("copy-status");
  try {
    await navigator.clipboard.writeText(area.value);
    status.textContent = "Text copied.";
  } catch {
    // The clipboard API needs a secure origin; selecting the text lets a person copy it themselves.
    area.select();
    status.textContent = "Press Ctrl+C (or ⌘+C) to copy the selected text.";
  }
}
