// Hovering a numbered passage highlights its counterpart in the other article.
document.querySelectorAll("[data-linked]").forEach(function (root) {
  root.querySelectorAll("mark[data-n]").forEach(function (mark) {
    mark.addEventListener("mouseenter", function () {
      root.querySelectorAll('mark[data-n="' + mark.dataset.n + '"]').forEach(function (m) { m.classList.add("active"); });
    });
    mark.addEventListener("mouseleave", function () {
      root.querySelectorAll("mark.active").forEach(function (m) { m.classList.remove("active"); });
    });
  });
});
