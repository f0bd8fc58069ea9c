// warta.js: optional progressive enhancement. Every page works without it.
// 1. A video card, or a card for a post on X, Instagram, TikTok or
//    Facebook, is a plain link to it; a click replaces the card's link with
//    the platform's frame, so no third party is contacted before that.
// 2. The comment form fetches its time-trap token, and is filled from the
//    "remember me" cookie when the reader gave consent.
// 3. A story page sends one beacon (POST /views/{id}) so the site can
//    count its reads for "Terpopuler": no cookie, nothing about the reader.
(function () {
  'use strict';

  var counted = document.querySelector('[data-views]');
  if (counted && navigator.sendBeacon) {
    navigator.sendBeacon(counted.getAttribute('data-views'));
  }

  // The frames a card may load, one address shape per platform (web's
  // playerURL writes them; the Content-Security-Policy allows these
  // origins as frames only, never as scripts).
  var players = ['https://www.youtube-nocookie.com/', 'https://player.vimeo.com/',
    'https://platform.twitter.com/embed/', 'https://www.instagram.com/', 'https://www.tiktok.com/embed/',
    'https://www.facebook.com/plugins/'];
  var videos = { youtube: true, vimeo: true };

  function allowed(src) {
    for (var i = 0; i < players.length; i++) {
      if (src.indexOf(players[i]) === 0) {
        return true;
      }
    }
    return false;
  }

  document.addEventListener('click', function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) {
      return;
    }
    var link = ev.target.closest ? ev.target.closest('a[data-embed]') : null;
    if (!link) {
      return;
    }
    var src = link.getAttribute('data-embed') || '';
    if (!allowed(src)) {
      return; // unknown player: follow the link to the video instead
    }
    ev.preventDefault();
    var provider = link.getAttribute('data-provider') || '';
    var frame = document.createElement('iframe');
    frame.src = provider === '' || videos[provider] ? src + (src.indexOf('?') === -1 ? '?' : '&') + 'autoplay=1' : src;
    frame.title = link.getAttribute('data-title') || '';
    frame.allow = 'autoplay; encrypted-media; picture-in-picture';
    frame.allowFullscreen = true;
    frame.className = 'video-card-frame' + (provider ? ' embed-frame-' + provider : '');
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  });

  var form = document.getElementById('commentform');
  if (!form) {
    return;
  }

  // The time trap: a token stamped by the server when the form is shown.
  // The page itself may come from a cache shared by every reader, so the
  // token is fetched, never printed in it. Without it the comment is held
  // for moderation, not lost.
  var token = form.elements.namedItem('token');
  if (token && window.fetch) {
    fetch('/comments/token', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (res) { return res.ok ? res.text() : ''; })
      .then(function (text) { token.value = text; })
      .catch(function () { /* offline: the comment will wait for a moderator */ });
  }

  // "Remember me": the server sets the warta_commenter cookie only when the
  // reader ticks the box; the form is filled from it here, in the browser,
  // so the page stays the same for everyone.
  var saved = null;
  document.cookie.split(';').forEach(function (part) {
    var eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === 'warta_commenter') {
      try {
        saved = new URLSearchParams(part.slice(eq + 1).trim());
      } catch (e) {
        saved = null;
      }
    }
  });
  if (saved) {
    ['name', 'email', 'url'].forEach(function (name) {
      var input = form.elements.namedItem(name);
      var value = saved.get(name);
      if (input && !input.value && value) {
        input.value = value;
      }
    });
    var remember = form.elements.namedItem('remember');
    if (remember) {
      remember.checked = true;
    }
  }
})();
