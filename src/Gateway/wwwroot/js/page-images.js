// The images of a finished job's pages, fetched with the bearer token (an <img> cannot send it) and shown
// through blob URLs. The gateway draws each image in a child process, so at most a few requests run at once
// whatever a 500-page job's thumbnails ask for; a request no longer wanted (its thumbnail scrolled away)
// leaves the queue before it is sent, and a 429 holds the queue for its Retry-After. A bounded number of
// images is kept; the oldest are released, and everything is released when the job's page is left.
import * as api from "./api.js";
import { Problem } from "./problem.js";

const maxConcurrent = 3;
const maxKept = 80;
const defaultPauseSeconds = 5;

export class PageImages {
  #jobId;
  #signal;
  #onReleased;
  #queue = [];
  #running = 0;
  #pausedUntil = 0;
  #resumeTimer = null;
  #kept = new Map();
  #wanted = new Map();
  #released = false;

  // onReleased(page) is told when a kept image's blob URL is revoked to make room.
  constructor(jobId, signal, onReleased = () => {}) {
    this.#jobId = jobId;
    this.#signal = signal;
    this.#onReleased = onReleased;
  }

  // Resolves with the page's blob URL, or null when the request was dropped; rejects with a Problem.
  // An urgent request (the page a person picked) goes before the thumbnails waiting.
  load(page, { urgent = false } = {}) {
    const kept = this.#kept.get(page);
    if (kept) {
      // Most recently used last: the first entries are the ones to release.
      this.#kept.delete(page);
      this.#kept.set(page, kept);
      return Promise.resolve(kept);
    }
    let request = this.#wanted.get(page);
    if (!request) {
      request = { page, queued: true };
      request.promise = new Promise((resolve, reject) => Object.assign(request, { resolve, reject }));
      this.#wanted.set(page, request);
      this.#queue.push(request);
    }
    if (urgent && request.queued) {
      request.urgent = true;
      this.#queue.splice(this.#queue.indexOf(request), 1);
      this.#queue.unshift(request);
    }
    this.#pump();
    return request.promise;
  }

  // Drops the page's request if it is still waiting and nobody asked for it urgently.
  forget(page) {
    const request = this.#wanted.get(page);
    if (!request || !request.queued || request.urgent) return;
    this.#queue.splice(this.#queue.indexOf(request), 1);
    this.#wanted.delete(page);
    request.resolve(null);
  }

  // Revokes every blob URL and drops every waiting request; the job's page is being left.
  release() {
    this.#released = true;
    clearTimeout(this.#resumeTimer);
    for (const request of this.#queue) request.resolve(null);
    this.#queue = [];
    this.#wanted.clear();
    for (const url of this.#kept.values()) URL.revokeObjectURL(url);
    this.#kept.clear();
  }

  // How many requests are on the wire now; never more than maxConcurrent.
  get running() {
    return this.#running;
  }

  #pump() {
    const wait = this.#pausedUntil - Date.now();
    if (wait > 0) {
      clearTimeout(this.#resumeTimer);
      this.#resumeTimer = setTimeout(() => this.#pump(), wait);
      return;
    }
    while (!this.#released && this.#running < maxConcurrent && this.#queue.length > 0) this.#fetch(this.#queue.shift());
  }

  async #fetch(request) {
    request.queued = false;
    this.#running += 1;
    try {
      const blob = await api.jobPageImage(this.#jobId, request.page, this.#signal);
      this.#wanted.delete(request.page);
      if (this.#released) {
        request.resolve(null);
        return;
      }
      const url = URL.createObjectURL(blob);
      this.#kept.set(request.page, url);
      this.#makeRoom();
      request.resolve(url);
    } catch (error) {
      if (!this.#released && error instanceof Problem && error.status === 429) {
        // The gateway's rate limit: wait as long as it says, then ask again, first in line.
        this.#pausedUntil = Date.now() + (error.retryAfterSeconds ?? defaultPauseSeconds) * 1000;
        request.queued = true;
        this.#queue.unshift(request);
      } else {
        this.#wanted.delete(request.page);
        request.reject(error);
      }
    } finally {
      this.#running -= 1;
      this.#pump();
    }
  }

  #makeRoom() {
    for (const [page, url] of this.#kept) {
      if (this.#kept.size <= maxKept) return;
      this.#kept.delete(page);
      URL.revokeObjectURL(url);
      this.#onReleased(page);
    }
  }
}
