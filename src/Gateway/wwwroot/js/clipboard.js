// Copies a text area's text, saying so in a status line.
export async function copyText(area, status) {
  try {
    await navigator.clipboard.writeText(area.value);
    status.textContent = "Text copied.";
  } catch {
    // The clipboard API needs a secure origin; selecting the text lets a person copy it themselves.
    area.select();
    status.textContent = "Press Ctrl+C (or ⌘+C) to copy the selected text.";
  }
}
