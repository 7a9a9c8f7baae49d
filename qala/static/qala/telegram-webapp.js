// Inside Telegram: send the signed initData to Qala, which signs the resident in, then open the form.
(function () {
  "use strict";
  var box = document.getElementById("telegram-webapp");
  var failure = document.getElementById("webapp-error");
  function initData() {
    var app = window.Telegram && window.Telegram.WebApp;
    if (app && app.initData) { return app.initData; }
    // Telegram also passes it in the address; read it there when its script is not loaded.
    var hash = new URLSearchParams(window.location.hash.slice(1));
    return hash.get("tgWebAppData") || "";
  }
  function csrf() {
    var match = document.cookie.match(/csrftoken=([^;]+)/);
    return match ? match[1] : "";
  }
  var data = initData();
  if (!data) { failure.textContent = failure.dataset.fallback; failure.hidden = false; return; }
  fetch(box.dataset.session, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
    body: JSON.stringify({ init_data: data })
  }).then(function (response) {
    return response.json().then(function (body) { return { ok: response.ok, body: body }; });
  }).then(function (result) {
    if (result.ok) { window.location.replace(result.body.next); return; }
    failure.textContent = result.body.message || failure.dataset.fallback;
    failure.hidden = false;
  });
})();
