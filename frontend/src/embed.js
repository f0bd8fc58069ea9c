// Posts of other platforms in the story. A bare link to a YouTube or Vimeo
// video, a post on X, Instagram, TikTok or Facebook, pasted on its own,
// becomes a card: the body stores <figure class="embed"
// data-provider="…"> with the link, a title and an author the writer may
// type, and an optional poster from the media library. Nothing is asked
// of the platform here (the server cannot reach it either): the public
// page shows the card and frames the post only after a reader's click.
import { Node } from "@tiptap/core";
import { insertBlock, library } from "./media.js";

// The address shapes of a post, per platform; the server checks them
// again before it makes a card (internal/web/body.go, playerURL).
const providers = [
  ["youtube", "YouTube", /^https?:\/\/(?:www\.|m\.)?(?:youtube\.com\/(?:watch\?(?:[^#]*&)?v=|shorts\/|live\/)|youtu\.be\/)[A-Za-z0-9_-]{11}(?:[?&#/].*)?$/],
  ["vimeo", "Vimeo", /^https?:\/\/(?:www\.)?vimeo\.com\/(?:[A-Za-z0-9_-]+\/)*[0-9]{1,25}\/?(?:[?#].*)?$/],
  ["x", "X", /^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/[A-Za-z0-9_]{1,15}\/status\/[0-9]{1,25}(?:[/?#].*)?$/],
  ["instagram", "Instagram", /^https?:\/\/(?:www\.)?instagram\.com\/(?:p|reel|tv)\/[A-Za-z0-9_-]{5,40}\/?(?:[?#].*)?$/],
  ["tiktok", "TikTok", /^https?:\/\/(?:www\.)?tiktok\.com\/@[A-Za-z0-9_.]{1,40}\/video\/[0-9]{1,25}\/?(?:[?#].*)?$/],
  ["facebook", "Facebook", /^https?:\/\/(?:www\.|m\.)?facebook\.com\/(?:[A-Za-z0-9_.-]{1,80}\/(?:posts|videos)\/[A-Za-z0-9_.-]{1,80}\/?|(?:permalink|photo)\.php\?.+|photo\?.+|watch\/?\?v=[0-9]{1,25})$/],
];

// providerOf names the platform of a pasted link; "" for any other text.
export function providerOf(text) {
  const t = text.trim();
  if (/\s/.test(t)) { return ""; }
  const p = providers.find(([, , re]) => re.test(t));
  return p ? p[0] : "";
}

const brand = (id) => (providers.find((p) => p[0] === id) || [id, id])[1];
const own = (value) => ({ default: value, parseHTML: () => null, renderHTML: () => ({}) });

function embedSpec(a) {
  const link = ["a", { href: a.url }, a.title || a.url];
  const cap = a.author ? ["figcaption", link, " ", ["span", { class: "embed-author" }, a.author]] : ["figcaption", link];
  const attrs = { class: "embed", "data-provider": a.provider };
  return a.poster ? ["figure", attrs, ["img", { src: a.poster, alt: "" }], cap] : ["figure", attrs, cap];
}

function readEmbed(fig) {
  const provider = fig.getAttribute("data-provider");
  const kids = Array.from(fig.children);
  const cap = kids[kids.length - 1];
  if (!providers.some((p) => p[0] === provider) || !cap || cap.tagName !== "FIGCAPTION" || kids.length > 2) { return false; }
  let poster = "";
  if (kids.length === 2) {
    if (kids[0].tagName !== "IMG") { return false; }
    poster = kids[0].getAttribute("src") || "";
  }
  const a = cap.querySelector("a[href]");
  if (!a) { return false; }
  const url = a.getAttribute("href");
  const text = a.textContent.trim();
  const author = cap.querySelector("span.embed-author");
  return { provider, url, title: text === url ? "" : text, author: author ? author.textContent.trim() : "", poster };
}

// words are the card's labels, in the newsroom's language (edit.html).
function words(name) {
  const w = document.getElementById("rt-embed-words");
  return (w && w.getAttribute("data-" + name)) || "";
}

// cardView is the card in the editor: what it links, where the post will
// come from, and fields for a title and an author, and a poster from
// the media library (a local image, never the platform's).
function cardView({ node, getPos, editor }) {
  const dom = document.createElement("div");
  dom.className = "rt-embed";
  dom.contentEditable = "false";
  const set = (change) => {
    const attrs = { ...node.attrs, ...change };
    editor.chain().command(({ tr }) => { tr.setNodeMarkup(getPos(), undefined, attrs); return true; }).run();
  };
  const head = document.createElement("p");
  head.className = "rt-embed-head";
  const link = document.createElement("a");
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  const hint = document.createElement("p");
  hint.className = "hint";
  const poster = document.createElement("div");
  poster.className = "rt-embed-poster";
  const field = (name, key) => {
    const p = document.createElement("p");
    p.className = "field";
    const id = "rt-embed-" + name + "-" + Math.random().toString(36).slice(2, 8);
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = words(name);
    const input = document.createElement("input");
    input.id = id;
    input.maxLength = 300;
    input.className = "rt-embed-" + name;
    input.addEventListener("change", () => set({ [key]: input.value.trim() }));
    p.append(label, input);
    return { p, input };
  };
  const title = field("title", "title");
  const author = field("author", "author");
  const pick = document.createElement("button");
  pick.type = "button";
  pick.textContent = words("pick");
  pick.addEventListener("click", () => library(true).then((items) => { if (items[0]) { set({ poster: items[0].url }); } }));
  const drop = document.createElement("button");
  drop.type = "button";
  drop.textContent = words("poster-remove");
  drop.addEventListener("click", () => set({ poster: "" }));
  const draw = () => {
    const a = node.attrs;
    head.textContent = words("label").replace("%s", brand(a.provider)) + " ";
    link.href = a.url;
    link.textContent = a.url;
    head.appendChild(link);
    hint.textContent = words("hint").replace("%s", brand(a.provider));
    if (document.activeElement !== title.input) { title.input.value = a.title; }
    if (document.activeElement !== author.input) { author.input.value = a.author; }
    poster.replaceChildren();
    if (a.poster) {
      const img = document.createElement("img");
      img.src = a.poster;
      img.alt = "";
      poster.appendChild(img);
    }
    drop.hidden = !a.poster;
    pick.hidden = !document.getElementById("rt-library");
  };
  draw();
  dom.append(head, hint, poster, title.p, author.p, pick, drop);
  return {
    dom,
    update: (n) => { if (n.type !== node.type) { return false; } node = n; draw(); return true; },
    stopEvent: (e) => !!(e.target.closest && e.target.closest("input, button, label, a")),
    ignoreMutation: () => true,
  };
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return { provider: own(""), url: own(""), title: own(""), author: own(""), poster: own("") };
  },
  parseHTML() {
    return [{ tag: "figure.embed[data-provider]", priority: 70, getAttrs: readEmbed }];
  },
  renderHTML({ node }) { return embedSpec(node.attrs); },
  addNodeView() { return cardView; },
});

// pastedEmbed turns a paste of one bare platform link into a card; it
// returns whether it did.
export function pastedEmbed(editor, text) {
  const provider = providerOf(text || "");
  if (!provider) { return false; }
  insertBlock(editor, { type: "embed", attrs: { provider, url: text.trim(), title: "", author: "", poster: "" } }, null);
  return true;
}
