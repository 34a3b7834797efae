// Shows the percentage (numerator / denominator) as it is typed; the server computes it too.
(function () {
  "use strict";
  const format = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function update(row) {
    const numerator = parseFloat(row.querySelector("[data-numerator]").value);
    const denominator = parseFloat(row.querySelector("[data-denominator]").value);
    const output = row.querySelector("[data-percentage]");
    const valid = Number.isFinite(numerator) && Number.isFinite(denominator) && denominator > 0;
    output.textContent = valid ? format.format((numerator * 100) / denominator) + "%" : "–";
    output.classList.toggle("text-danger", valid && numerator > denominator);
  }

  document.querySelectorAll("[data-percentage-row]").forEach(function (row) {
    row.addEventListener("input", function () { update(row); });
    update(row);
  });
})();
