"""Permission names the portal checks in code, as "app_label.codename", written once here.

The personal-identifiers permission belongs to enterprises (declared in Person's Meta) but every
app's admin and the exports check it; common names it as a plain string, so it still imports no
app of ours. Templates cannot import: they test `perms.enterprises.view_personal_identifiers`."""

# Exporting lists (CSV/XLSX); declared in common.ExportLog's Meta.
EXPORT_LISTS = "common.export_lists"
# NIK, phone, address and birth date: shown, searched, imported and exported only with this.
PERSONAL_IDENTIFIERS = "enterprises.view_personal_identifiers"
