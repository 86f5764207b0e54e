// gongkai web: small behaviours on top of htmx.  No inline scripts (the Content-Security-Policy forbids them);
// text from the server is inserted as text, never as markup.
(function () {
  "use strict";

  function flash(message, kind) {
    var area = document.getElementById("flash");
    if (!area) return;
    var div = document.createElement("div");
    div.className = "flash flash-" + (kind || "error");
    div.setAttribute("role", "alert");
    div.textContent = message;
    area.appendChild(div);
    window.setTimeout(function () { div.remove(); }, 12000);
  }

  // an error answer (401, 403, 404, 413 …): show its text, whatever the target was
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = "";
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
      text = (doc.body && doc.body.textContent || "").trim();
    } catch (e) { text = ""; }
    flash(text || ("请求失败（" + xhr.status + "）"), "error");
  });
  document.addEventListener("htmx:sendError", function () { flash("无法连接服务器，请检查网络后重试", "error"); });

  // the cell whose evidence is shown stays marked
  document.addEventListener("click", function (event) {
    var cell = event.target.closest && event.target.closest("table.official td[data-cell]");
    if (!cell) return;
    document.querySelectorAll("table.official td.selected").forEach(function (td) { td.classList.remove("selected"); });
    cell.classList.add("selected");
  });

  // a focused cell opens its evidence with Enter too (keyboard users)
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Enter") return;
    var cell = event.target.closest && event.target.closest("table.official td[data-cell]");
    if (cell) cell.click();
  });

  // forms that need a second thought (deleting a version)
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  document.addEventListener("click", function (event) {
    var back = event.target.closest && event.target.closest("a[data-back]");
    if (back && window.history.length > 1) { event.preventDefault(); window.history.back(); }
  });

  // a select that changes the filter at once (地区: the next level of regions appears)
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) select.form.requestSubmit();
  });

  // charts: a JSON description in data-chart, drawn with the vendored ECharts; tooltips are drawn on the
  // canvas (richText), so names from reports are never markup
  function yearsOption(spec) {
    return {
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 56, right: 24, top: 48, bottom: 32 },
      xAxis: { type: "category", data: spec.categories },
      yAxis: { type: "value", name: spec.unit || "", minInterval: 1 },
      series: spec.series.map(function (s) {
        return { name: s.name, type: s.type, stack: s.stack, data: s.data, connectNulls: true, barMaxWidth: 48 };
      })
    };
  }
  function rangesOption(spec) {
    var width = spec.high.map(function (h, i) { return Math.round((h - spec.low[i]) * 100) / 100; });
    return {
      animation: false,
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText",
        formatter: function (params) {
          var i = params[0].dataIndex;
          return spec.categories[i] + "\n" + spec.title + " " + spec.point[i] + "%（n = " + spec.n[i] + (spec.small[i] ? "，小样本" : "") + "）" +
            "\n95% 区间 " + spec.low[i] + "% – " + spec.high[i] + "%（排名依据：区间下限）";
        }
      },
      legend: { top: 0, data: ["95% 区间", spec.title] },
      grid: { left: 8, right: 32, top: 36, bottom: 24, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", inverse: true, data: spec.categories, axisLabel: { width: 260, overflow: "truncate" } },
      series: [
        { name: "下限", type: "bar", stack: "ci", data: spec.low, itemStyle: { color: "transparent" }, silent: true, barWidth: 12 },
        { name: "95% 区间", type: "bar", stack: "ci", data: width, itemStyle: { color: "#9ec5ec" }, barWidth: 12 },
        { name: spec.title, type: "scatter", data: spec.point, symbolSize: 9,
          itemStyle: { color: function (p) { return spec.small[p.dataIndex] ? "#b26a00" : "#8b1a1a"; } } }
      ]
    };
  }
  function drawCharts() {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-drawn")) return;
      var spec;
      try { spec = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
      if (spec.kind === "ranges") el.style.height = Math.max(160, 26 * spec.categories.length + 70) + "px";
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(spec.kind === "ranges" ? rangesOption(spec) : yearsOption(spec));
      el.setAttribute("data-drawn", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.addEventListener("DOMContentLoaded", drawCharts);
  document.addEventListener("htmx:afterSettle", drawCharts);

  // the crop of a PDF page is wider than the panel: scroll it so that the cell's box is in the middle
  function focusCrop(img) {
    var box = img.closest(".crop-scroll");
    var x = Number(img.dataset.x), scale = Number(img.dataset.scale);
    if (!box || !img.naturalWidth || !x || !scale) return;
    var shown = img.clientWidth / img.naturalWidth;
    box.scrollLeft = Math.max(0, x * scale * shown - box.clientWidth / 2);
  }
  function focusCrops() {
    document.querySelectorAll("img.crop[data-x]").forEach(function (img) {
      if (img.complete) focusCrop(img); else img.addEventListener("load", function () { focusCrop(img); }, { once: true });
    });
  }
  document.addEventListener("DOMContentLoaded", focusCrops);
  document.addEventListener("htmx:afterSettle", focusCrops);

  // upload: list the chosen files and say at once which are over the limits
  function describe(input) {
    var list = document.getElementById("chosen");
    if (!list) return;
    list.textContent = "";
    var maxFile = Number(input.dataset.maxFile), maxTotal = Number(input.dataset.maxTotal), maxFiles = Number(input.dataset.maxFiles);
    var total = 0;
    Array.prototype.forEach.call(input.files, function (file) {
      total += file.size;
      var li = document.createElement("li");
      li.textContent = file.name + "（" + (file.size / 1048576).toFixed(2) + " MiB）";
      if (file.size > maxFile) { li.className = "too-large"; li.textContent += " — 超过单个文件上限，将不会入库"; }
      list.appendChild(li);
    });
    var problem = "";
    if (input.files.length > maxFiles) problem = "一次最多 " + maxFiles + " 个文件，请分批上传";
    else if (total > maxTotal) problem = "合计 " + (total / 1048576).toFixed(1) + " MiB，超过一次上传的上限 " + (maxTotal / 1048576) + " MiB，请分批上传";
    input.setCustomValidity(problem);
    if (problem) { var li = document.createElement("li"); li.className = "too-large"; li.textContent = problem; list.appendChild(li); }
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[type=file][data-max-total]")) describe(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var drop = document.getElementById("drop");
    if (!drop) return;
    var input = drop.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; describe(input); }
    });
  });
})();
