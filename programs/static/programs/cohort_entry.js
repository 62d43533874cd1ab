// The cohort-entry screen (programs/admin_cohort.py), for the keyboard alone:
// NIK + Enter looks the person up; Enter or Tab moves through cells; Enter in the business name
// closes the row and puts the cursor in the next NIK; Esc cancels a row; Ctrl+S saves; rows
// pasted from a spreadsheet become pending rows, checked by the server (the import's validator).
// Without this file the grid is a plain form.
(function () {
  "use strict";
  var form = document.getElementById("cohort-form");
  var grid = document.getElementById("cohort-grid");
  var template = document.getElementById("cohort-row-template");
  if (!form || !grid || !template) return;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var text = form.dataset;
  var counter = 0;
  grid.querySelectorAll("tbody.cohort-row").forEach(function (row) {
    counter = Math.max(counter, Number(row.dataset.number) + 1);
  });

  function rowOf(element) { return element.closest("tbody.cohort-row"); }
  function cell(row, field) { return row.querySelector('[data-field="' + field + '"]'); }
  function cells(row) { return Array.prototype.slice.call(row.querySelectorAll("input.cell")); }
  // Hidden values a pasted row brought that no cell shows (birth place, address), sent with the row.
  function carried(row) { return Array.prototype.slice.call(row.querySelectorAll("input.carried")); }
  function isBlank(row) { return cells(row).every(function (input) { return !input.value.trim(); }); }

  function newRow(values) {
    var row = template.content.firstElementChild.cloneNode(true);
    var number = counter++;
    row.dataset.number = number;
    cells(row).concat(carried(row)).forEach(function (input) {
      input.name = input.name.replace("__n__", number);
      if (values && values[input.dataset.field]) input.value = values[input.dataset.field];
    });
    return row;
  }

  // The blank row after `row` (made if there is none), where the next person is entered.
  function nextBlank(row) {
    for (var next = row && row.nextElementSibling; next; next = next.nextElementSibling) {
      if (next.matches("tbody.cohort-row") && isBlank(next)) return next;
    }
    var blank = newRow();
    grid.appendChild(blank);
    return blank;
  }

  function focusNik(row) { var nik = cell(row, "nik"); nik.focus(); nik.select(); }

  function list(className, items, prefix) {
    var ul = document.createElement("ul");
    ul.className = className;
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = prefix ? prefix + " " + item : item;
      ul.appendChild(li);
    });
    return ul;
  }

  function setNotes(row, notes) {
    var td = row.querySelector("tr.row-notes td");
    td.textContent = "";
    if (notes.errors && notes.errors.length) td.appendChild(list("errorlist", notes.errors));
    if (notes.warnings && notes.warnings.length) td.appendChild(list("warninglist", notes.warnings, text.textWarning));
    if (notes.info && notes.info.length) td.appendChild(list("infolist", notes.info));
    row.classList.toggle("has-errors", Boolean(notes.errors && notes.errors.length));
  }

  function setState(row, label, state) {
    var td = row.querySelector("td.row-state");
    td.textContent = label || "";
    row.dataset.state = state || "";
  }

  function fill(row, values, overwrite) {
    Object.keys(values).forEach(function (field) {
      var input = cell(row, field);
      if (input && values[field] && (overwrite || !input.value.trim())) input.value = values[field];
    });
  }

  function post(url, body) {
    body.append("csrfmiddlewaretoken", csrf);
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  function showChecked(row, checked) {
    var labels = { orang_baru: text.textNew, orang_terdaftar: text.textKnown, sudah_peserta: text.textAlready };
    setState(row, labels[checked.action] || "", checked.action);
    var keep = row.dataset.info ? JSON.parse(row.dataset.info) : [];
    var pasted = row.dataset.pasted ? JSON.parse(row.dataset.pasted) : [];
    setNotes(row, { errors: checked.errors, warnings: checked.warnings.concat(pasted), info: keep });
  }

  // Checks the rows with the server (the import's validator) and shows each one's problems in place.
  function check(rows) {
    var body = new FormData();
    rows.forEach(function (row, index) {
      cells(row).concat(carried(row)).forEach(function (input) {
        body.append("row-" + index + "-" + input.dataset.field, input.value);
      });
    });
    return post(text.checkUrl, body).then(function (answer) {
      answer.rows.forEach(function (checked, index) { showChecked(rows[index], checked); });
    }).catch(function () { rows.forEach(function (row) { setNotes(row, { errors: [text.textFailed] }); }); });
  }

  // Every filled row, checked together so that the sentences number rows as the grid shows them
  // and a NIK entered twice is found.
  function checkAll() {
    var filled = Array.prototype.filter.call(grid.querySelectorAll("tbody.cohort-row"), function (row) {
      return !isBlank(row);
    });
    if (filled.length) check(filled);
  }

  function closeRow(row) {
    if (isBlank(row)) { focusNik(row); return; }
    focusNik(nextBlank(row));
    checkAll();
  }

  function lookup(row) {
    var nik = cell(row, "nik").value.trim();
    if (!nik) return;
    fetch(text.lookupUrl + "?nik=" + encodeURIComponent(nik), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (found) {
      if (found.error) {
        setNotes(row, { errors: [found.error] });
        focusNik(row);
        return;
      }
      if (found.known) {
        fill(row, found, true);
        var info = found.trainings.length ? [text.textTrainings + " " + found.trainings.join("; ")] : [];
        row.dataset.info = JSON.stringify(info);
        setState(row, found.in_program ? text.textAlready : text.textKnown, "known");
        setNotes(row, { info: info });
        closeRow(row);  // nothing left to type for a known person
      } else {
        fill(row, found, false);
        row.dataset.info = "[]";
        setState(row, text.textNew, "new");
        setNotes(row, {});
        cell(row, "full_name").focus();
      }
    }).catch(function () { setNotes(row, { errors: [text.textFailed] }); });
  }

  function cancelRow(row) {
    if (grid.querySelectorAll("tbody.cohort-row").length > 1) {
      var target = nextBlank(row);
      if (target !== row) {
        row.remove();
        focusNik(target);
        return;
      }
    }
    cells(row).concat(carried(row)).forEach(function (input) { input.value = ""; });
    row.dataset.pasted = "[]";
    setNotes(row, {});
    setState(row, "", "");
    focusNik(row);
  }

  grid.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input.cell")) return;
    var row = rowOf(input);
    if (event.key === "Escape") {
      event.preventDefault();
      cancelRow(row);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      var field = input.dataset.field;
      var all = cells(row);
      var position = all.indexOf(input);
      if (field === "nik") lookup(row);
      else if (field === "enterprise_name" || position === all.length - 1) closeRow(row);
      else all[position + 1].focus();
    }
  });

  grid.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input.cell")) return;
    var pasted = (event.clipboardData || window.clipboardData).getData("text");
    if (pasted.indexOf("\t") < 0 && pasted.trim().indexOf("\n") < 0) return;  // one cell: as usual
    event.preventDefault();
    var row = rowOf(input);
    var body = new FormData();
    body.append("paste", pasted);
    post(text.checkUrl, body).then(function (answer) {
      var before = isBlank(row) ? row : nextBlank(row);
      answer.rows.forEach(function (checked) {
        var added = newRow(checked.values);
        added.dataset.pasted = JSON.stringify(checked.notes || []);
        grid.insertBefore(added, before);
        showChecked(added, checked);
      });
      focusNik(before);
      checkAll();
    }).catch(function () { setNotes(row, { errors: [text.textFailed] }); });
  });

  document.addEventListener("keydown", function (event) {
    var save = (event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S" || event.key === "Enter");
    if (!save) return;
    event.preventDefault();
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });

  var start = grid.querySelector("tbody.cohort-row:last-of-type");
  if (start) focusNik(start);
})();
