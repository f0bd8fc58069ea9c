// warta's story editor: the body's textarea becomes a rich-text editor
// (Tiptap over ProseMirror). The textarea stays in the form, hidden, and
// holds the HTML the editor writes, so saving, autosave and a page
// without this script all send the same field. The server sanitizes it
// like every other body.
import { Editor, Extension, getSchema } from "@tiptap/core";
import { extensions } from "./schema.js";
import { islands, tidy } from "./islands.js";
import { cleanPaste } from "./paste.js";
import { toolbar } from "./toolbar.js";
import { imageFiles, media } from "./media.js";
import { pastedEmbed } from "./embed.js";

function mount(textarea) {
  const tpl = document.getElementById("rt-toolbar");
  if (!tpl) { return null; }
  const wrap = document.createElement("div");
  wrap.className = "rt";
  wrap.appendChild(tpl.content.cloneNode(true));
  const holder = document.createElement("div");
  holder.className = "rt-surface";
  wrap.appendChild(holder);
  textarea.after(wrap);

  let linkDialog = null;
  let images = null;
  let editor = null;
  const Shortcuts = Extension.create({
    name: "wartaShortcuts",
    addKeyboardShortcuts() {
      return { "Mod-k": () => { linkDialog(); return true; } };
    },
  });
  const schema = getSchema(extensions());
  const label = textarea.labels && textarea.labels[0];
  editor = new Editor({
    element: holder,
    extensions: extensions([Shortcuts]),
    content: islands(textarea.value, schema),
    injectCSS: false,
    editorProps: {
      attributes: {
        class: "prose rt-editable",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": label ? (label.id || (label.id = textarea.id + "-label")) : "",
        id: textarea.id + "-rich",
      },
      transformPastedHTML: cleanPaste,
      // An image file pasted or dropped is uploaded and inserted where it
      // lands; a bare link to a post of a known platform becomes a card.
      handlePaste: (view, event) => {
        const files = imageFiles(event.clipboardData);
        if (files.length && images) { images.uploadFiles(files, null); return true; }
        const text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
        return pastedEmbed(editor, text);
      },
      handleDrop: (view, event, slice, moved) => {
        const files = moved ? [] : imageFiles(event.dataTransfer);
        if (!files.length || !images) { return false; }
        // Dropped on a paragraph, the image goes after it rather than
        // splitting it.
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        const $at = at ? view.state.doc.resolve(at.pos) : null;
        images.uploadFiles(files, $at ? ($at.depth > 0 ? $at.after(1) : at.pos) : null);
        return true;
      },
    },
    onUpdate: ({ editor: ed }) => {
      textarea.value = ed.isEmpty ? "" : html(ed);
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  textarea.hidden = true;
  wrap.closest("form").classList.add("rich");
  images = media(editor, wrap.closest("form"));
  linkDialog = toolbar(wrap, editor, images ? { image: images.pickFiles, library: images.openLibrary } : {});
  return editor;
}

// html is the editor's content as stored: lists written tight, no empty
// paragraphs left by Enter.
function html(editor) {
  const box = document.createElement("div");
  box.innerHTML = editor.getHTML();
  box.querySelectorAll(":scope > p:empty").forEach((p) => p.remove());
  return tidy(box).innerHTML;
}

document.addEventListener("DOMContentLoaded", () => {
  const body = document.querySelector("textarea[data-rich]");
  if (body) { window.wartaEditor = mount(body); }
});
