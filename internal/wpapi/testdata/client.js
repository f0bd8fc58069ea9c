// Drives warta's REST API with node-wpapi, a WordPress client from npm, as
// a headless front end would: list, page through, embed, and try to write
// without credentials; then as an app signed in with an application
// password (argv[3], argv[4]) would: create a post, update it, upload an
// image, comment, and list what it made. Prints one JSON object of what it
// saw; the Go test checks it.
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

  // Signed in with an application password over HTTP Basic.
  const authed = (await WPAPI.discover(process.argv[2] + '/')).auth({
    username: process.argv[3],
    password: process.argv[4],
  });
  out.me = (await authed.users().me()).slug;
  const created = await authed.posts().create({
    title: 'Nelayan kembali melaut',
    content: '<p>Cuaca membaik, perahu <em>kembali</em> melaut.</p>',
    status: 'draft',
    categories: [embedded[0].categories[0]],
  });
  out.created = { id: created.id, status: created.status, raw: created.title.raw };
  const updated = await authed.posts().id(created.id).update({
    title: 'Nelayan kembali melaut pagi ini',
    status: 'publish',
  });
  out.updated = { id: updated.id, status: updated.status, title: updated.title.rendered, link: updated.link };
  const png = Buffer.from(process.argv[5], 'base64');
  const uploaded = await authed.media().file(png, 'perahu-nelayan.png').create({ alt_text: 'Perahu nelayan' });
  out.uploaded = { id: uploaded.id, alt: uploaded.alt_text, type: uploaded.media_type, src: uploaded.source_url };
  await authed.posts().id(created.id).update({ featured_media: uploaded.id });
  const comment = await authed.comments().create({ post: created.id, content: 'Semoga hasil tangkapan melimpah.' });
  out.comment = { id: comment.id, status: comment.status };
  // What anyone now sees.
  out.listed = (await wp.posts().perPage(100)).map((p) => p.title.rendered);
  out.featured = (await wp.posts().id(created.id)).featured_media;
  out.media = (await wp.media().perPage(100)).map((m) => m.id);
  out.listedComments = (await wp.comments().post(created.id)).map((c) => c.content.rendered);
  try {
    await wp.auth({ username: process.argv[3], password: 'salah salah salah' }).posts().create({ title: 'x' });
    out.wrongPassword = 'accepted';
  } catch (e) {
    out.wrongPassword = e.code + ' ' + (e.data && e.data.status);
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
