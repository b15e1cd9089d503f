// PolicyKB: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  // Confirm destructive forms.
  ready(function () {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
      });
    });
  });

  // Search: changing the mode re-runs the current query.
  ready(function () {
    var form = document.querySelector("form.search");
    if (!form) return;
    form.querySelectorAll("input[name=mode]").forEach(function (r) {
      r.addEventListener("change", function () { if (form.q.value.trim()) form.submit(); });
    });
  });

  // ---- upload: drag and drop, one request per file, live status by polling ----
  ready(function () {
    var form = document.getElementById("upload-form");
    if (!form) return;
    var zone = document.getElementById("dropzone");
    var input = document.getElementById("file");
    var list = document.getElementById("jobs");
    var api = form.getAttribute("data-api");
    var csrf = form.getAttribute("data-csrf");
    var maxBytes = parseInt(form.getAttribute("data-max"), 10);
    // the types the ingester reads (the picker's accept=): anything else is refused before upload
    var accepted = (form.getAttribute("data-accept") || "").split(",").filter(Boolean);
    var supported = form.getAttribute("data-supported") || "";
    var polling = {};

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;   // text only: never innerHTML with user data
      return e;
    }
    function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
    // the words for a processing job's stage (kb.models.JOB_STAGES; the same as upload.html)
    var STAGE_WORDS = {reading: "reading the file and finding its commitments", storing: "storing the document"};
    function elapsed(s) {
      if (s === null || s === undefined) return "";
      if (s < 60) return s + " s";
      var sec = s % 60;
      return Math.floor(s / 60) + " min " + (sec < 10 ? "0" : "") + sec + " s";
    }
    // a file the picker would not offer: an extension and a media type, neither of them supported
    // (a file with neither, e.g. "NOTES", goes to the server, which reads its bytes)
    function unsupported(file) {
      if (!accepted.length) return false;
      var dot = file.name.lastIndexOf(".");
      var ext = dot > 0 ? file.name.slice(dot).toLowerCase() : "";
      if (ext && accepted.indexOf(ext) >= 0) return false;
      if (file.type && accepted.indexOf(file.type) >= 0) return false;
      return Boolean(ext || file.type);
    }

    function row(name) {
      var empty = list.querySelector(".empty-jobs");
      if (empty) empty.remove();
      var li = el("li", "job st-queued");
      li.appendChild(el("span", "job-name", name));
      li.appendChild(el("span", "job-status", "Uploading…"));
      list.insertBefore(li, list.firstChild);
      return li;
    }

    function paint(li, job) {
      li.className = "job st-" + job.status;
      li.setAttribute("data-job", job.id);
      li.setAttribute("data-status", job.status);
      li.querySelector(".job-name").textContent = job.source_name;
      var st = li.querySelector(".job-status");
      st.textContent = "";
      if (job.status === "done" && job.duplicate) {
        st.appendChild(document.createTextNode("Already in the knowledge base — "));
        var a = el("a", "", "open it"); a.href = job.document_url; st.appendChild(a);
      } else if (job.status === "done") {
        st.appendChild(document.createTextNode("Done: " + plural(job.commitments, "commitment")));
        if (job.document_url) {
          st.appendChild(document.createTextNode(" — "));
          var b = el("a", "", "open"); b.href = job.document_url; st.appendChild(b);
        }
      } else if (job.status === "failed" || job.status === "dead" || job.status === "cancelled") {
        var label = job.status === "dead" ? "Gave up: " : job.status === "cancelled" ? "Cancelled: " : "Failed: ";
        st.appendChild(document.createTextNode(label + (job.reason || "unknown reason") + " "));
        if (job.retryable) {
          var btn = el("button", "small", "Retry");
          btn.type = "button";
          btn.setAttribute("data-retry", job.id);
          btn.addEventListener("click", function () { retry(li, job.id); });
          st.appendChild(btn);
        } else {
          st.appendChild(el("span", "muted small no-retry", "(the same file would fail again)"));
        }
      } else if (job.status === "processing") {
        st.appendChild(document.createTextNode("Processing… "));
        if (job.stage) {
          st.appendChild(el("span", "job-stage", STAGE_WORDS[job.stage] || job.stage));
          st.appendChild(document.createTextNode(" "));
        }
        st.appendChild(el("span", "job-elapsed", elapsed(job.elapsed_s)));
      } else {
        st.textContent = "Queued";
      }
    }

    function unfinished(job) { return job.status === "queued" || job.status === "processing"; }

    function render(li, job) {
      paint(li, job);
      if (unfinished(job)) poll(li, job.id);
    }

    function failRow(li, message) {
      li.className = "job st-failed";
      li.setAttribute("data-status", "failed");
      li.querySelector(".job-status").textContent = "Failed: " + message;
    }

    function poll(li, id) {
      if (polling[id]) return;
      polling[id] = true;
      var delay = 600;
      function tick() {
        fetch("/api/jobs/" + encodeURIComponent(id), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (job) {
            if (job.error) { delete polling[id]; failRow(li, job.error.message); return; }
            paint(li, job);
            if (unfinished(job)) { delay = Math.min(delay * 1.3, 3000); setTimeout(tick, delay); }
            else delete polling[id];
          })
          .catch(function () { setTimeout(tick, 3000); });
      }
      setTimeout(tick, delay);
    }

    function retry(li, id) {
      fetch("/api/jobs/" + encodeURIComponent(id) + "/retry", {
        method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf, "Accept": "application/json" }
      }).then(function (r) { return r.json(); }).then(function (job) {
        if (job.error) { failRow(li, job.error.message); return; }
        render(li, job);
      });
    }

    function upload(file) {
      var li = row(file.name);
      if (unsupported(file)) {
        failRow(li, "not a supported type. Supported types: " + supported + ".");
        return;
      }
      if (file.size > maxBytes) {
        failRow(li, "the file is larger than the " + Math.round(maxBytes / 1048576) + " MB limit per file");
        return;
      }
      var body = new FormData();
      body.append("file", file, file.name);
      // optional document details (title, published, issuing_body, kind) go with every file
      Array.prototype.forEach.call(form.querySelectorAll("[data-detail]"), function (el) {
        if (el.value.trim()) body.append(el.name, el.value.trim());
      });
      fetch(api, { method: "POST", body: body, credentials: "same-origin",
                   headers: { "X-CSRF-Token": csrf, "Accept": "application/json" } })
        .then(function (r) { return r.json().then(function (data) { return { status: r.status, data: data }; }); })
        .then(function (res) {
          if (res.data.error) { failRow(li, res.data.error.message); return; }
          var jobs = res.data.items || [];
          if (!jobs.length) { failRow(li, "nothing to process"); return; }
          render(li, jobs[0]);
          for (var i = 1; i < jobs.length; i++) render(row(jobs[i].source_name), jobs[i]);  // zip members
        })
        .catch(function () { failRow(li, "upload failed (network error)"); });
    }

    function handle(files) { Array.prototype.forEach.call(files, upload); }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (input.files.length) { handle(input.files); input.value = ""; }
    });
    input.addEventListener("change", function () {
      if (input.files.length) { handle(input.files); input.value = ""; }
    });
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (ev) { ev.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function (ev) { ev.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (ev) {
      if (ev.dataTransfer && ev.dataTransfer.files.length) handle(ev.dataTransfer.files);
    });
    // keyboard: the label is the visible control
    var label = zone.querySelector("label[for=file]");
    if (label) {
      input.tabIndex = -1;            // one tab stop: the visible "Choose files" control
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); input.click(); }
      });
    }

    // rows rendered by the server: keep polling unfinished ones, wire retry buttons
    list.querySelectorAll("li[data-job]").forEach(function (li) {
      var id = li.getAttribute("data-job");
      var status = li.getAttribute("data-status");
      if (status === "queued" || status === "processing") poll(li, id);
      var btn = li.querySelector("button[data-retry]");
      if (btn) btn.addEventListener("click", function (ev) { ev.preventDefault(); retry(li, id); });
    });
  });
})();
