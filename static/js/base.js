// On every page: small behaviours that would otherwise be inline handlers, which the
// Content-Security-Policy forbids (no 'unsafe-inline').
(function () {
  "use strict";
  // The language switcher in the footer submits as soon as a language is chosen.
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
