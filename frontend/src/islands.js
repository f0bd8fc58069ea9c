// Opening a stored body without loss: every top-level piece of it that the
// schema would change when parsed and written back (an element or
// attribute the editor does not model) opens as an HTML island instead,
// which is written back exactly as it came.
import { DOMParser as PMParser, DOMSerializer } from "@tiptap/pm/model";

const blockTags = new Set(["P", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "LI", "BLOCKQUOTE", "PRE",
  "FIGURE", "FIGCAPTION", "TABLE", "HR", "DIV", "ASIDE", "SECTION", "DL", "THEAD", "TBODY", "TFOOT", "TR", "TD", "TH"]);
const textBlocks = new Set(["P", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "FIGCAPTION", "TD", "TH", "DT", "DD"]);
const renamed = { B: "strong", I: "em" };

// tidy writes lists as Markdown and WordPress do: an item holding one
// paragraph (and perhaps a nested list) holds its text directly.
export function tidy(root) {
  root.querySelectorAll("li").forEach((li) => {
    const kids = Array.from(li.children);
    const paras = kids.filter((k) => k.tagName === "P");
    if (paras.length !== 1 || kids[0] !== paras[0] || paras[0].attributes.length) { return; }
    if (!kids.slice(1).every((k) => k.tagName === "UL" || k.tagName === "OL")) { return; }
    const p = paras[0];
    while (p.firstChild) { li.insertBefore(p.firstChild, p); }
    p.remove();
  });
  return root;
}

// normal is the node as it renders: spaces collapsed outside pre, space
// between blocks gone, b and i as strong and em.
function normal(node) {
  const doc = node.ownerDocument;
  const walk = (n, inPre) => {
    Array.from(n.childNodes).forEach((c) => {
      if (c.nodeType === 8) { c.remove(); return; }
      if (c.nodeType === 3) {
        if (inPre) { return; }
        let t = c.data.replace(/\s+/g, " ");
        if (!textBlocks.has(n.tagName) && !isInline(n) && t.trim() === "") { c.remove(); return; }
        if (!c.previousSibling && textBlocks.has(n.tagName)) { t = t.replace(/^ /, ""); }
        if (!c.nextSibling && textBlocks.has(n.tagName)) { t = t.replace(/ $/, ""); }
        if (t === "") { c.remove(); return; }
        c.data = t;
        return;
      }
      if (c.nodeType !== 1) { return; }
      let el = c;
      if (renamed[el.tagName]) {
        el = doc.createElement(renamed[el.tagName]);
        while (c.firstChild) { el.appendChild(c.firstChild); }
        Array.from(c.attributes).forEach((a) => el.setAttribute(a.name, a.value));
        c.replaceWith(el);
      }
      walk(el, inPre || el.tagName === "PRE");
    });
  };
  walk(node, false);
  return node;
}

function isInline(n) { return n.nodeType === 1 && !blockTags.has(n.tagName) && n.tagName !== "DIV"; }

// islands returns html with each piece the schema cannot hold exactly
// replaced by an island placeholder the HTMLBlock node parses.
export function islands(html, schema) {
  const box = document.createElement("div");
  box.innerHTML = html;
  const parser = PMParser.fromSchema(schema);
  const ser = DOMSerializer.fromSchema(schema);
  const out = document.createElement("div");
  let loose = [];
  const island = (markup) => {
    const d = document.createElement("div");
    d.setAttribute("data-warta-html", markup);
    out.appendChild(d);
  };
  const flush = () => {
    if (loose.some((n) => n.nodeType === 1 || n.textContent.trim() !== "")) {
      island(loose.map((n) => (n.nodeType === 1 ? n.outerHTML : escapeText(n.textContent))).join(""));
    }
    loose = [];
  };
  const same = (el) => {
    const a = document.createElement("div");
    a.appendChild(el.cloneNode(true));
    derived(a);
    const parsed = parser.parse(a);
    const b = document.createElement("div");
    b.appendChild(ser.serializeFragment(parsed.content));
    return normal(a).isEqualNode(normal(tidy(b)));
  };
  Array.from(box.childNodes).forEach((n) => {
    if (n.nodeType === 8) { return; }
    if (n.nodeType === 1 && blockTags.has(n.tagName)) {
      flush();
      if (same(n)) { out.appendChild(n.cloneNode(true)); } else { island(n.outerHTML); }
      return;
    }
    loose.push(n);
  });
  flush();
  return out.innerHTML;
}

// derived removes from the images of the media library in the editor's
// figures what the server adds to them on every save (srcset, sizes,
// loading: publishing.ResponsiveImages) and so adds again: they are not
// the writer's, and the figure stays a figure the writer can edit.
function derived(root) {
  root.querySelectorAll('figure.image > img[src^="/media/"]').forEach((img) => {
    ["srcset", "sizes", "loading"].forEach((a) => img.removeAttribute(a));
  });
}

function escapeText(s) {
  const d = document.createElement("div");
  d.textContent = s;
  return d.innerHTML;
}
