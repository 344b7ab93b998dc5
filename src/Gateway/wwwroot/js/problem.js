// An answer other than 2xx from the API, or no answer at all, with the sentence a person reads.

const fallbackSentences = {
  0: "The service cannot be reached. Check your connection and try again.",
  400: "The request was not accepted.",
  401: "You are not signed in.",
  403: "This is not allowed.",
  404: "That was not found.",
  409: "That conflicts with what already exists.",
  413: "The file is too large.",
  415: "This type of file is not supported.",
  422: "The file cannot be read.",
  429: "Too many requests at once.",
  500: "Something went wrong on the server.",
  502: "The service is not reachable right now.",
  503: "The service is unavailable right now.",
  504: "The service took too long to answer.",
};

export class Problem extends Error {
  constructor(status, body, retryAfterSeconds) {
    super(body?.detail || body?.title || `status ${status}`);
    this.status = status;
    this.detail = typeof body?.detail === "string" ? body.detail : "";
    // A validation problem's messages keyed by field name, as the API sends them.
    this.fieldErrors = body?.errors && typeof body.errors === "object" ? body.errors : {};
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static unreachable() {
    return new Problem(0, null, null);
  }

  hasFieldErrors() {
    return Object.keys(this.fieldErrors).length > 0;
  }

  // The problem body's own detail when it has one, since the API words it for people; a general sentence otherwise.
  sentence() {
    const text = this.detail || fallbackSentences[this.status] || `The service answered with status ${this.status}.`;
    if (this.retryAfterSeconds === null) return text;
    const seconds = this.retryAfterSeconds;
    return `${text} You can try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
  }
}

// Retry-After is whole seconds on this API; an HTTP date is read too, as proxies may send one.
export function retryAfterSeconds(header) {
  if (!header) return null;
  const seconds = Number.parseInt(header, 10);
  if (Number.isFinite(seconds) && String(seconds) === header.trim()) return Math.max(1, seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}
