/* Dashboard charts: every <canvas data-chart-url> is drawn with Chart.js 4 from its JSON view
   (evaluations/dashboards/chart_views.py, django-chartjs). Colours come from CSS variables (--tier-* in app.css,
   --chart-* in dashboards.css) so a tier or a series looks the same on every page; numbers are
   written the Indonesian way (1.000,50). The same numbers are in each card's table. */
(function () {
  "use strict";

  const styles = getComputedStyle(document.documentElement);
  const FALLBACK = "#6c757d";

  function cssVar(name) {
    return styles.getPropertyValue(name).trim();
  }

  // "tier-madya" → --tier-madya; any other key → --chart-<key>.
  function colour(key) {
    return cssVar(key.startsWith("tier-") ? "--" + key : "--chart-" + key) || FALLBACK;
  }

  function withAlpha(hex, alpha) {
    const match = /^#([0-9a-f]{6})$/i.exec(hex);
    if (!match) return hex;
    const n = parseInt(match[1], 16);
    return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }

  function numbers(minPlaces, maxPlaces) {
    return new Intl.NumberFormat("id-ID", {
      minimumFractionDigits: minPlaces,
      maximumFractionDigits: maxPlaces,
    });
  }

  // The tier bands (500-600 Pratama, 601-700 Madya, ...) drawn behind the datasets.
  const tierBands = {
    id: "tierBands",
    beforeDatasetsDraw(chart, _args, options) {
      const bands = options.bands || [];
      const alpha = parseFloat(cssVar("--chart-band-alpha")) || 0.16;
      const { ctx, chartArea: area, scales } = chart;
      ctx.save();
      for (const band of bands) {
        const top = Math.max(scales.y.getPixelForValue(band.high), area.top);
        const bottom = Math.min(scales.y.getPixelForValue(band.low), area.bottom);
        if (bottom <= top) continue;
        ctx.fillStyle = withAlpha(colour("tier-" + band.code), alpha);
        ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
      }
      ctx.restore();
    },
  };

  // Lets tests and print wait for a chart that has really been drawn.
  const drawnMarker = {
    id: "drawnMarker",
    afterRender(chart) {
      chart.canvas.dataset.chartState = "drawn";
    },
  };

  function styled(dataset, line) {
    const main = colour(dataset.key);
    const border = cssVar("--chart-" + dataset.key + "-border") || main;
    const points = (dataset.pointKeys || []).map(colour);
    const style = line
      ? {
          borderColor: main,
          backgroundColor: main,
          borderWidth: 3,
          spanGaps: true,
          pointRadius: 6,
          pointHoverRadius: 8,
          pointBackgroundColor: points.length ? points : main,
          pointBorderColor: "#fff",
          pointBorderWidth: 2,
        }
      : {
          // A bar per tier takes the tier's colour when the dataset names one per point.
          backgroundColor: points.length ? points : main,
          borderColor: border,
          borderWidth: border === main ? 0 : 1,
          borderRadius: 2,
          maxBarThickness: 34,
        };
    return { label: dataset.label, data: dataset.data, ...style };
  }

  function legend(payload, exact) {
    const defaults = Chart.defaults.plugins.legend;
    return {
      position: "bottom",
      labels: {
        boxWidth: 14,
        generateLabels(chart) {
          const items = defaults.labels.generateLabels(chart);
          for (const band of payload.bands) {
            const tier = colour("tier-" + band.code);
            items.push({
              text: `${band.name} ≥ ${exact.format(band.low)}`,
              fillStyle: withAlpha(tier, 0.45),
              strokeStyle: tier,
              lineWidth: 1,
              fontColor: Chart.defaults.color,
              hidden: false,
              band: true,
            });
          }
          return items;
        },
      },
      onClick(event, item, legendItem) {
        if (!item.band) defaults.onClick.call(this, event, item, legendItem);
      },
    };
  }

  // Ticks at the tier minimums make the thresholds readable on the axis itself.
  function bandTicks(payload) {
    const values = [payload.yMin, ...payload.bands.map((b) => b.low), payload.yMax];
    return [...new Set(values)]
      .filter((v) => v !== null && v >= payload.yMin && v <= payload.yMax)
      .sort((a, b) => a - b)
      .map((value) => ({ value }));
  }

  function config(payload) {
    const exact = numbers(payload.places, payload.places);
    const short = numbers(0, payload.places);
    const line = payload.type === "line";
    const valueAxis = payload.horizontal ? "x" : "y";
    const categoryAxis = payload.horizontal ? "y" : "x";
    const value = {
      stacked: payload.stacked,
      beginAtZero: true,
      title: { display: true, text: payload.units },
      // Counts (places 0) get whole-number ticks only: 0.5 steps would print "1, 1, 2, 2".
      ticks: { callback: (v) => short.format(v) },
    };
    if (payload.places === 0) value.ticks.precision = 0;
    if (payload.yMin !== null) value.min = payload.yMin;
    if (payload.yMax !== null) value.max = payload.yMax;
    if (payload.bands.length) value.afterBuildTicks = (axis) => (axis.ticks = bandTicks(payload));
    return {
      type: payload.type,
      data: { labels: payload.labels, datasets: payload.datasets.map((d) => styled(d, line)) },
      options: {
        indexAxis: payload.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          // A line's first and last years sit inside the plot, not on its edges.
          [categoryAxis]: {
            stacked: payload.stacked,
            grid: { display: false },
            offset: true,
            ticks: { autoSkip: !payload.horizontal }, // every OPD or kecamatan keeps its name
          },
          [valueAxis]: value,
        },
        plugins: {
          legend: legend(payload, short),
          tooltip: {
            callbacks: {
              title: (items) =>
                items.length ? payload.longLabels[items[0].dataIndex] || items[0].label : "",
              label: (item) => `${item.dataset.label}: ${exact.format(item.raw)}`,
            },
          },
          tierBands: { bands: payload.bands },
        },
      },
      plugins: [tierBands, drawnMarker],
    };
  }

  function showMessage(canvas, text) {
    const box = canvas.closest(".chart-box");
    const message = box.parentElement.querySelector("[data-chart-message]");
    box.classList.add("d-none");
    if (message) {
      message.textContent = text;
      message.classList.remove("d-none");
    }
    canvas.dataset.chartState = "empty";
  }

  async function draw(canvas) {
    let payload;
    // The page embeds each chart's data (json_script): no request of its own. The JSON view
    // (data-chart-url) serves the same data to other clients and is the fallback.
    const embedded = canvas.dataset.chartData && document.getElementById(canvas.dataset.chartData);
    try {
      if (embedded) {
        payload = JSON.parse(embedded.textContent);
      } else {
        const response = await fetch(canvas.dataset.chartUrl, {
          headers: { Accept: "application/json" },
        });
        if (!response.ok) throw new Error(String(response.status));
        payload = await response.json();
      }
    } catch (error) {
      showMessage(canvas, canvas.dataset.errorText || String(error));
      return;
    }
    if (payload.empty) {
      showMessage(canvas, payload.emptyText);
      return;
    }
    new Chart(canvas, config(payload));
  }

  // Charts size themselves to their box, but print.css changes the box without telling them
  // (Chart.js docs, "Printing resizable charts"): redraw for the paper and back.
  function resizeAll() {
    Object.values(Chart.instances).forEach((chart) => chart.resize());
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  window.matchMedia("print").addEventListener("change", resizeAll);

  // The box's height comes as data (no inline style: the Content-Security-Policy forbids it).
  document.querySelectorAll(".chart-box[data-height]").forEach(function (box) {
    box.style.height = box.dataset.height + "px";
  });
  document.querySelectorAll("canvas[data-chart-url]").forEach(draw);
})();
