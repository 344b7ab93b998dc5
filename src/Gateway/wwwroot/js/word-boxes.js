// The word boxes drawn over the shown image. The SVG's viewBox is the image's own pixel size, so the
// boxes (in image pixels, as the API gives them) scale with the image on any screen.
const svgNamespace = "http://www.w3.org/2000/svg";

export function confidenceLevel(confidence) {
  if (confidence >= 90) return "high";
  if (confidence >= 70) return "medium";
  return "low";
}

export function describeWord(word) {
  return `“${word.text}”, ${Math.round(word.confidence)} % confidence`;
}

export function drawWordBoxes(svg, width, height, words, onShow) {
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  for (const word of words) {
    const group = document.createElementNS(svgNamespace, "g");
    group.setAttribute("class", `word ${confidenceLevel(word.confidence)}`);
    group.setAttribute("tabindex", "0");
    group.setAttribute("role", "img");
    group.setAttribute("aria-label", describeWord(word));
    const title = document.createElementNS(svgNamespace, "title");
    title.textContent = describeWord(word);
    const box = document.createElementNS(svgNamespace, "rect");
    box.setAttribute("x", word.left);
    box.setAttribute("y", word.top);
    box.setAttribute("width", word.width);
    box.setAttribute("height", word.height);
    group.append(title, box);
    group.addEventListener("mouseenter", () => onShow(word));
    group.addEventListener("focus", () => onShow(word));
    svg.append(group);
  }
}
