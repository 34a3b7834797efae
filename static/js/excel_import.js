// Excel template import with an upload progress bar, then a "checking rows" indicator while
// the server validates. The server answers with the result fragment, swapped in below the form;
// without JavaScript the form posts normally and the whole page comes back.
(function () {
  "use strict";
  const form = document.querySelector("form[data-template-import]");
  if (!form) { return; }
  const box = form.querySelector("[data-upload-progress]");
  const bar = box.querySelector(".progress-bar");
  const processing = form.querySelector("[data-processing]");
  const errors = form.querySelector("[data-upload-errors]");
  const result = document.querySelector("[data-import-result]");
  const button = form.querySelector("button[type=submit]");

  function show(element, visible) { element.classList.toggle("d-none", !visible); }
  function setProgress(percent) {
    box.setAttribute("aria-valuenow", String(percent));
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
  }
  function fail(text) {
    button.disabled = false;
    show(box, false);
    show(processing, false);
    errors.textContent = text;
    show(errors, true);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const request = new XMLHttpRequest();
    show(errors, false);
    setProgress(0);
    show(box, true);
    button.disabled = true;
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        setProgress(Math.round((progress.loaded * 100) / progress.total));
      }
    });
    request.upload.addEventListener("load", function () {
      setProgress(100);
      show(processing, true);
    });
    request.addEventListener("load", function () {
      if (request.status !== 200) { fail(errors.dataset.failed); return; }
      button.disabled = false;
      show(processing, false);
      show(box, false);
      result.innerHTML = request.responseText;
      form.reset();
      result.querySelector("[data-testid=import-result]").scrollIntoView({ block: "nearest" });
    });
    request.addEventListener("error", function () { fail(errors.dataset.offline); });
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.send(new FormData(form));
  });
})();
