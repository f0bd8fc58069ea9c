// The toolbar the template declares (<template id="rt-toolbar">): each
// button names a command in data-cmd; its pressed state follows the
// selection. The link dialog is the template's <dialog id="rt-link">.
// Buttons the template leaves out (images, for a writer who may not
// upload) are simply not there.
const commands = {
  paragraph: (c) => c.setParagraph(),
  h2: (c) => c.toggleHeading({ level: 2 }),
  h3: (c) => c.toggleHeading({ level: 3 }),
  bold: (c) => c.toggleBold(),
  italic: (c) => c.toggleItalic(),
  bullets: (c) => c.toggleBulletList(),
  numbers: (c) => c.toggleOrderedList(),
  quote: (c) => c.toggleBlockquote(),
  pullquote: (c) => c.togglePullQuote(),
  gallery: (c) => c.toggleGallery(),
  undo: (c) => c.undo(),
  redo: (c) => c.redo(),
};

const active = {
  paragraph: (e) => e.isActive("paragraph"),
  h2: (e) => e.isActive("heading", { level: 2 }),
  h3: (e) => e.isActive("heading", { level: 3 }),
  bold: (e) => e.isActive("bold"),
  italic: (e) => e.isActive("italic"),
  link: (e) => e.isActive("link"),
  bullets: (e) => e.isActive("bulletList"),
  numbers: (e) => e.isActive("orderedList"),
  quote: (e) => e.isActive("blockquote"),
  pullquote: (e) => e.isActive("pullQuote"),
  gallery: (e) => e.isActive("gallery"),
};

// actions are the buttons that open something rather than run a command
// (the image picker and the media library); each is a function.
export function toolbar(wrap, editor, actions) {
  const openLink = linkDialog(editor);
  const buttons = wrap.querySelectorAll("[data-cmd]");
  buttons.forEach((b) => {
    b.addEventListener("mousedown", (e) => e.preventDefault()); // keep the selection
    b.addEventListener("click", () => {
      const cmd = b.getAttribute("data-cmd");
      if (cmd === "link") { openLink(); return; }
      if (actions && actions[cmd]) { actions[cmd](); return; }
      if (commands[cmd]) { commands[cmd](editor.chain().focus()).run(); }
    });
  });
  // One Tab stop for the whole toolbar; the arrow keys move along it
  // (the ARIA toolbar pattern), so Tab goes from the title to the text.
  const list = Array.from(buttons);
  list.forEach((b, i) => b.setAttribute("tabindex", i === 0 ? "0" : "-1"));
  wrap.querySelector("[role=toolbar]").addEventListener("keydown", (e) => {
    const i = list.indexOf(document.activeElement);
    if (i < 0) { return; }
    let j = -1;
    if (e.key === "ArrowRight") { j = (i + 1) % list.length; }
    if (e.key === "ArrowLeft") { j = (i - 1 + list.length) % list.length; }
    if (e.key === "Home") { j = 0; }
    if (e.key === "End") { j = list.length - 1; }
    if (j < 0) { return; }
    e.preventDefault();
    list[i].setAttribute("tabindex", "-1");
    list[j].setAttribute("tabindex", "0");
    list[j].focus();
  });
  const refresh = () => buttons.forEach((b) => {
    const cmd = b.getAttribute("data-cmd");
    const is = active[cmd];
    if (is) { b.setAttribute("aria-pressed", is(editor) ? "true" : "false"); }
    // The gallery button works only on a gallery or on images selected.
    if (cmd === "gallery") { b.setAttribute("aria-disabled", editor.can().toggleGallery() ? "false" : "true"); }
  });
  editor.on("transaction", refresh);
  refresh();
  return openLink;
}

function linkDialog(editor) {
  const dialog = document.getElementById("rt-link");
  const input = document.getElementById("rt-link-url");
  return () => {
    if (!dialog || !input) { return; }
    input.value = editor.getAttributes("link").href || "";
    dialog.returnValue = "";
    dialog.showModal();
    input.select();
    dialog.addEventListener("close", () => {
      const chain = editor.chain().focus().extendMarkRange("link");
      const href = input.value.trim();
      if (dialog.returnValue === "remove" || (dialog.returnValue === "ok" && href === "")) {
        chain.unsetLink().run();
      } else if (dialog.returnValue === "ok") {
        if (editor.state.selection.empty && !editor.isActive("link")) {
          editor.chain().focus().insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] }).run();
        } else {
          chain.setLink({ href }).run();
        }
      } else {
        editor.commands.focus();
      }
    }, { once: true });
  };
}
