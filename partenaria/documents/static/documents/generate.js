// A generation takes a second or two: a second click while it runs would store a second version.
document.addEventListener("submit", function (event) {
  const form = event.target.closest("form[data-generate]");
  if (!form) return;
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  const button = form.querySelector("button[type=submit]");
  if (button) {
    button.setAttribute("aria-disabled", "true");
    button.classList.add("disabled");
    if (button.dataset.busy) button.textContent = button.dataset.busy;
  }
});
