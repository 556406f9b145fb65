// Watching a story: redraw its claims and flags from the server-sent events.
(function () {
  var root = document.getElementById("watch");
  if (!root || !window.EventSource) { return; }
  var known = {};
  var shown = document.getElementById("watch-articles");
  root.querySelectorAll("[data-claim]").forEach(function (row) {
    known[row.dataset.claim] = row.querySelector(".status").textContent;
  });
  function cell(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) { node.className = className; }
    return node;
  }
  function statusBadge(value) { return cell("span", value, "status status-" + value); }
  function log(text) {
    var item = cell("li", new Date().toLocaleTimeString() + " — " + text);
    document.getElementById("watch-log").prepend(item);
  }
  var articles = parseInt(shown.textContent, 10);
  function draw(state) {
    if (articles !== null && state.articles !== articles) { log((state.articles - articles) + " article(s) joined: " + state.articles + " in all"); }
    articles = state.articles;
    document.getElementById("watch-articles").textContent = state.articles + " articles";
    var claims = document.getElementById("watch-claims");
    claims.replaceChildren();
    state.claims.forEach(function (claim) {
      var row = document.createElement("tr");
      row.dataset.claim = claim.claim_id;
      var status = document.createElement("td");
      status.appendChild(statusBadge(claim.status));
      row.append(cell("td", claim.statement), cell("td", claim.type), status);
      if (known[claim.claim_id] === undefined) { row.className = "is-new"; log("new claim (" + claim.status + "): " + claim.statement); }
      else if (known[claim.claim_id] !== claim.status) { row.className = "is-new"; log("now " + claim.status + ": " + claim.statement); }
      claims.appendChild(row);
    });
    known = {};
    state.claims.forEach(function (claim) { known[claim.claim_id] = claim.status; });
    var flags = document.getElementById("watch-flags");
    flags.replaceChildren();
    state.flags.forEach(function (flag) {
      var item = document.createElement("li");
      item.append(statusBadge(flag.status), document.createTextNode(" " + flag.note));
      flags.appendChild(item);
    });
    if (!state.flags.length) { flags.appendChild(cell("li", "no flags", "none")); }
    root.dataset.version = state.version;
  }
  var source = new EventSource("/api/stories/" + encodeURIComponent(root.dataset.story) + "/events");
  source.addEventListener("story", function (event) {
    var state = JSON.parse(event.data);
    if (state.version !== root.dataset.version) { draw(state); }
    document.getElementById("watch-status").textContent = "live";
  });
  source.addEventListener("gone", function () { document.getElementById("watch-status").textContent = "story merged or removed"; source.close(); });
  source.onerror = function () { document.getElementById("watch-status").textContent = "reconnecting…"; };
})();
