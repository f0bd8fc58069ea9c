# Reads each feed URL given with Debian's python3-feedparser and fails when
# one is not well-formed (bozo) or an entry lacks its title, link or date.
import sys

import feedparser

bad = 0
for url in sys.argv[1:]:
    d = feedparser.parse(url)
    problem = ""
    if d.bozo:
        problem = "bozo: %r" % d.get("bozo_exception")
    elif d.version not in ("rss20", "atom10"):
        problem = "version %r" % d.version
    elif not d.feed.get("title") or not d.feed.get("link"):
        problem = "no title or link"
    for e in d.entries:
        if not (e.get("title") and e.get("link") and e.get("published_parsed") and e.get("id")):
            problem = "entry lacks title, link, date or id: %r" % e.get("link")
    print(url, d.get("version"), len(d.entries), problem or "ok")
    bad += bool(problem)
sys.exit(1 if bad else 0)
