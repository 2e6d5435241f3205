// cmsched operations pages: the viewer's time zone, and live updates by a short poll.
// Every page works without this script; it only saves reloads.
(function () {
  "use strict";
  var zoneCookie = "cmsched_tz";
  function cookie(name) {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })[0];
    return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
  }
  // First visit: the browser's zone (Intl) becomes the page's, remembered in a cookie.
  if (!cookie(zoneCookie) && window.Intl) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = zoneCookie + "=" + encodeURIComponent(zone) + "; path=/ops; max-age=31536000; samesite=strict; secure";
      if (document.querySelector("[data-zone-default]")) { location.reload(); return; }
    }
  }
  var main = document.getElementById("main");
  if (!main || !main.dataset.live || !window.fetch) { return; }
  var state = document.getElementById("live-state");
  var busy = false;
  function poll() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(main.dataset.live, { credentials: "same-origin", cache: "no-store" })
      .then(function (reply) { if (!reply.ok) { throw new Error("HTTP " + reply.status); } return reply.json(); })
      .then(function (live) {
        if (live.version === main.dataset.version) { return null; }
        return fetch(location.href, { credentials: "same-origin", cache: "no-store" }).then(function (reply) { return reply.text(); });
      })
      .then(function (html) {
        if (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("main");
          if (fresh) { main.replaceWith(fresh); main = fresh; }
        }
        if (state) { state.textContent = "up to date at " + new Date().toLocaleTimeString(); }
      })
      .catch(function (error) { if (state) { state.textContent = "updates paused: " + error.message; } })
      .then(function () { busy = false; });
  }
  setInterval(poll, 2000);
}());
