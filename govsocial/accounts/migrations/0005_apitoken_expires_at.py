import datetime

from django.db import migrations, models
from django.utils import timezone

# Tokens made before expiry existed get the default lifetime from the upgrade, not from their
# creation: scripts keep working for 90 days after the upgrade, and then need a new token.
GRACE = datetime.timedelta(days=90)


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + GRACE)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_group_role_mapping"),
    ]

    operations = [
        migrations.AlterModelOptions(name="apitoken", options={"ordering": ["-created_at", "-pk"]}),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
    ]
