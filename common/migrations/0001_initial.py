"""The export log moves from the project package to the shared base app.

The table keeps its name, so only Django's idea of where the model lives changes. Its content
type is renamed rather than created afresh, so the permissions already given to groups and users
(export_lists, view_exportlog) stay attached.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="umkm_portal", new="common"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    moving = ContentType.objects.using(db).filter(app_label=old, model="exportlog")
    if moving.exists():
        ContentType.objects.using(db).filter(app_label=new, model="exportlog").delete()
        moving.update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="common", new="umkm_portal")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("umkm_portal", "0001_export_log"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExportLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('username', models.CharField(help_text='Disimpan agar tetap terbaca.', max_length=150, verbose_name='nama pengguna')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='waktu')),
                        ('what', models.CharField(db_index=True, max_length=50, verbose_name='daftar')),
                        ('description', models.CharField(max_length=255, verbose_name='keterangan')),
                        ('file_format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'XLSX')], db_index=True, max_length=4, verbose_name='format')),
                        ('filters', models.JSONField(blank=True, default=dict, verbose_name='filter/pilihan')),
                        ('personal_included', models.BooleanField(db_index=True, default=False, verbose_name='memuat data pribadi')),
                        ('row_count', models.PositiveIntegerField(default=0, verbose_name='jumlah baris')),
                        ('finished', models.BooleanField(default=False, help_text='Tidak selesai bila unduhan terputus di tengah jalan.', verbose_name='selesai')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='pengguna')),
                    ],
                    options={
                        'verbose_name': 'catatan ekspor',
                        'verbose_name_plural': 'catatan ekspor',
                        'ordering': ['-created_at', '-id'],
                        'permissions': [('export_lists', 'Dapat mengekspor daftar (CSV/XLSX)')],
                        'db_table': 'umkm_portal_exportlog',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
