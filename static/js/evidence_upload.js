// Evidence upload with a progress bar (XMLHttpRequest upload events). The server answers JSON
// ({ok, message} or {ok: false, errors}); on success the evidence list is reloaded in place.
(function () {
  "use strict";

  function show(element, visible) {
    element.classList.toggle("d-none", !visible);
  }

  function setProgress(box, percent) {
    const bar = box.querySelector(".progress-bar");
    box.setAttribute("aria-valuenow", String(percent));
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
  }

  function showErrors(form, errors) {
    const box = form.querySelector("[data-upload-errors]");
    box.textContent = "";
    errors.forEach(function (text) {
      const line = document.createElement("div");
      line.textContent = text;
      box.appendChild(line);
    });
    show(box, errors.length > 0);
  }

  function reloadList(message) {
    const list = document.querySelector("[data-evidence-list]");
    return fetch(list.dataset.url, { headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        list.outerHTML = html;
        const note = document.createElement("div");
        note.className = "alert alert-success small";
        note.setAttribute("role", "status");
        note.textContent = message;
        document.querySelector("[data-evidence-list]").prepend(note);
      });
  }

  function upload(form) {
    const file = form.querySelector("input[type=file]").files[0];
    const maxBytes = Number(form.dataset.maxBytes);
    const texts = form.querySelector("[data-upload-errors]").dataset;
    if (file && maxBytes && file.size > maxBytes) {
      showErrors(form, [texts.tooLarge]);
      return;
    }
    const box = form.querySelector("[data-upload-progress]");
    const button = form.querySelector("button[type=submit]");
    const request = new XMLHttpRequest();
    showErrors(form, []);
    const bar = box.querySelector(".progress-bar");
    bar.style.transition = "";
    bar.classList.remove("bg-success");
    bar.classList.add("progress-bar-animated", "progress-bar-striped");
    setProgress(box, 0);
    show(box, true);
    button.disabled = true;
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        setProgress(box, Math.round((event.loaded * 100) / event.total));
      }
    });
    request.addEventListener("load", function () {
      button.disabled = false;
      let answer = null;
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = null; }
      if (request.status === 200 && answer && answer.ok) {
        const bar = box.querySelector(".progress-bar");
        bar.style.transition = "none";  // finished: show the full bar at once
        bar.classList.remove("progress-bar-animated", "progress-bar-striped");
        bar.classList.add("bg-success");
        setProgress(box, 100);
        form.reset();
        reloadList(answer.message);
        return;
      }
      show(box, false);
      showErrors(form, answer && answer.errors ? answer.errors : [texts.failed]);
    });
    request.addEventListener("error", function () {
      button.disabled = false;
      show(box, false);
      showErrors(form, [texts.offline]);
    });
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.send(new FormData(form));
  }

  // Delegated: replace forms live inside the list, which is swapped after each upload.
  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-evidence-upload]");
    if (!form) { return; }
    event.preventDefault();
    upload(form);
  });
})();
