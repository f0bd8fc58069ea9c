// warta newsroom: live preview, autosave, slug hints and drag-and-drop
// uploads. Every form works without this file; it only adds comfort.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  // A slug as the server makes it, shown as the slug field's placeholder.
  function slugify(s) {
    return s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/['\u2019`]/g, "").replace(/(\d)[.,](?=\d)/g, "$1")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  }

  function post(url, body, csrf, accept) {
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Accept": accept || "text/html" }
    });
  }

  function editor(form) {
    var csrf = form.getAttribute("data-csrf");
    var body = form.querySelector("#f-body");
    var format = form.querySelector("#f-format");
    var preview = document.getElementById("preview");
    var title = form.querySelector("#f-title");
    var slug = form.querySelector("#f-slug");
    var status = document.getElementById("autosave-status");

    var refresh = debounce(function () {
      var fd = new FormData();
      fd.append("body", body.value);
      fd.append("format", format ? format.value : "markdown");
      post(form.getAttribute("data-preview"), fd, csrf).then(function (r) {
        return r.ok ? r.text() : null;
      }).then(function (html) {
        if (html !== null) { preview.innerHTML = html; }
      }).catch(function () {});
    }, 300);
    if (preview) {
      body.addEventListener("input", refresh);
      if (format) { format.addEventListener("change", refresh); }
    }

    if (slug && title) {
      var hint = function () { slug.placeholder = slugify(title.value); };
      title.addEventListener("input", hint);
      hint();
    }

    // The main button says what it will do: a publish time to come (the
    // field is year first, so text order is time order) makes it Schedule.
    var when = form.querySelector("#f-publish_at");
    var publish = document.getElementById("publish-button");
    if (when && publish) {
      var label = function () {
        var v = when.value.trim().replace("T", " ");
        publish.textContent = v !== "" && v > when.getAttribute("data-now") ?
          publish.getAttribute("data-schedule") : publish.getAttribute("data-publish");
      };
      when.addEventListener("input", label);
    }

    // Leaving with changes not yet saved asks first.
    var unsaved = false, leaving = false;
    form.addEventListener("input", function () { unsaved = true; });
    form.addEventListener("submit", function () { leaving = true; });
    window.addEventListener("beforeunload", function (e) {
      if (unsaved && !leaving) { e.preventDefault(); e.returnValue = ""; }
    });

    // The editing lock: renewed while the page is open; when another
    // writer takes it over, the page says so.
    var lock = form.getAttribute("data-lock");
    var lockStatus = document.getElementById("lock-status");
    if (lock && lockStatus) {
      setInterval(function () {
        post(lock, new FormData(), csrf, "application/json").then(function (r) {
          return r.json();
        }).then(function (res) {
          lockStatus.hidden = res.held;
          lockStatus.textContent = res.held ? "" : res.message;
        }).catch(function () {});
      }, 30000);
    }

    if (form.getAttribute("data-autosave") !== "1") { return; }
    var dirty = false, saving = false;
    var version = form.querySelector("input[name=version]");
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; saving = true; });
    setInterval(function () {
      if (!dirty || saving || !title.value.trim()) { return; }
      dirty = false;
      var fd = new FormData(form);
      fd.delete("featured_upload");
      fd.delete("status");
      post("/admin/autosave", fd, csrf, "application/json").then(function (r) {
        return r.json();
      }).then(function (res) {
        if (res.conflict) {
          saving = true; // stop: the deliberate save shows both versions
          status.textContent = status.getAttribute("data-conflict");
          return;
        }
        if (!res.saved) { return; }
        if (!res.pending) { unsaved = dirty; } // kept aside is not saved: leaving still asks
        if (version) { version.value = res.version; }
        form.querySelector("input[name=id]").value = res.id;
        if (form.getAttribute("action") !== res.action) {
          form.setAttribute("action", res.action);
          history.replaceState(null, "", res.action);
        }
        status.textContent = res.pending ? status.getAttribute("data-pending").replace("%s", res.at) :
          (document.documentElement.lang === "en" ? "Draft saved at " : "Draf tersimpan pukul ") + res.at;
      }).catch(function () { dirty = true; });
    }, 15000);
  }

  // Drop files on the upload zone: they go into the file input and the
  // form is sent as if the picker had been used.
  function dropZone(zone, input, form) {
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
      input.files = e.dataTransfer.files;
      if (form) { form.requestSubmit(); }
    });
  }

  // On a phone the navigation folds behind a menu button; without this
  // script it stays open.
  function menu() {
    var button = document.getElementById("menu-toggle");
    if (!button) { return; }
    button.hidden = false;
    document.documentElement.classList.add("menu-ready");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      document.documentElement.classList.toggle("menu-open", open);
    });
  }

  // Passkeys (WebAuthn): adding one on the profile, signing in with one.
  // Only where the browser offers them; the server sends the options and
  // checks the answers, both as JSON with binary fields in base64url.
  function fromB64u(s) {
    var b = atob(s.replace(/-/g, "+").replace(/_/g, "/")), a = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) { a[i] = b.charCodeAt(i); }
    return a.buffer;
  }
  function toB64u(buf) {
    var a = new Uint8Array(buf), s = "";
    for (var i = 0; i < a.length; i++) { s += String.fromCharCode(a[i]); }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function ids(list) {
    (list || []).forEach(function (c) { c.id = fromB64u(c.id); });
  }
  function credentialJSON(c) {
    var r = c.response, out = { id: c.id, rawId: toB64u(c.rawId), type: c.type,
      response: { clientDataJSON: toB64u(r.clientDataJSON) },
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {} };
    if (r.attestationObject) {
      out.response.attestationObject = toB64u(r.attestationObject);
      if (r.getTransports) { out.response.transports = r.getTransports(); }
    } else {
      out.response.authenticatorData = toB64u(r.authenticatorData);
      out.response.signature = toB64u(r.signature);
      if (r.userHandle) { out.response.userHandle = toB64u(r.userHandle); }
    }
    return out;
  }
  function askJSON(url, csrf, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", body: JSON.stringify(body || {}),
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json", "Content-Type": "application/json" }
    }).then(function (r) {
      return r.json().then(function (j) { if (!r.ok) { throw new Error(j.error || r.statusText); } return j; });
    });
  }
  function passkeyCeremony(box, error, optionsURL, answerURL, browser) {
    var csrf = box.getAttribute("data-csrf");
    error.hidden = true;
    return askJSON(optionsURL, csrf).then(function (o) {
      var pk = o.publicKey;
      pk.challenge = fromB64u(pk.challenge);
      if (pk.user) { pk.user.id = fromB64u(pk.user.id); }
      ids(pk.excludeCredentials);
      ids(pk.allowCredentials);
      return browser(pk).catch(function () { throw new Error(box.getAttribute("data-failed")); });
    }).then(function (c) {
      return askJSON(answerURL, csrf, credentialJSON(c));
    }).then(function (j) { window.location.assign(j.redirect); }, function (e) {
      error.textContent = e.message;
      error.hidden = false;
    });
  }
  function passkeys() {
    if (!window.PublicKeyCredential || !navigator.credentials) { return; }
    var add = document.getElementById("passkey-add");
    if (add) {
      document.getElementById("passkey-unsupported").hidden = true;
      add.hidden = false;
      add.addEventListener("submit", function (e) {
        e.preventDefault();
        var q = "?name=" + encodeURIComponent(add.querySelector("#f-passkey-name").value);
        passkeyCeremony(add, document.getElementById("passkey-add-error"),
          "/admin/profile/passkeys/options" + q, "/admin/profile/passkeys" + q,
          function (pk) { return navigator.credentials.create({ publicKey: pk }); });
      });
    }
    var login = document.getElementById("passkey-login");
    if (login) {
      login.hidden = false;
      document.getElementById("passkey-signin").addEventListener("click", function () {
        passkeyCeremony(login, document.getElementById("passkey-login-error"), "/admin/login/passkey/options",
          "/admin/login/passkey?next=" + encodeURIComponent(login.getAttribute("data-next")),
          function (pk) { return navigator.credentials.get({ publicKey: pk }); });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    menu();
    passkeys();
    var form = document.getElementById("editor");
    if (form) {
      editor(form);
      var up = form.querySelector("#f-featured_upload");
      if (up) { dropZone(up.closest("fieldset"), up, null); }
    }
    var upload = document.getElementById("upload");
    if (upload) { dropZone(document.getElementById("drop"), upload.querySelector("#f-file"), upload); }
  });
})();
