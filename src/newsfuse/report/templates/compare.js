// Side-by-side view of two articles with their shared passages highlighted.
// Article texts are set with textContent only: nothing from the data is parsed as HTML.
(function () {
  function highlight(container, text, passages, side) {
    container.textContent = "";
    var spans = passages.map(function (p, i) {
      return { start: p[side][0], end: p[side][1], kind: p.kind, n: i + 1 };
    }).sort(function (a, b) { return a.start - b.start; });
    var cursor = 0;
    spans.forEach(function (s) {
      var start = Math.max(s.start, cursor);
      if (s.end <= start) { return; }
      container.appendChild(document.createTextNode(text.slice(cursor, start)));
      var mark = document.createElement("mark");
      mark.className = s.kind;
      mark.dataset.n = String(s.n);
      mark.title = s.kind + " passage " + s.n;
      mark.textContent = text.slice(start, s.end);
      container.appendChild(mark);
      cursor = s.end;
    });
    container.appendChild(document.createTextNode(text.slice(cursor)));
  }
  function link(root) {
    root.querySelectorAll("mark").forEach(function (mark) {
      mark.addEventListener("mouseenter", function () {
        root.querySelectorAll('mark[data-n="' + mark.dataset.n + '"]').forEach(function (m) { m.classList.add("active"); });
      });
      mark.addEventListener("mouseleave", function () {
        root.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
      });
    });
  }
  function render(root, data) {
    var left = root.querySelector("select.left").value;
    var right = root.querySelector("select.right").value;
    var relation = data.relations.find(function (r) {
      return (r.source_id === left && r.target_id === right) || (r.source_id === right && r.target_id === left);
    });
    var passages = relation ? relation.passages : [];
    var leftSide = relation && relation.source_id === left ? "source_span" : "target_span";
    var rightSide = leftSide === "source_span" ? "target_span" : "source_span";
    highlight(root.querySelector(".text.left"), data.articles[left].text, passages, leftSide);
    highlight(root.querySelector(".text.right"), data.articles[right].text, passages, rightSide);
    root.querySelector(".relation").textContent = relation
      ? relation.kind + " — " + Math.round(relation.coverage * 100) + "% of the target shared, " + passages.length + " passages"
      : (left === right ? "the same article" : "no relation computed for this pair");
    link(root);
  }
  document.querySelectorAll("[data-compare]").forEach(function (root) {
    var data = JSON.parse(document.getElementById(root.dataset.compare).textContent);
    root.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { render(root, data); });
    });
    render(root, data);
  });
})();
