// What-if page: recompute on the server as answers change, without reloading the page.
// Progressive enhancement: without this script the form posts and the page re-renders.
// Only the rows the user touched are sent; the server treats the others as unchanged.
(function () {
  "use strict";
  var form = document.getElementById("form-simulasi");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var result = document.getElementById("hasil-simulasi");
  var status = document.getElementById("status-simulasi");
  var touched = new Set();
  var timer = null;
  var pending = null;

  function rowOf(element) {
    return element.closest("[data-row]");
  }

  function clearErrors() {
    form.querySelectorAll(".is-invalid").forEach(function (input) {
      input.classList.remove("is-invalid");
    });
    form.querySelectorAll(".js-error").forEach(function (message) {
      message.remove();
    });
  }

  function showErrors(errors) {
    Object.keys(errors).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (!input || !input.closest) {
        return;
      }
      input.classList.add("is-invalid");
      var cell = input.closest("td") || input.parentNode;
      errors[name].forEach(function (error) {
        var message = document.createElement("div");
        message.className = "invalid-feedback d-block js-error";
        message.textContent = error.message;
        cell.appendChild(message);
      });
    });
  }

  function body() {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
    touched.forEach(function (prefix) {
      var row = form.querySelector('[data-row="' + CSS.escape(prefix) + '"]');
      row.querySelectorAll("input[name], select[name]").forEach(function (input) {
        if (input.type !== "checkbox" || input.checked) {
          data.append(input.name, input.value);
        }
      });
    });
    return data;
  }

  function send() {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    status.textContent = form.dataset.msgBusy;
    fetch(form.dataset.scoreUrl, {
      method: "POST",
      body: body(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: pending.signal,
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (answer) {
        clearErrors();
        // A refused value leaves the last result in place: mark it (a border and the status line,
        // not dimmed text, which low-vision readers could no longer read) so it is not mistaken.
        result.classList.toggle("result-stale", !answer.ok);
        if (!answer.ok) {
          showErrors(answer.data.errors || {});
          status.textContent = form.dataset.msgInvalid;
          return;
        }
        result.innerHTML = answer.data.html;
        status.textContent = form.dataset.msgDone;
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          status.textContent = form.dataset.msgFailed;
        }
      });
  }

  function schedule(event) {
    var row = rowOf(event.target);
    if (!row) {
      return;
    }
    touched.add(row.dataset.row);
    window.clearTimeout(timer);
    timer = window.setTimeout(send, 350);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    send();
  });
})();
