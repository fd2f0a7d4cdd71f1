"""Reference data of the internships, editable by superusers (IN1): diplomas, blocks, rates."""

from django.contrib import admin

from .models import CompetenceBlock, Diploma, GratificationRate


class CompetenceBlockInline(admin.TabularInline):
    model = CompetenceBlock
    extra = 0


@admin.register(Diploma)
class DiplomaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "practical_hours", "valid_from", "valid_until"]
    search_fields = ["code", "name"]
    inlines = [CompetenceBlockInline]


@admin.register(GratificationRate)
class GratificationRateAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "hourly_rate", "source"]
