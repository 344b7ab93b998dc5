// A finished job's pages as a strip of thumbnails, one button per page ("Page 3"), the selected one marked
// with aria-current. Only the thumbnails in or near view load their image, so a 500-page job asks for a
// handful at a time. One tab stop for the whole strip: the arrow keys, Home, End, Page Up and Page Down
// move between pages, as in a toolbar.
const pageStep = 10;

export class PageThumbnails {
  #list;
  #images;
  #onSelect;
  #buttons = new Map();
  #observer;
  #selected = null;

  // pages: the json result's pages (page, width, height); images: a PageImages; onSelect(page) when a page is picked.
  constructor(list, pages, images, onSelect) {
    this.#list = list;
    this.#images = images;
    this.#onSelect = onSelect;
    this.#observer = new IntersectionObserver((entries) => this.#seen(entries), { root: list, rootMargin: "0px 160px" });
    list.replaceChildren(...pages.map((page) => this.#item(page)));
    list.onkeydown = (event) => this.#key(event);
    for (const button of this.#buttons.values()) this.#observer.observe(button);
  }

  // Marks the page selected; moves focus there when asked.
  select(number, { focus = false } = {}) {
    const button = this.#buttons.get(number);
    if (!button) return;
    const previous = this.#buttons.get(this.#selected);
    if (previous) {
      previous.removeAttribute("aria-current");
      previous.tabIndex = -1;
    }
    this.#selected = number;
    button.setAttribute("aria-current", "true");
    button.tabIndex = 0;
    // Focus brings the button into the strip's view; without it nothing scrolls, so the page never jumps.
    if (focus) button.focus();
  }

  // A thumbnail whose image was released to make room loads it again when it is next in view.
  unload(number) {
    const button = this.#buttons.get(number);
    if (!button) return;
    button.querySelector("img").removeAttribute("src");
    button.classList.remove("loaded");
    this.#observer.observe(button);
  }

  destroy() {
    this.#observer.disconnect();
    this.#list.onkeydown = null;
    this.#list.replaceChildren();
    this.#buttons.clear();
  }

  #item(page) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "thumbnail";
    button.tabIndex = -1;
    button.dataset.page = page.page;
    const image = document.createElement("img");
    // Named by the button's text; the reserved size keeps the strip from jumping as images arrive.
    image.alt = "";
    image.width = 64;
    image.height = Math.max(1, Math.round((64 * (page.height || 4)) / (page.width || 3)));
    const label = document.createElement("span");
    label.textContent = `Page ${page.page}`;
    button.append(image, label);
    button.addEventListener("click", () => this.#pick(page.page, false));
    this.#buttons.set(page.page, button);
    const item = document.createElement("li");
    item.append(button);
    return item;
  }

  #pick(number, focus) {
    this.select(number, { focus });
    this.#onSelect(number);
  }

  #key(event) {
    const numbers = [...this.#buttons.keys()];
    const at = numbers.indexOf(this.#selected);
    const moves = {
      ArrowRight: at + 1,
      ArrowDown: at + 1,
      ArrowLeft: at - 1,
      ArrowUp: at - 1,
      PageDown: at + pageStep,
      PageUp: at - pageStep,
      Home: 0,
      End: numbers.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = numbers[Math.min(numbers.length - 1, Math.max(0, moves[event.key]))];
    if (next !== this.#selected) this.#pick(next, true);
  }

  #seen(entries) {
    for (const entry of entries) {
      const button = entry.target;
      const number = Number(button.dataset.page);
      if (!entry.isIntersecting) {
        this.#images.forget(number);
        continue;
      }
      this.#images.load(number).then((url) => {
        if (!url || this.#buttons.get(number) !== button) return;
        button.querySelector("img").src = url;
        button.classList.add("loaded");
        this.#observer.unobserve(button);
      }, () => {
        // The thumbnail stays blank; the page itself still shows its image or says why not when picked.
      });
    }
  }
}
