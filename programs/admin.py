from django.contrib import admin

from programs.admin_views import ProgramListsMixin
from programs.exports import participant_export_actions, program_export_actions
from programs.models import Participant, Partner, Program


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["person", "enterprise", "cooperative"]
    fields = ["person", "enterprise", "cooperative", "status", "attendance_days", "certificate_number"]


@admin.register(Program)
class ProgramAdmin(ProgramListsMixin, admin.ModelAdmin):
    list_display = ["title", "start_date", "city", "theme", "quota", "publication_state", "registration_open"]
    list_filter = ["theme", "bidang", "publication_state", "registration_open", "target_group"]
    search_fields = ["title", "venue", "city"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["partners"]
    inlines = [ParticipantInline]
    actions = [*program_export_actions]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["person", "program", "status", "certificate_number"]
    list_select_related = ["person", "program"]
    list_filter = ["status"]
    search_fields = ["person__full_name", "=person__nik", "program__title", "certificate_number"]
    autocomplete_fields = ["program", "person", "enterprise", "cooperative"]
    show_full_result_count = False
    actions = [*participant_export_actions]
