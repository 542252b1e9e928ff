"""Enquiry forms go through the "Coordinator approval" workflow, as guides and news do.

``setup_roles`` attaches the workflow to /enquiries/ when it creates the workflow; a database
where the workflow exists already gets the assignment here, once (a section that has some other
workflow keeps it).
"""

from django.db import migrations

WORKFLOW_NAME = "Coordinator approval"  # editorial.roles.WORKFLOW_NAME


def enquiry_forms_need_approval(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    EnquiryIndexPage = apps.get_model("inbox", "EnquiryIndexPage")
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        return  # a new database: setup_roles assigns it with the workflow
    for section in EnquiryIndexPage.objects.all():
        WorkflowPage.objects.get_or_create(page_id=section.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("inbox", "0003_deliveries_and_enquiry_forms"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(enquiry_forms_need_approval, migrations.RunPython.noop),
    ]
