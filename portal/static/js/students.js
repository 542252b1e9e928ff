// Programme pickers: a text box that narrows a long <select> as you type. Without JavaScript the
// select still works on its own (and the profile page has a server-side filter).
(function () {
  "use strict";
  document.querySelectorAll("[data-filter-for]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-filter-for"));
    if (!select) return;
    input.closest(".programme-filter").hidden = false;
    var options = Array.prototype.slice.call(select.querySelectorAll("option"));
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      options.forEach(function (option) {
        if (!option.value) return;
        var match = !q || option.textContent.toLowerCase().indexOf(q) !== -1;
        option.hidden = !match;
        option.disabled = !match && !option.selected;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
    });
  });
})();
