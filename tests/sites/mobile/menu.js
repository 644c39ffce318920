// The phone menu is built by script when the hamburger is tapped: it is in no HTML on load.
document.addEventListener('DOMContentLoaded', () => {
  const burger = document.querySelector('.burger');
  burger.addEventListener('click', () => {
    let menu = document.getElementById('phone-menu');
    if (menu) { menu.remove(); burger.setAttribute('aria-expanded', 'false'); return; }
    menu = document.createElement('nav');
    menu.id = 'phone-menu';
    menu.innerHTML = '<ul><li><a href="/fietsen.html">Fietsen</a></li>' +
      '<li><a href="/over-ons.html">Over ons</a></li>' +
      '<li><button type="button" class="open-sub" aria-expanded="false">Service en hulp</button>' +
      '<ul class="sub" hidden><li><a href="/klantenservice.html">Klantenservice</a></li>' +
      '<li><a href="/klachten.html">Een klacht melden</a></li></ul></li></ul>';
    document.body.appendChild(menu);
    burger.setAttribute('aria-expanded', 'true');
    const open = menu.querySelector('.open-sub');
    // The sub-menu answers a finger only, as some phone menus do: a script's click() does not
    // open it, so the menu probe must really touch it.
    open.addEventListener('pointerup', (e) => {
      if (e.pointerType !== 'touch') return;
      const sub = menu.querySelector('.sub');
      sub.hidden = !sub.hidden;
      open.setAttribute('aria-expanded', String(!sub.hidden));
    });
  });
  document.querySelector('#app-banner .close').addEventListener('click', () => {
    document.getElementById('app-banner').remove();
  });
});
