// warta.js: optional progressive enhancement. Every page works without it.
// 1. A video card is a plain link to the video; a click replaces the poster
//    with the provider's player, so no third party is contacted before that.
// 2. When the reader ticks "remember", the comment form's name, email and
//    website are kept in this browser (localStorage) and filled in next time.
(function () {
  'use strict';

  var players = ['https://www.youtube-nocookie.com/', 'https://player.vimeo.com/'];

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
    var frame = document.createElement('iframe');
    frame.src = src + (src.indexOf('?') === -1 ? '?' : '&') + 'autoplay=1';
    frame.title = link.getAttribute('data-title') || '';
    frame.allow = 'autoplay; encrypted-media; picture-in-picture';
    frame.allowFullscreen = true;
    frame.className = 'video-card-frame';
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  });

  var form = document.getElementById('commentform');
  if (!form) {
    return;
  }
  var key = 'warta.commenter';
  var fields = ['name', 'email', 'url'];
  var remember = form.elements.namedItem('remember');
  var store = null;
  try {
    store = window.localStorage;
  } catch (e) {
    return; // storage blocked: nothing to remember
  }
  var saved = null;
  try {
    saved = JSON.parse(store.getItem(key) || 'null');
  } catch (e) {
    saved = null;
  }
  if (saved) {
    fields.forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input && !input.value && typeof saved[name] === 'string') {
        input.value = saved[name];
      }
    });
    if (remember) {
      remember.checked = true;
    }
  }
  form.addEventListener('submit', function () {
    try {
      if (remember && remember.checked) {
        var data = {};
        fields.forEach(function (name) {
          var input = form.elements.namedItem(name);
          data[name] = input ? input.value : '';
        });
        store.setItem(key, JSON.stringify(data));
      } else {
        store.removeItem(key);
      }
    } catch (e) {
      // storage full or blocked: the comment is sent anyway
    }
  });
})();
