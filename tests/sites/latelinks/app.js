// The list of places comes from a data file, as many sites' scripts build their menus.
const response = await fetch("/locaties.json");
const places = await response.json();
const list = document.getElementById("locaties");
for (const place of places) {
  const item = document.createElement("li");
  item.innerHTML = `<a href="/${place.slug}.html">${place.name}</a>`;
  list.appendChild(item);
}
