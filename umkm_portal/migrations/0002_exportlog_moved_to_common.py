from django.db import migrations


class Migration(migrations.Migration):
    """ExportLog now lives in the `common` app (same table); forget it here without touching the
    database."""

    dependencies = [
        ("umkm_portal", "0001_export_log"),
        ("common", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ExportLog")],
            database_operations=[],
        ),
    ]
