/* Hoofdmenu van De Spaak. Het menu staat niet in de HTML maar wordt
   hier opgebouwd zodra de pagina geladen is. */
document.addEventListener('DOMContentLoaded', function () {
  var items = [
    { tekst: 'Home', href: '/' },
    { tekst: 'Producten', href: '/producten.html' },
    { tekst: 'Klantenservice', href: '/klantenservice.html' },
    { tekst: 'Contact', href: '/contact.html' },
    { tekst: 'Over ons', href: '/over-ons.html' },
    { tekst: 'Winkelwagen', href: '/winkelwagen.html' }
  ];

  var nav = document.getElementById('hoofdmenu');
  if (nav) {
    var lijst = document.createElement('ul');
    var pad = window.location.pathname;
    items.forEach(function (item) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = item.href;
      a.textContent = item.tekst;
      if (pad === item.href || (item.href === '/' && pad === '/index.html')) {
        a.setAttribute('aria-current', 'page');
      }
      li.appendChild(a);
      lijst.appendChild(li);
    });
    nav.appendChild(lijst);
  }

  /* Verwijzingen in de tekst die pas met JavaScript een link worden:
     <span class="js-link" data-pagina="contact"> wordt een link naar /contact.html. */
  document.querySelectorAll('span.js-link[data-pagina]').forEach(function (el) {
    var a = document.createElement('a');
    a.href = '/' + el.getAttribute('data-pagina') + '.html';
    a.textContent = el.textContent;
    el.parentNode.replaceChild(a, el);
  });
});
