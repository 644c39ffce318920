/* Cookiemelding: verbergen zodra er een keuze is gemaakt. */
(function () {
  function heeftKeuze() {
    return /(?:^|;\s*)consent=/.test(document.cookie);
  }
  function verberg(banner) {
    banner.hidden = true;
    banner.style.display = 'none';
  }
  function start() {
    var banner = document.getElementById('cookie-banner');
    if (!banner) { return; }
    if (heeftKeuze()) { verberg(banner); return; }
    banner.querySelectorAll('button[data-consent]').forEach(function (knop) {
      knop.addEventListener('click', function () {
        document.cookie = 'consent=' + knop.getAttribute('data-consent') +
          '; path=/; max-age=15552000; SameSite=Lax';
        verberg(banner);
      });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
