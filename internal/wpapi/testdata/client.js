// Drives warta's REST API with node-wpapi, a WordPress client from npm, as
// a headless front end would: list, page through, embed, and try to write.
// Prints one JSON object of what it saw; the Go test checks it.
const WPAPI = require('wpapi');

async function main() {
  // Found as WordPress clients find it: from the site's Link header.
  const wp = await WPAPI.discover(process.argv[2] + '/');
  const out = {};
  const first = await wp.posts().perPage(1);
  out.total = first._paging.total;
  out.totalPages = first._paging.totalPages;
  out.titles = [first[0].title.rendered];
  let page = first;
  while (page._paging && page._paging.next) {
    page = await page._paging.next;
    out.titles.push(page[0].title.rendered);
  }
  const embedded = await wp.posts().slug('harga-ikan-naik').embed();
  out.embeddedAuthor = embedded[0]._embedded.author[0].name;
  out.embeddedTerms = embedded[0]._embedded['wp:term'].map((l) => l.map((t) => t.slug));
  out.categories = (await wp.categories()).map((c) => c.slug);
  out.pages = (await wp.pages().order('asc').orderby('menu_order')).map((p) => p.slug);
  const byId = await wp.posts().id(embedded[0].id);
  out.byId = byId.slug;
  out.comments = (await wp.comments().post(embedded[0].id).perPage(100)).length;
  try {
    await wp.posts().create({ title: 'Tanpa izin', status: 'publish' });
    out.create = 'accepted';
  } catch (e) {
    out.create = e.code + ' ' + (e.data && e.data.status);
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
