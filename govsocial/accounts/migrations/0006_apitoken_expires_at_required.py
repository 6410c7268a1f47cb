from django.db import migrations, models


# Its own migration: on PostgreSQL, altering a table in the transaction that just updated its
# rows can fail with "pending trigger events".
class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_apitoken_expires_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
