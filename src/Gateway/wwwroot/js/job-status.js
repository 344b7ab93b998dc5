// How a job's status reads to a person, in the job list and on the job's page alike.

// The API's own words, capitalized, so the page and the API's answers say the same thing.
const statusNames = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const percent = (job) => Math.round((job.progress ?? 0) * 100);

export function describeStatus(job) {
  const name = statusNames[job.status] ?? job.status;
  const pages = `${job.pages_done} of ${job.pages_total} ${job.pages_total === 1 ? "page" : "pages"}`;
  return `${name}: ${pages} read (${percent(job)} %)`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export const formatTime = (iso) => dateFormat.format(new Date(iso));

// The API keeps no file name; the time of the upload tells a person's jobs apart.
export const jobTitle = (job) => `Job of ${formatTime(job.created)}`;
