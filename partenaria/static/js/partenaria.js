// Small progressive enhancements; every page works without them.
document.addEventListener("change", function (event) {
  // Filters that submit themselves when a select changes (the button stays for keyboard users).
  const select = event.target.closest("select[data-autosubmit]");
  if (select && select.form) select.form.requestSubmit();
});
document.addEventListener("click", function (event) {
  // Destructive or legal acts ask for confirmation; the message says the consequence.
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
