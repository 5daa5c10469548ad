/* FactsQuiz progressive enhancement: focus after htmx swaps, local times, the quiz timer. The site works without it. */
(function () {
  "use strict";

  // Strings come from Django's JavaScript catalogue (/jsi18n/, loaded before this file) in the page's language;
  // without it, English.
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var pgettext = window.pgettext || function (context, text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\(\w+\)s/g, function (match) { return String(values[match.slice(2, -2)]); });
  };

  function focusFirst(root) {
    var target = (root || document).querySelector("[data-focus]");
    if (target) {
      target.focus();
    }
  }

  // Dates: one format everywhere ("1 Dec 2026, 19:23", "1 déc. 2026, 19:23"), in the learner's time zone. The server renders
  // them so once it knows the zone (this cookie); until then the first page is corrected here.
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    zone = "";
  }
  if (zone && document.cookie.indexOf("tz=" + zone) === -1) {
    document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
  }

  function twoDigits(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function localTimes(root) {
    // The month abbreviations of the server's dates (Django's "M" in English, "N" in French).
    var months = [
      pgettext("abbrev. month", "Jan"), pgettext("abbrev. month", "Feb"), pgettext("abbrev. month", "Mar"),
      pgettext("abbrev. month", "Apr"), pgettext("abbrev. month", "May"), pgettext("abbrev. month", "Jun"),
      pgettext("abbrev. month", "Jul"), pgettext("abbrev. month", "Aug"), pgettext("abbrev. month", "Sep"),
      pgettext("abbrev. month", "Oct"), pgettext("abbrev. month", "Nov"), pgettext("abbrev. month", "Dec")
    ];
    (root || document).querySelectorAll("time[data-local]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when)) {
        var parts = {
          day: when.getDate(),
          month: months[when.getMonth()],
          year: when.getFullYear(),
          time: twoDigits(when.getHours()) + ":" + twoDigits(when.getMinutes())
        };
        el.textContent = el.hasAttribute("data-date-only")
          ? interpolate(gettext("%(day)s %(month)s %(year)s"), parts, true)
          : interpolate(gettext("%(day)s %(month)s %(year)s, %(time)s"), parts, true);
      }
    });
  }

  function describe(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var secondsText = interpolate(ngettext("%(count)s second", "%(count)s seconds", rest), {count: rest}, true);
    if (minutes >= 1) {
      var minutesText = interpolate(ngettext("%(count)s minute", "%(count)s minutes", minutes), {count: minutes}, true);
      // Translators: time left, e.g. "1 minute 59 seconds".
      return interpolate(gettext("%(minutes)s %(seconds)s"), {minutes: minutesText, seconds: secondsText}, true);
    }
    return secondsText;
  }

  function startTimer() {
    var el = document.querySelector("time[data-seconds-left]");
    if (!el) {
      return;
    }
    // Count from the server's figure, not the device clock, which may be wrong.
    var deadline = Date.now() + 1000 * (parseInt(el.getAttribute("data-seconds-left"), 10) + 1);
    var timer = window.setInterval(function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      el.textContent = describe(left);
      var asOf = el.parentNode.querySelector(".timer-asof");
      if (asOf) {
        asOf.textContent = "";  // counting live: the time of rendering no longer matters
      }
      if (left === 0) {
        window.clearInterval(timer);
        // The server closes the attempt; reloading shows the results.
        window.location.reload();
      }
    }, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes(document);
    startTimer();
    // A page that comes back with errors: focus the error summary, as GOV.UK does.
    var summary = document.querySelector(".error-summary[data-focus]");
    if (summary) {
      summary.focus();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var card = document.getElementById("question-card");
    localTimes(event.detail.elt);
    if (card && card.getAttribute("data-title")) {
      document.title = card.getAttribute("data-title");
    }
    focusFirst(card || event.detail.elt);
  });

  // A failed request inside the question card says so in the card, as the server's own errors do
  // (an error summary above the form, which stays, so the learner can send the answer again).
  function showInCard(event, message) {
    var card = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("#question-card") : null;
    if (!card) {
      return false;
    }
    var summary = card.querySelector(".error-summary[data-request-error]");
    if (!summary) {
      summary = document.createElement("div");
      summary.className = "error-summary";
      summary.setAttribute("role", "alert");
      summary.setAttribute("tabindex", "-1");
      summary.setAttribute("data-request-error", "");
      summary.appendChild(document.createElement("h2")).textContent = gettext("There is a problem");
      summary.appendChild(document.createElement("p"));
      var form = card.querySelector("form");
      card.insertBefore(summary, form && form.parentNode === card ? form : null);
    }
    summary.querySelector("p").textContent = message;
    summary.focus();
    return true;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var announcer = document.getElementById("quiz-announcer");
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var message = status === 404
      ? gettext("That item could not be found. Reload the page to carry on.")
      : status === 503
        ? gettext("FactsQuiz is unavailable for a moment, so your answer may not have been saved. Wait a few " +
          "seconds and send it again: an answer already recorded is kept, and counted once.")
        : gettext("Something went wrong and nothing was saved. Reload the page and try again.");
    if (announcer) {
      announcer.textContent = message;
    }
    if (!showInCard(event, message)) {
      window.alert(message);
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var message = gettext("The connection failed, so your answer may not have been saved. Check your " +
      "connection and send it again: an answer already recorded is kept, and counted once.");
    if (!showInCard(event, message)) {
      window.alert(gettext("The connection failed and nothing was saved. Check your connection and try again."));
    }
  });
})();
