// Once django-otp-webauthn's script has saved a new security key, open the page that names it.
// The address comes from the page (a data attribute), with 0 standing for the key's number.
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const target = document.getElementById("security-key-added");
  if (target && event.detail && event.detail.id) {
    window.location.assign(target.dataset.nameUrl.replace("/0/", `/${encodeURIComponent(event.detail.id)}/`));
  }
});
