// Suggestions under the search boxes: as you type, the titles of pages that start with your words
// (from /search/suggest/) fill a <datalist>; choosing one and pressing Enter opens that page.
// Without JavaScript the boxes are plain search fields, and the search page lists the same pages
// when nothing matches the words as typed.
(function () {
  "use strict";
  var MIN_LENGTH = 2;
  var DELAY_MS = 150;
  document.querySelectorAll("input[data-suggest]").forEach(function (input, n) {
    var list = document.createElement("datalist");
    list.id = "search-suggestions-" + n;
    input.after(list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    var urls = {};
    var timer = null;
    var latest = "";
    function fill(suggestions) {
      list.replaceChildren();
      urls = {};
      suggestions.forEach(function (s) {
        var option = document.createElement("option");
        option.value = s.title;
        option.label = s.type;
        list.appendChild(option);
        urls[s.title] = s.url;
      });
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < MIN_LENGTH || urls[q]) return;
      timer = setTimeout(function () {
        latest = q;
        fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), {
          headers: { Accept: "application/json" },
        })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) { if (latest === q) fill(data.suggestions || []); })
          .catch(function () {});
      }, DELAY_MS);
    });
    input.form.addEventListener("submit", function (event) {
      var url = urls[input.value.trim()];
      if (url) {
        event.preventDefault();
        window.location.assign(url);
      }
    });
  });
})();
