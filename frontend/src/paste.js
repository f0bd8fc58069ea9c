// Cleaning what a writer pastes from Google Docs or Word before the schema
// reads it: the schema already drops every tag and style it does not know;
// this removes what would otherwise survive as text or wrong structure.
export function cleanPaste(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const body = doc.body;
  // Word: conditional comments, <o:p> and its empty paragraphs; styles.
  body.querySelectorAll("style, meta, link, script, title, xml").forEach((n) => n.remove());
  const comments = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const dead = [];
  while (comments.nextNode()) { dead.push(comments.currentNode); }
  dead.forEach((n) => n.remove());
  body.querySelectorAll("*").forEach((el) => {
    if (el.tagName.includes(":")) { unwrap(el); }
  });
  // Google Docs wraps the whole clip in <b style="font-weight:normal">,
  // which is not bold.
  body.querySelectorAll("b[id^='docs-internal-guid']").forEach(unwrap);
  // Docs and Word say bold and italic with inline styles. The newsroom's
  // Content-Security-Policy keeps the browser from reading style
  // attributes as CSS, so they are read here as text and turned into
  // strong and em; then every style goes.
  body.querySelectorAll("[style]").forEach((el) => {
    const style = el.getAttribute("style").toLowerCase();
    el.removeAttribute("style");
    if (/^h[1-6]$/i.test(el.tagName)) { return; }
    const weight = /font-weight\s*:\s*(bold(?:er)?|[6-9]00)/.test(style);
    const italic = /font-style\s*:\s*italic/.test(style);
    if (weight) { wrapKids(el, "strong"); }
    if (italic) { wrapKids(el, "em"); }
  });
  // The story's headline is the title: a pasted h1 is a section heading,
  // and levels below h4 are h4.
  body.querySelectorAll("h1").forEach((h) => rename(h, "h2"));
  body.querySelectorAll("h5, h6").forEach((h) => rename(h, "h4"));
  // Word marks list paragraphs with a class and a bullet glyph.
  body.querySelectorAll("p[class^='MsoList']").forEach((p) => {
    p.innerHTML = p.innerHTML.replace(/^\s*(?:[·•▪o§]|\d+[.)])(?:&nbsp;|\s)+/, "");
  });
  // Empty paragraphs used as spacing.
  body.querySelectorAll("p").forEach((p) => {
    if (p.textContent.replace(/\u00a0/g, " ").trim() === "" && !p.querySelector("img")) { p.remove(); }
  });
  return body.innerHTML;
}

function unwrap(el) {
  while (el.firstChild) { el.parentNode.insertBefore(el.firstChild, el); }
  el.remove();
}

function wrapKids(el, tag) {
  const w = el.ownerDocument.createElement(tag);
  while (el.firstChild) { w.appendChild(el.firstChild); }
  el.appendChild(w);
}

function rename(el, tag) {
  const n = el.ownerDocument.createElement(tag);
  while (el.firstChild) { n.appendChild(el.firstChild); }
  el.replaceWith(n);
}
