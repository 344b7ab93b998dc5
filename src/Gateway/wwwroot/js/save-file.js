// Saves a Blob under a file name, through a short-lived blob URL: the result routes need the bearer
// token, so a plain link to them would be refused.
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; a minute is ample for the browser to begin it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
