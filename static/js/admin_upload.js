/* The admin's upload page: shows how far a large upload has got, then puts the server's answer in place. Without it the form posts as usual. */
(function () {
  "use strict";

  function focusResult(root) {
    var target = root.querySelector(".error-summary[data-focus]") || root.querySelector("h1");
    if (target) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }

  // The answer is a whole admin page (the preview, or the form with its errors): its breadcrumbs and
  // <main> replace ours, so the page reads as if it had been loaded.
  function showPage(page) {
    var incoming = page && page.querySelector("main#content-start");
    var current = document.querySelector("main#content-start");
    if (!incoming || !current) {
      return false;
    }
    var crumbs = page.querySelector(".breadcrumbs");
    var ourCrumbs = document.querySelector(".breadcrumbs");
    if (crumbs && ourCrumbs) {
      ourCrumbs.replaceWith(document.adoptNode(crumbs));
    }
    current.replaceWith(document.adoptNode(incoming));
    document.title = page.title;
    window.scrollTo(0, 0);
    focusResult(incoming);
    return true;
  }

  function upload(form) {
    var status = form.querySelector("[data-upload-status]");
    var bar = status.querySelector("progress");
    var message = form.querySelector("[data-upload-message]");
    var button = form.querySelector("[type=submit]");
    var announced = -1;

    function say(text) {
      message.textContent = text;
    }

    function fail(text) {
      status.hidden = true;
      button.disabled = false;
      say(text);
    }

    var xhr = new XMLHttpRequest();
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) {
        return;
      }
      var percent = Math.floor((100 * event.loaded) / event.total);
      bar.value = percent;
      bar.textContent = percent + " %";
      if (Math.floor(percent / 25) !== announced) {  // announce every quarter, not every event
        announced = Math.floor(percent / 25);
        say("Uploaded " + percent + " %.");
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.value = 100;
      say("Uploaded. Checking what the import would do; nothing is saved yet.");
    });
    xhr.addEventListener("load", function () {
      if (!showPage(xhr.response)) {
        fail("The server answered “" + xhr.status + " " + xhr.statusText + "”. Reload the page and try again.");
      }
    });
    xhr.addEventListener("error", function () {
      fail("The upload did not reach the server. Check the connection and try again.");
    });
    xhr.open("POST", form.action);
    xhr.responseType = "document";
    status.hidden = false;
    button.disabled = true;
    say("Uploading…");
    xhr.send(new FormData(form));
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var file = form.matches && form.matches("form[data-upload-progress]") && form.querySelector("input[type=file]");
    if (!file || !file.files.length || !window.FormData) {
      return;  // no file chosen: the server's own answer says so
    }
    event.preventDefault();
    upload(form);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary[data-focus]");
    if (summary) {
      summary.focus();
    }
  });
})();
