/* Add a missed commitment by selecting its text in the document view.  Each passage's text sits in a
   span.ptext whose data-start is the passage's offset in the document's clean text, so the selection's
   offsets are data-start + the characters before it inside that span. */
(function () {
  "use strict";
  var form = document.getElementById("add-commitment");
  if (!form) { return; }

  function ptextOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    return el ? el.closest(".ptext") : null;
  }
  function offsetIn(container, node, offset) {
    var r = document.createRange();
    r.selectNodeContents(container);
    r.setEnd(node, offset);
    return r.toString().length;
  }
  function onSelect() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) { return; }
    var range = sel.getRangeAt(0);
    var a = ptextOf(range.startContainer), b = ptextOf(range.endContainer);
    if (!a || a !== b) { return; }      // a commitment lies within one paragraph
    var base = parseInt(a.getAttribute("data-start"), 10);
    var start = base + offsetIn(a, range.startContainer, range.startOffset);
    var end = base + offsetIn(a, range.endContainer, range.endOffset);
    if (end <= start) { return; }
    form.elements.start.value = start;
    form.elements.end.value = end;
    form.querySelector(".selected-text").textContent = range.toString();
    form.hidden = false;
  }
  document.addEventListener("mouseup", function () { setTimeout(onSelect, 0); });
  document.addEventListener("keyup", function (ev) { if (ev.shiftKey) { onSelect(); } });
  form.querySelector("[data-cancel]").addEventListener("click", function () { form.hidden = true; });
})();
