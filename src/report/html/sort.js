(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table || !table.tHead || !table.tBodies[0]) { return; }
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  function key(row, i) {
    var cell = row.cells[i];
    return cell.getAttribute("data-sort") || cell.textContent;
  }
  function sortBy(i, dir) {
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      return dir * key(a, i).localeCompare(key(b, i), "en", { numeric: true }) ||
        key(a, 0).localeCompare(key(b, 0), "en", { numeric: true });
    });
    rows.forEach(function (row) { body.appendChild(row); });
    for (var j = 0; j < heads.length; j++) { heads[j].removeAttribute("aria-sort"); }
    heads[i].setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
  }
  function column(name) {
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].getAttribute("data-key") === name) { return i; }
    }
    return -1;
  }
  var hint = document.getElementById("sort-hint");
  if (hint) { hint.hidden = false; }
  Array.prototype.forEach.call(heads, function (th, i) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    button.title = "Sort by " + th.textContent.toLowerCase();
    button.addEventListener("click", function () {
      sortBy(i, th.getAttribute("aria-sort") === "ascending" ? -1 : 1);
    });
    th.textContent = "";
    th.appendChild(button);
  });
  function followHash() {
    var hash = location.hash.slice(1);
    var m = /^sort=(-?)([a-z]+)$/.exec(hash);
    if (m && column(m[2]) >= 0) { sortBy(column(m[2]), m[1] ? -1 : 1); return; }
    var target = hash && document.getElementById(hash);
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", followHash);
  followHash();
})();
