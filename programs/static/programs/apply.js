// Progressive enhancement only: the form works without this. When the desa list still holds every
// kecamatan (grouped), show only the group of the kecamatan chosen.
(function () {
  var kecamatan = document.getElementById("id_kecamatan");
  var desa = document.getElementById("id_desa");
  if (!kecamatan || !desa || !desa.querySelector("optgroup")) return;
  function narrow() {
    var chosen = kecamatan.options[kecamatan.selectedIndex];
    var name = chosen && chosen.value ? chosen.text : null;
    desa.querySelectorAll("optgroup").forEach(function (group) {
      var show = !name || group.label === name;
      group.hidden = !show;
      group.disabled = !show;
    });
    var selected = desa.options[desa.selectedIndex];
    if (selected && selected.parentNode.disabled) desa.value = "";
  }
  kecamatan.addEventListener("change", narrow);
  narrow();
})();
