// Reads each feed URL given with two npm parsers, rss-parser and
// @rowanmanning/feed-parser (found through NODE_PATH), and fails when one
// throws or an item lacks its title or link, or they count items apart.
const Parser = require('rss-parser');
const { parseFeed } = require('@rowanmanning/feed-parser');

(async () => {
  let bad = 0;
  for (const url of process.argv.slice(2)) {
    try {
      const text = await (await fetch(url)).text();
      const a = await new Parser().parseString(text);
      const b = parseFeed(text);
      const ok = a.title && b.title && a.items.length === b.items.length &&
        a.items.every((i) => i.title && i.link) && b.items.every((i) => i.title && i.url);
      console.log(url, b.meta.type, a.items.length, ok ? 'ok' : 'BAD');
      bad += ok ? 0 : 1;
    } catch (e) {
      console.log(url, 'ERROR', e.message);
      bad++;
    }
  }
  process.exit(bad ? 1 : 0);
})();
