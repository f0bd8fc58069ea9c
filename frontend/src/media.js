// Images in the story: a figure (image, caption, credit) and a gallery of
// them, added by the toolbar's file picker, a drop, a paste or the media
// library. Files go to the newsroom's upload endpoint with a progress bar;
// then the writer gives alt text (required), a caption and a credit. The
// body stores plain figures (internal/sanitize/figure.go describes them);
// the site adds the srcset variants when it renders the page.
import { Node } from "@tiptap/core";
import { DOMSerializer } from "@tiptap/pm/model";
import { NodeSelection } from "@tiptap/pm/state";
import { closeHistory } from "@tiptap/pm/history";

const imageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

// Attributes read and written by the node itself, never by Tiptap from
// the figure element's own attributes.
const own = (value) => ({ default: value, parseHTML: () => null, renderHTML: () => ({}) });

// readImage reads <figure class="image"><img><figcaption>caption <span
// class="credit">credit</span></figcaption></figure>; false for another
// shape (which then opens as an HTML island, unchanged).
export function readImage(fig) {
  const kids = Array.from(fig.children);
  const img = kids[0];
  if (!img || img.tagName !== "IMG" || !img.getAttribute("src") || kids.length > 2) { return false; }
  const cap = kids[1];
  if (cap && cap.tagName !== "FIGCAPTION") { return false; }
  let caption = "";
  let credit = "";
  if (cap) {
    cap.childNodes.forEach((n) => {
      if (n.nodeType === 1 && n.tagName === "SPAN" && n.classList.contains("credit")) { credit = n.textContent.trim(); }
      else { caption += n.textContent; }
    });
    caption = caption.replace(/\s+/g, " ").trim();
  }
  const num = (v) => (/^[0-9]{1,5}$/.test(v || "") ? Number(v) : null);
  return {
    src: img.getAttribute("src"), alt: img.getAttribute("alt") || "",
    width: num(img.getAttribute("width")), height: num(img.getAttribute("height")), caption, credit,
  };
}

// imageSpec is the stored figure of an image's attributes.
export function imageSpec(a) {
  const img = ["img", { src: a.src, alt: a.alt, width: a.width, height: a.height }];
  const cap = [];
  if (a.caption) { cap.push(a.credit ? a.caption + " " : a.caption); }
  if (a.credit) { cap.push(["span", { class: "credit" }, a.credit]); }
  return cap.length ? ["figure", { class: "image" }, img, ["figcaption", ...cap]] : ["figure", { class: "image" }, img];
}

function gallerySpec(a) {
  const kids = a.images.map(imageSpec);
  if (a.caption) { kids.push(["figcaption", a.caption]); }
  return ["figure", { class: "gallery" }, ...kids];
}

function render(spec) {
  return DOMSerializer.renderSpec(document, spec).dom;
}

// editButton is a button on a figure in the editor that opens its form,
// the dialog of the given id; it reads as the dialog's data-edit.
function editButton(dialogID, onClick) {
  const dialog = document.getElementById(dialogID);
  const b = document.createElement("button");
  b.type = "button";
  b.className = "rt-figure-edit";
  b.textContent = dialog ? dialog.getAttribute("data-edit") : "…";
  b.addEventListener("click", onClick);
  return b;
}

// figureView shows a stored figure as readers will see it, with a button
// that edits its details; the figure is one block the writer moves,
// deletes or edits as a whole. edit resolves to the figure's new
// attributes, to a list of nodes that take its place, or to null.
function figureView(spec, dialogID, edit) {
  return ({ node, getPos, editor }) => {
    const dom = document.createElement("div");
    dom.className = "rt-figure";
    dom.contentEditable = "false";
    const draw = (n) => {
      dom.replaceChildren(render(spec(n.attrs)));
      if (edit && editor.isEditable) {
        dom.appendChild(editButton(dialogID, () => edit(n.attrs, editor.schema).then((attrs) => {
          if (!attrs) { return; }
          editor.chain().focus().command(({ tr }) => {
            const pos = getPos();
            if (Array.isArray(attrs)) { tr.replaceWith(pos, pos + tr.doc.nodeAt(pos).nodeSize, attrs); }
            else { tr.setNodeMarkup(pos, undefined, attrs); }
            closeHistory(tr); // one step of its own to undo, however soon it follows another
            return true;
          }).run();
        })));
      }
    };
    draw(node);
    return {
      dom,
      update: (n) => { if (n.type !== node.type) { return false; } node = n; draw(n); return true; },
      stopEvent: (e) => !!(e.target.closest && e.target.closest("button")),
      ignoreMutation: () => true,
    };
  };
}

export const FigureImage = Node.create({
  name: "figureImage",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return { src: own(""), alt: own(""), width: own(null), height: own(null), caption: own(""), credit: own("") };
  },
  parseHTML() {
    return [{ tag: "figure.image", priority: 70, getAttrs: readImage }];
  },
  renderHTML({ node }) { return imageSpec(node.attrs); },
  addNodeView() {
    return figureView(imageSpec, "rt-image", (attrs) => askImage(attrs).then((more) => (more ? { ...attrs, ...more } : null)));
  },
});

export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() { return { images: own([]), caption: own("") }; },
  parseHTML() {
    return [{
      tag: "figure.gallery",
      priority: 70,
      getAttrs: (fig) => {
        const images = [];
        let caption = "";
        const kids = Array.from(fig.children);
        for (let i = 0; i < kids.length; i++) {
          const k = kids[i];
          if (k.tagName === "FIGCAPTION" && i === kids.length - 1 && i > 0) { caption = k.textContent.trim(); continue; }
          const im = k.tagName === "FIGURE" && k.classList.contains("image") ? readImage(k) : false;
          if (!im) { return false; }
          images.push(im);
        }
        return images.length ? { images, caption } : false;
      },
    }];
  },
  renderHTML({ node }) { return gallerySpec(node.attrs); },
  addNodeView() {
    return figureView(gallerySpec, "rt-gallery", (attrs, schema) => askGallery(attrs).then((got) => {
      if (got === "split") { return galleryImages(schema, attrs); }
      return got == null ? null : { ...attrs, caption: got };
    }));
  },
  addCommands() {
    return { toggleGallery: () => ({ state, tr, dispatch }) => toggleGallery(state, tr, dispatch) };
  },
});

// galleryImages is the image figures of a gallery, in order. Its own
// caption goes with it (each image keeps its caption and credit).
function galleryImages(schema, attrs) {
  return attrs.images.map((im) => schema.nodes.figureImage.create(im));
}

// toggleGallery turns a selected gallery back into its images, or the
// image figures the selection spans (two or more, next to each other,
// empty paragraphs between them aside) into one gallery, which is left
// selected. False when the selection is neither.
function toggleGallery(state, tr, dispatch) {
  const { selection, doc, schema } = state;
  if (selection instanceof NodeSelection && selection.node.type.name === "gallery") {
    if (dispatch) { closeHistory(tr.replaceWith(selection.from, selection.to, galleryImages(schema, selection.node.attrs))); }
    return true;
  }
  const touched = [];
  doc.forEach((node, offset) => {
    if (offset + node.nodeSize > selection.from && offset < selection.to) { touched.push({ node, offset }); }
  });
  const isImage = (t) => t.node.type.name === "figureImage";
  const first = touched.findIndex(isImage);
  const last = touched.length - 1 - [...touched].reverse().findIndex(isImage);
  if (first < 0) { return false; }
  const run = touched.slice(first, last + 1);
  if (!run.every((t) => isImage(t) || (t.node.type.name === "paragraph" && t.node.content.size === 0))) { return false; }
  const images = run.filter(isImage).map((t) => ({ ...t.node.attrs }));
  if (images.length < 2) { return false; }
  if (dispatch) {
    const from = run[0].offset;
    const to = run[run.length - 1].offset + run[run.length - 1].node.nodeSize;
    tr.replaceWith(from, to, schema.nodes.gallery.create({ images, caption: "" }));
    closeHistory(tr.setSelection(NodeSelection.create(tr.doc, from)));
  }
  return true;
}

// askGallery opens the gallery dialog for attrs and resolves to the
// caption given, "split" when the writer turns the gallery back into
// images, or null when they cancel.
function askGallery(attrs) {
  const dialog = document.getElementById("rt-gallery");
  if (!dialog) { return Promise.resolve(null); }
  const caption = document.getElementById("rt-gallery-caption");
  caption.value = attrs.caption || "";
  dialog.returnValue = "";
  dialog.showModal();
  caption.focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "split") { resolve("split"); return; }
      resolve(dialog.returnValue === "ok" ? caption.value.trim() : null);
    }, { once: true });
  });
}

// askImage opens the image dialog for attrs (src and the details so far)
// and resolves to the details given, or null when the writer cancels.
export function askImage(attrs) {
  const dialog = document.getElementById("rt-image");
  if (!dialog) { return Promise.resolve(null); }
  const field = (name) => document.getElementById("rt-image-" + name);
  const preview = field("preview");
  const img = document.createElement("img");
  img.src = attrs.thumb || attrs.src;
  img.alt = "";
  preview.replaceChildren(img);
  field("alt").value = attrs.alt || "";
  field("caption").value = attrs.caption || "";
  field("credit").value = attrs.credit || "";
  dialog.returnValue = "";
  dialog.showModal();
  field("alt").focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const alt = field("alt").value.trim();
      if (dialog.returnValue !== "ok" || alt === "") { resolve(null); return; }
      resolve({ alt, caption: field("caption").value.trim(), credit: field("credit").value.trim() });
    }, { once: true });
  });
}

// insertBlock inserts a figure or card at pos, or at the selection: after
// a selected figure or card rather than over it. A story never ends on
// one, so there is always a paragraph after it to type in.
export function insertBlock(editor, node, pos) {
  const sel = editor.state.selection;
  const at = pos != null ? pos : (sel.node ? sel.to : null);
  const chain = editor.chain().focus();
  (at == null ? chain.insertContent(node) : chain.insertContentAt(at, node)).run();
  const doc = editor.state.doc;
  if (!doc.lastChild.isTextblock) {
    editor.chain().insertContentAt(doc.content.size, { type: "paragraph" }).focus("end").run();
  }
}

// imageFiles returns the image files a paste or drop carries.
export function imageFiles(dt) {
  if (!dt || !dt.files) { return []; }
  return Array.from(dt.files).filter((f) => imageTypes.includes(f.type));
}

// media returns the editor's image actions: pick files, open the
// library, and take files dropped or pasted at a position.
export function media(editor, form) {
  const csrf = form ? form.getAttribute("data-csrf") : "";
  const progress = document.getElementById("rt-progress");
  if (!progress) { return null; }
  const bar = document.getElementById("rt-progress-bar");
  const label = document.getElementById("rt-progress-label");

  // upload sends one file and resolves to the new media item (id, url,
  // width, height, alt), showing its progress as it goes.
  const upload = (file) => new Promise((resolve, reject) => {
    progress.hidden = false;
    progress.classList.remove("failed");
    label.textContent = progress.getAttribute("data-uploading").replace("%s", file.name || "");
    bar.value = 0;
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/admin/media/");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) { bar.value = Math.round((100 * e.loaded) / e.total); }
    });
    xhr.addEventListener("load", () => {
      const r = xhr.response || {};
      if (xhr.status === 200 && r.url) { bar.value = 100; resolve(r); return; }
      reject(new Error(r.error || xhr.statusText || String(xhr.status)));
    });
    xhr.addEventListener("error", () => reject(new Error(xhr.statusText || "network")));
    const fd = new FormData();
    fd.append("csrf", csrf);
    fd.append("file", file, file.name || "image.png");
    xhr.send(fd);
  });

  const failed = (err) => {
    progress.hidden = false;
    progress.classList.add("failed");
    label.textContent = progress.getAttribute("data-failed").replace("%s", err.message);
  };

  // saveText keeps the alt text and caption on the media item too, so the
  // library offers them the next time.
  const saveText = (id, alt, caption) => {
    const fd = new URLSearchParams({ csrf, alt, caption });
    return fetch("/admin/media/" + id, { method: "POST", body: fd, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRF-Token": csrf } }).catch(() => {});
  };

  // describe asks the details of each item in turn; an item whose dialog
  // is cancelled is left out.
  const describe = async (items) => {
    const out = [];
    for (const it of items) {
      const more = await askImage({ src: it.url, thumb: it.thumb, alt: it.alt, caption: it.caption });
      if (!more) { continue; }
      if (it.id && (more.alt !== (it.alt || "") || more.caption !== (it.caption || ""))) { saveText(it.id, more.alt, more.caption); }
      out.push({ src: it.url, alt: more.alt, width: it.width || null, height: it.height || null, caption: more.caption, credit: more.credit });
    }
    return out;
  };

  const insert = (images, pos) => {
    if (images.length === 0) { return; }
    const node = images.length === 1 ? { type: "figureImage", attrs: images[0] } : { type: "gallery", attrs: { images, caption: "" } };
    insertBlock(editor, node, pos);
  };

  const uploadFiles = async (files, pos) => {
    const items = [];
    for (const f of files) {
      try {
        items.push(await upload(f));
      } catch (err) {
        failed(err);
        return;
      }
    }
    progress.hidden = true;
    insert(await describe(items), pos);
  };

  const picker = document.createElement("input");
  picker.type = "file";
  picker.accept = imageTypes.join(",");
  picker.multiple = true;
  picker.hidden = true;
  picker.addEventListener("change", () => {
    const files = Array.from(picker.files);
    picker.value = "";
    if (files.length) { uploadFiles(files, null); }
  });
  form.appendChild(picker);

  return {
    pickFiles: () => picker.click(),
    openLibrary: () => library().then((items) => describe(items)).then((images) => insert(images, null)),
    uploadFiles,
    library,
  };
}

// library opens the media library dialog and resolves to the items
// chosen (none when cancelled). It lists the newest images a page at a
// time, "more" adding the next page, and as the writer types asks the
// server for the images whose name, alt text or caption has those words,
// however large the library.
export function library(single) {
  const dialog = document.getElementById("rt-library");
  if (!dialog) { return Promise.resolve([]); }
  const list = document.getElementById("rt-library-list");
  const q = document.getElementById("rt-library-q");
  const more = document.getElementById("rt-library-more");
  const seen = new Map(); // id → item, of every item listed
  let asked = 0; // the latest request: an older answer is dropped
  const row = (it) => {
    const li = document.createElement("li");
    const box = document.createElement("input");
    box.type = single ? "radio" : "checkbox";
    box.name = "rt-library-pick";
    box.id = "rt-library-" + it.id;
    box.value = String(it.id);
    const lab = document.createElement("label");
    lab.htmlFor = box.id;
    const img = document.createElement("img");
    img.src = it.thumb;
    img.alt = "";
    img.width = 96;
    img.height = 64;
    img.loading = "lazy";
    const name = document.createElement("span");
    name.textContent = it.alt || it.name;
    lab.append(img, name);
    li.append(box, lab);
    return li;
  };
  // load asks for the page at offset of the current search; offset 0
  // starts the list again.
  const load = (offset) => {
    const n = ++asked;
    const url = new URL(dialog.getAttribute("data-source"), location.href);
    if (q.value.trim()) { url.searchParams.set("q", q.value.trim()); }
    if (offset) { url.searchParams.set("offset", String(offset)); }
    more.hidden = true;
    dialog.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : { items: [], next: 0 }))
      .catch(() => ({ items: [], next: 0 }))
      .then((page) => {
        if (n !== asked) { return; }
        dialog.removeAttribute("aria-busy");
        if (!offset) { list.replaceChildren(); }
        page.items.forEach((it) => seen.set(String(it.id), it));
        list.append(...page.items.map(row));
        if (!list.querySelector("input")) {
          const li = document.createElement("li");
          li.textContent = dialog.getAttribute("data-empty");
          list.replaceChildren(li);
        }
        more.hidden = !page.next;
        more.onclick = () => load(page.next);
      });
  };
  let typing = 0;
  q.value = "";
  q.oninput = () => { clearTimeout(typing); typing = setTimeout(() => load(0), 250); };
  list.replaceChildren();
  dialog.returnValue = "";
  dialog.showModal();
  load(0);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      clearTimeout(typing);
      asked++;
      if (dialog.returnValue !== "ok") { resolve([]); return; }
      resolve(Array.from(list.querySelectorAll("input:checked")).map((b) => seen.get(b.value)).filter(Boolean));
    }, { once: true });
  });
}
