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
