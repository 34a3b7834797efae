// Shows the percentage (numerator / denominator) as it is typed; the server computes it too.
// Numbers are read as the server reads them (kla/formats.py parse_angka, docs/angka.md):
// "85,5" and "85.5" are 85.5, "1.250" is 1250, "1.250,5" is 1250.5. This is a preview only:
// what is stored is what the server reads.
(function () {
  "use strict";
  const format = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function groupsOk(text, mark) {
    const groups = text.split(mark);
    return groups.every(function (g) { return /^[0-9]+$/.test(g); }) &&
      groups[0].length <= 3 && groups.slice(1).every(function (g) { return g.length === 3; });
  }

  function parseAngka(raw) {
    const text = raw.trim();
    if (!/^[0-9.,]*[0-9][0-9.,]*$/.test(text)) { return NaN; }
    const dot = text.lastIndexOf("."), comma = text.lastIndexOf(",");
    if (dot >= 0 && comma >= 0) {
      const decimal = dot > comma ? "." : ",", thousands = decimal === "." ? "," : ".";
      const whole = text.slice(0, Math.max(dot, comma)), fraction = text.slice(Math.max(dot, comma) + 1);
      if (!groupsOk(whole, thousands) || !/^[0-9]+$/.test(fraction)) { return NaN; }
      return Number(whole.split(thousands).join("") + "." + fraction);
    }
    const mark = dot >= 0 ? "." : ",", parts = text.split(mark);
    if (parts.length === 1) { return Number(text); }
    if (parts.length > 2) { return groupsOk(text, mark) ? Number(parts.join("")) : NaN; }
    const grouped = parts[1].length === 3 && parts[0].length >= 1 && parts[0].length <= 3 && parts[0][0] !== "0";
    if (mark === "." && grouped) { return Number(parts.join("")); }
    if (!parts[1]) { return NaN; }
    return Number((parts[0] || "0") + "." + parts[1]);
  }

  function update(row) {
    const numerator = parseAngka(row.querySelector("[data-numerator]").value);
    const denominator = parseAngka(row.querySelector("[data-denominator]").value);
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
