// The story's schema: Tiptap's starter kit as the sanitizer allows it
// (internal/sanitize), plus the nodes a newsroom needs: pull quotes,
// images and galleries (media.js), cards for posts of other platforms
// (embed.js) and islands of HTML the editor does not model, kept byte for
// byte.
import { Extension, Node, mergeAttributes } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { FigureImage, Gallery } from "./media.js";
import { Embed } from "./embed.js";

// PullQuote is a quote set large beside the story: <blockquote
// class="pullquote">. It is parsed before the plain blockquote.
export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "block+",
  defining: true,
  parseHTML() {
    return [{ tag: "blockquote.pullquote", priority: 60 }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["blockquote", mergeAttributes(HTMLAttributes, { class: "pullquote" }), 0];
  },
  addCommands() {
    return {
      togglePullQuote: () => ({ commands }) => commands.toggleWrap(this.name),
    };
  },
  addKeyboardShortcuts() {
    return { "Mod-Shift-p": () => this.editor.commands.togglePullQuote() };
  },
});

// HTMLBlock holds one piece of the stored body that the schema cannot
// represent exactly (a table, a figure of an imported post, an element
// with attributes the editor has no field for). It is shown as it will be
// read and written back unchanged, so opening and saving loses nothing.
export const HTMLBlock = Node.create({
  name: "htmlBlock",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes() {
    return { html: { default: "" } };
  },
  parseHTML() {
    return [{
      tag: "div[data-warta-html]",
      priority: 100,
      getAttrs: (el) => ({ html: el.getAttribute("data-warta-html") }),
    }];
  },
  renderHTML({ node }) {
    const t = document.createElement("template");
    t.innerHTML = node.attrs.html;
    return t.content;
  },
  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("div");
      dom.className = "rt-html";
      dom.contentEditable = "false";
      const t = document.createElement("template");
      t.innerHTML = node.attrs.html;
      dom.appendChild(t.content);
      return { dom };
    };
  },
});

// Kept is the attributes the sanitizer lets through that the starter kit
// would otherwise drop: heading anchors and the language of a passage.
export const Kept = Extension.create({
  name: "kept",
  addGlobalAttributes() {
    const attr = (name) => ({
      default: null,
      parseHTML: (el) => el.getAttribute(name),
      renderHTML: (attrs) => (attrs[name] ? { [name]: attrs[name] } : {}),
    });
    return [
      { types: ["heading"], attributes: { id: attr("id") } },
      { types: ["paragraph"], attributes: { lang: attr("lang") } },
      { types: ["blockquote"], attributes: { lang: attr("lang"), cite: attr("cite") } },
    ];
  },
});

// extensions is the editor's whole schema and behaviour, shared by the
// editor and by the check that decides what opens as an HTML island.
export function extensions(extra) {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3, 4] },
      link: {
        openOnClick: false,
        // Not autolink: it makes a link grow with whatever is typed
        // after it. A pasted address still becomes a link.
        autolink: false,
        protocols: ["mailto"],
        HTMLAttributes: { target: null, rel: null },
      },
      underline: false,
      trailingNode: false,
    }),
    PullQuote,
    HTMLBlock,
    FigureImage,
    Gallery,
    Embed,
    Kept,
  ].concat(extra || []);
}
