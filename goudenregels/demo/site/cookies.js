/* Cookiemelding van de demowinkel: verdwijnt na 'Akkoord'. */
(function () {
  function start() {
    var banner = document.getElementById('cookie-banner');
    if (!banner) { return; }
    if (/(?:^|;\s*)consent=/.test(document.cookie)) { banner.hidden = true; return; }
    document.getElementById('cookie-akkoord').addEventListener('click', function () {
      document.cookie = 'consent=akkoord; path=/; max-age=15552000; SameSite=Lax';
      banner.hidden = true;
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
