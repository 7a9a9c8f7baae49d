// Inside Telegram's Web App view: take Telegram's colours, and let its main button press the page's main action.
(function () {
  "use strict";
  var app = window.Telegram && window.Telegram.WebApp;
  if (!app) { return; }
  app.ready();
  app.expand();
  var theme = app.themeParams || {};
  var root = document.documentElement.style;
  if (theme.bg_color) { root.setProperty("--bg", theme.bg_color); }
  if (theme.text_color) { root.setProperty("--ink", theme.text_color); }
  if (theme.button_color) { root.setProperty("--brand", theme.button_color); }
  if (theme.hint_color) { root.setProperty("--muted", theme.hint_color); }
  var primary = document.querySelector("main .button.primary:not([disabled])");
  if (primary) {
    app.MainButton.setText(primary.textContent.trim());
    app.MainButton.show();
    app.MainButton.onClick(function () { primary.click(); });
  }
})();
