/* The review queue, keyboard first: j/k move, a accepts, f or e opens the fix form (Enter saves,
   Esc cancels), r rejects.  Each action is one call to the JSON API with the session's CSRF token;
   the record is then marked done and the next one comes into view. */
(function () {
  "use strict";
  var queue = document.getElementById("review-queue");
  if (!queue) { return; }
  var csrf = queue.getAttribute("data-csrf");
  var items = Array.prototype.slice.call(queue.querySelectorAll(".review-item"));

  function current() { return queue.querySelector(".review-item.current") || items[0]; }
  function select(item) {
    if (!item) { return; }
    items.forEach(function (i) { i.classList.remove("current"); });
    item.classList.add("current");
    var paragraph = item.querySelector("details");   // the sentence in its paragraph, in view
    if (paragraph) { paragraph.open = true; }
    item.scrollIntoView({ block: "center" });
    item.focus({ preventScroll: true });
  }
  function move(step) {
    var at = items.indexOf(current());
    var next = items[Math.min(items.length - 1, Math.max(0, at + step))];
    select(next);
  }
  function nextOpen(item) {
    var at = items.indexOf(item);
    for (var i = at + 1; i < items.length; i++) { if (!items[i].classList.contains("done")) { return items[i]; } }
    return null;
  }
  function call(method, url, body) {
    return fetch(url, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error((data.error && data.error.message) || ("HTTP " + r.status)); }
        return data;
      });
    });
  }
  function done(item, word, row) {
    item.classList.remove("fixing");
    item.classList.add("done");
    item.querySelector(".outcome").textContent = word;
    if (row) {
      item.querySelector(".field-actor").textContent = row.actor;
      item.querySelector(".field-action").textContent = row.action;
      item.querySelector(".field-target").textContent = row.target || "(no target)";
    }
    var next = nextOpen(item);
    if (next) { select(next); }
  }
  function failed(item, err) { item.querySelector(".outcome").textContent = "Not saved: " + err.message; }

  function act(item, what) {
    var id = item.getAttribute("data-id");
    if (what === "accept") {
      call("POST", "/api/commitments/" + id + "/confirm").then(function (row) { done(item, "Accepted", row); },
        function (e) { failed(item, e); });
    } else if (what === "reject") {
      call("POST", "/api/commitments/" + id + "/reject").then(function () { done(item, "Rejected: not a commitment"); },
        function (e) { failed(item, e); });
    } else if (what === "fix") {
      item.classList.add("fixing");
      var first = item.querySelector("form.fix input[name=actor]");
      first.focus();
      first.select();
    } else if (what === "next") {
      move(1);
    }
  }

  items.forEach(function (item) {
    item.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-do]");
      if (b) { select(item); act(item, b.getAttribute("data-do")); }
    });
    var form = item.querySelector("form.fix");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name && el.value !== el.getAttribute("data-initial")) { body[el.name] = el.value; }
      });
      if (Object.keys(body).length === 0) { item.classList.remove("fixing"); select(item); return; }
      call("PATCH", "/api/commitments/" + item.getAttribute("data-id"), body)
        .then(function (row) { done(item, "Fixed: " + Object.keys(body).join(", "), row); }, function (e) { failed(item, e); });
    });
    form.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { item.classList.remove("fixing"); select(item); }
    });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") { return; }
    var item = current();
    var keys = { j: function () { move(1); }, k: function () { move(-1); }, a: function () { act(item, "accept"); },
                 r: function () { act(item, "reject"); }, f: function () { act(item, "fix"); }, e: function () { act(item, "fix"); } };
    var fn = keys[ev.key];
    if (fn) { ev.preventDefault(); fn(); }
  });
})();
